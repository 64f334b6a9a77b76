"""The first journey on moto: ask for a code, join, see my record, sign out, sign in again."""

from tests.support import last_code


def test_a_visitor_joins_signs_out_and_signs_in_again(client, outbox_path, clock):
    # Given a visitor with a mainland mobile number typed with spaces
    sent = client.post("/api/auth/code", {"contact": "138 0013 8000"})
    assert sent.status == 202
    assert sent.body["sent_to"] == "+86 138****8000"
    code = last_code(outbox_path, "+8613800138000")

    # When they join with the code
    joined = client.post(
        "/api/members",
        {"contact": "13800138000", "code": code, "name": "张姐", "confirms_age": True, "marketing_consent": True},
    )

    # Then they are a member with a session, and /api/me shows them
    assert joined.status == 201, joined.body
    assert joined.body["already_member"] is False
    client.session = joined.cookie("pp_session")
    me = client.get("/api/me")
    assert me.status == 200
    assert me.body["name"] == "张姐"
    assert me.body["contacts"] == [{"kind": "phone", "value": "+8613800138000"}]
    assert me.body["marketing"]["sms"]["granted"] is True

    # When they sign out, the same token no longer works
    assert client.post("/api/auth/logout").status == 200
    assert client.get("/api/me").status == 401

    # And they can sign in again with a new code, a minute later
    client.session = None
    clock.advance(seconds=61)
    assert client.post("/api/auth/code", {"contact": "+86 138-0013-8000"}).status == 202
    signed_in = client.post(
        "/api/auth/verify", {"contact": "13800138000", "code": last_code(outbox_path, "+8613800138000")}
    )
    assert signed_in.status == 200
    assert signed_in.body["member"]["name"] == "张姐"
    assert client.get("/api/me", session=signed_in.cookie("pp_session")).body["name"] == "张姐"


def test_a_member_joins_with_an_email_address_in_english(shop, outbox_path):
    from tests.support import ApiClient

    client = ApiClient(lang="en")
    assert client.post("/api/auth/code", {"contact": "Emma.Clarke@Example.com"}).status == 202
    message = [m for m in __import__("tests.support", fromlist=["outbox"]).outbox(outbox_path)][-1]
    assert message["channel"] == "email" and message["recipient"] == "emma.clarke@example.com"
    assert message["subject"]
    code = last_code(outbox_path, "emma.clarke@example.com")
    joined = client.post(
        "/api/members",
        {
            "contact": "emma.clarke@example.com",
            "code": code,
            "name": "Emma",
            "confirms_age": True,
            "birthday": {"calendar": "solar", "month": 2, "day": 29},
        },
    )
    assert joined.status == 201, joined.body
    assert joined.body["member"]["birthday"]["month"] == 2
    assert joined.body["member"]["lang"] == "en"


def test_joining_again_with_a_known_contact_signs_the_member_in(client, outbox_path, clock):
    from tests.support import join

    first = join(client, outbox_path, "13800138000", "+8613800138000", name="张姐")
    clock.advance(seconds=61)
    again = join(client, outbox_path, "13800138000", "+8613800138000", name="Someone else")
    assert again.status == 200
    assert again.body["already_member"] is True
    assert again.body["member"]["id"] == first.body["member"]["id"]
    assert again.body["member"]["name"] == "张姐"


def test_a_stranger_signing_in_is_told_to_join_and_the_code_still_works(client, outbox_path):
    client.post("/api/auth/code", {"contact": "13912345678"})
    code = last_code(outbox_path, "+8613912345678")
    refused = client.post("/api/auth/verify", {"contact": "13912345678", "code": code})
    assert refused.status == 404
    assert refused.body["error"] == "not_a_member"
    joined = client.post(
        "/api/members", {"contact": "13912345678", "code": code, "name": "王先生", "confirms_age": True}
    )
    assert joined.status == 201
