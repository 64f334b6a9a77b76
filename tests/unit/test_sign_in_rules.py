"""The sign-in promises of RELIABILITY.md: codes, limits, sessions and tokens."""

from __future__ import annotations

import base64
import json

import pytest

from tests.support import ApiClient, join, last_code, outbox

PHONE, E164 = "13800138000", "+8613800138000"


def ask(client, contact=PHONE):
    return client.post("/api/auth/code", {"contact": contact})


# --- one-time codes ---------------------------------------------------------------------------


def test_the_code_is_six_digits_and_only_its_keyed_hash_is_stored(client, outbox_path, shop):
    import boto3

    ask(client)
    code = last_code(outbox_path, E164)
    assert len(code) == 6 and code.isdigit()
    items = boto3.client("dynamodb").scan(TableName="test-AuthCodes")["Items"]
    stored = json.dumps(items)
    assert code not in stored
    assert E164 not in stored and "13800138000" not in stored


def test_a_code_expires_after_five_minutes(client, outbox_path, clock):
    ask(client)
    code = last_code(outbox_path, E164)
    join_with = {"contact": PHONE, "code": code, "name": "张姐", "confirms_age": True}
    clock.advance(minutes=5, seconds=1)
    expired = client.post("/api/members", join_with)
    assert expired.status == 400 and expired.body["error"] == "code_invalid"


def test_a_code_works_once(client, outbox_path):
    answer = join(client, outbox_path, PHONE, E164)
    assert answer.status == 201
    code = last_code(outbox_path, E164)
    again = client.post("/api/auth/verify", {"contact": PHONE, "code": code})
    assert again.status == 400 and again.body["error"] == "code_invalid"


def test_five_wrong_tries_kill_the_code(client, outbox_path):
    ask(client)
    code = last_code(outbox_path, E164)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert (
            client.post("/api/members", {"contact": PHONE, "code": wrong, "name": "x", "confirms_age": True}).status
            == 400
        )
    dead = client.post("/api/members", {"contact": PHONE, "code": code, "name": "张姐", "confirms_age": True})
    assert dead.status == 400 and dead.body["error"] == "code_invalid"


def test_a_code_is_bound_to_its_contact(client, outbox_path):
    ask(client)
    code = last_code(outbox_path, E164)
    other = client.post("/api/members", {"contact": "13912345678", "code": code, "name": "x", "confirms_age": True})
    assert other.status == 400


def test_resends_are_limited_per_minute_hour_and_day(client, clock):
    assert ask(client).status == 202
    assert ask(client).status == 429  # a second within 60 s
    for _ in range(4):
        clock.advance(seconds=61)
        assert ask(client).status == 202
    clock.advance(seconds=61)
    assert ask(client).status == 429  # 6th within the hour
    clock.advance(hours=1)
    for _ in range(5):
        assert ask(client).status == 202
        clock.advance(seconds=61)
    assert ask(client).status == 429  # 11th within the day
    clock.advance(days=1)
    assert ask(client).status == 202


def test_one_client_address_cannot_ask_for_codes_for_many_contacts(client, clock):
    from shop.settings import get_settings

    limit = get_settings().address_sends_per_hour
    answers = [ask(client, f"1390000{n:04d}").status for n in range(limit + 1)]
    assert answers[:limit] == [202] * limit
    assert answers[limit] == 429
    elsewhere = ApiClient(source_ip="198.51.100.9")
    assert ask(elsewhere, "13700000001").status == 202


def test_the_daily_sms_budget_stops_sending(client, monkeypatch, shop):
    from shop.settings import reset_settings

    monkeypatch.setenv("SMS_DAILY_BUDGET", "2")
    reset_settings()
    assert ask(client, "13700000001").status == 202
    assert ask(client, "13700000002").status == 202
    spent = ask(client, "13700000003")
    assert spent.status == 429 and spent.body["error"] == "code_budget_spent"
    assert ask(client, "someone@example.com").status == 202  # email is not SMS


def test_only_numbers_in_the_configured_countries_get_a_text(client):
    foreign = ask(client, "+44 7911 123456")
    assert foreign.status == 400 and foreign.body["error"] == "contact_not_allowed"
    landline = ask(client, "021 6888 8888")
    assert landline.status == 400


def test_asking_for_a_code_says_the_same_for_members_and_strangers(client, outbox_path, clock):
    join(client, outbox_path, PHONE, E164)
    clock.advance(seconds=61)
    client.session = None
    member = ask(client, PHONE)
    stranger = ask(client, "13912345678")
    assert member.status == stranger.status == 202
    assert member.body["message"].replace("138****8000", "") == stranger.body["message"].replace("139****5678", "")
    assert set(member.body) == set(stranger.body)


def test_asking_for_a_code_never_looks_up_membership(client, outbox_path, clock, monkeypatch):
    """Same time for members and strangers by construction: the path reads no member data."""
    join(client, outbox_path, PHONE, E164)
    clock.advance(seconds=61)

    def looked_up(*args, **kwargs):
        raise AssertionError("asking for a code looked up membership")

    for model in ("Contact", "Member"):
        for method in ("get", "query", "batch_get", "scan"):
            monkeypatch.setattr(f"shop.tables.{model}.{method}", looked_up)
    assert ask(client, PHONE).status == 202
    assert ask(client, "13912345678").status == 202


# --- sessions ---------------------------------------------------------------------------------


def test_the_session_cookie_is_httponly_secure_strict_and_scoped_to_the_api(client, outbox_path):
    answer = join(client, outbox_path, PHONE, E164)
    cookie = next(c for c in answer.cookies if c.startswith("pp_session="))
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
    assert "httponly" in attributes and "secure" in attributes
    assert attributes["samesite"].strip().lower() == "samesite=strict"
    assert attributes["path"].strip() == "Path=/api"


def test_the_token_is_also_accepted_as_a_bearer_header(client, outbox_path):
    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    client.session = None
    assert client.get("/api/me").status == 401
    assert client.get("/api/me", headers={"authorization": f"Bearer {token}"}).status == 200


def test_logout_ends_every_session_at_once(client, outbox_path, clock):
    first = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    clock.advance(seconds=61)
    ask(client)
    second = client.post("/api/auth/verify", {"contact": PHONE, "code": last_code(outbox_path, E164)})
    second_token = second.cookie("pp_session")
    assert client.post("/api/auth/logout", session=second_token).status == 200
    assert client.get("/api/me", session=first).status == 401
    assert client.get("/api/me", session=second_token).status == 401


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _parts(token: str) -> tuple[dict, dict, str]:
    header, body, signature = token.split(".")
    pad = lambda part: part + "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(pad(header))), json.loads(base64.urlsafe_b64decode(pad(body))), signature


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda h, b, s: f"{_b64({**h, 'alg': 'none'})}.{_b64(b)}.", id="alg-none"),
        pytest.param(lambda h, b, s: f"{_b64(h)}.{_b64({**b, 'sub': 'someone-else'})}.{s}", id="changed-body"),
        pytest.param(lambda h, b, s: f"{_b64(h)}.{_b64({**b, 'ver': b['ver'] + 1})}.{s}", id="changed-version"),
        pytest.param(lambda h, b, s: f"{_b64({**h, 'kid': 'unknown'})}.{_b64(b)}.{s}", id="unknown-key"),
        pytest.param(lambda h, b, s: f"{_b64(h)}.{_b64(b)}.{s[:-4]}AAAA", id="bad-signature"),
        pytest.param(lambda h, b, s: "not-a-token", id="garbage"),
    ],
)
def test_forged_tokens_are_refused(client, outbox_path, forge):
    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    header, body, signature = _parts(token)
    answer = client.get("/api/me", session=forge(header, body, signature))
    assert answer.status == 401


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"iss": "someone-else"}, id="wrong-issuer"),
        pytest.param({"exp": 1_000_000_000}, id="expired"),
        pytest.param({"nbf": 4_000_000_000}, id="not-yet-valid"),
        pytest.param({"role": "manager"}, id="role-is-not-member"),
    ],
)
def test_tokens_signed_with_our_key_but_wrong_claims_are_refused(client, outbox_path, claims):
    import jwt

    from shop.keys import keyring

    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    header, body, _ = _parts(token)
    key = keyring().derive("session", header["kid"])
    resigned = jwt.encode({**body, **claims}, key, algorithm="HS256", headers={"kid": header["kid"]})
    assert client.get("/api/me", session=resigned).status in (401, 403)


def test_an_expired_session_is_refused(client, outbox_path, clock):
    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    clock.advance(days=31)
    assert client.get("/api/me", session=token).status == 401


def test_sign_in_fails_closed_when_the_keys_cannot_be_read(client, outbox_path, monkeypatch):
    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    monkeypatch.setattr("shop.keys._read_key_file", lambda path: (_ for _ in ()).throw(OSError("no disk")))
    answer = client.get("/api/me", session=token)
    assert answer.status == 503


def test_sign_in_fails_closed_when_the_database_fails(client, outbox_path, monkeypatch):
    from pynamodb.exceptions import GetError

    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")

    def broken(*args, **kwargs):
        raise GetError("throttled")

    monkeypatch.setattr("shop.tables.Member.get", broken)
    answer = client.get("/api/me", session=token)
    assert answer.status >= 500
    assert answer.body == {
        "error": "internal",
        "message": answer.body["message"],
        "request_id": answer.body["request_id"],
    }


def test_no_log_line_holds_a_code_a_token_a_phone_or_an_email(client, outbox_path, log_text, clock, monkeypatch):
    token = join(client, outbox_path, PHONE, E164).cookie("pp_session")
    code = last_code(outbox_path, E164)
    client.post("/api/members", {"contact": "someone@example.com", "code": "000000", "name": "x", "confirms_age": True})
    client.get("/api/me", session="broken")
    monkeypatch.setattr("signup.app.members.get_member", lambda _: (_ for _ in ()).throw(RuntimeError(E164)))
    client.get("/api/me", session=token)  # an unexpected error whose text holds a phone number
    text = log_text()
    assert "unexpected error" in text
    for secret in (code, token, E164, PHONE, "someone@example.com"):
        assert secret not in text
    assert len(outbox(outbox_path)) == 1


def test_behind_cloudfront_the_viewer_address_is_the_one_limited(client, clock):
    from shop.settings import get_settings

    limit = get_settings().address_sends_per_hour
    viewer = {"cloudfront-viewer-address": "203.0.113.200:51234"}
    answers = [
        ApiClient(source_ip=f"10.0.0.{n}").post("/api/auth/code", {"contact": f"1390000{n:04d}"}, headers=viewer).status
        for n in range(limit + 1)
    ]
    assert answers[-1] == 429 and answers[:-1] == [202] * limit
    other_viewer = {"cloudfront-viewer-address": "[2001:db8::1]:443"}
    assert client.post("/api/auth/code", {"contact": "13700000099"}, headers=other_viewer).status == 202


def test_wrong_tries_and_lockouts_are_audited_without_the_code_or_the_contact(client, outbox_path, shop):
    import boto3

    ask(client)
    code = last_code(outbox_path, E164)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        client.post("/api/auth/verify", {"contact": PHONE, "code": wrong})
    entries = boto3.client("dynamodb").scan(TableName="test-Audit")["Items"]
    actions = [entry["action"]["S"] for entry in entries]
    assert actions.count("code.wrong") == 4 and actions.count("code.locked") == 1
    text = json.dumps(entries)
    for secret in (E164, PHONE, f'code": "{code}', f'"{wrong}"'):
        assert secret not in text
