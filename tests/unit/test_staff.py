"""Staff accounts, stores, the counter's search and card, and the QR poster."""

from __future__ import annotations

import pytest

from tests.support import ApiClient, join, last_code, sign_in_staff


def test_a_manager_adds_a_clerk_who_signs_in_with_a_code(team, outbox_path):
    added = team.manager.post(
        "/api/staff/staff", {"contact": "137 0000 1111", "name": "小王", "role": "staff", "store": team.store_id}
    )
    assert added.status == 201
    assert added.body["contact"] == "+8613700001111"
    clerk = ApiClient(source_ip="198.51.100.60")
    signed_in = sign_in_staff(clerk, outbox_path, "13700001111", "+8613700001111")
    assert signed_in.status == 200 and signed_in.body["staff"]["role"] == "staff"
    cookie = next(c for c in signed_in.cookies if c.startswith("pp_staff="))
    assert "Path=/api/staff" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert clerk.get("/api/staff/me").body["name"] == "小王"


def test_a_staff_contact_is_unique_and_the_store_must_exist(team):
    body = {"contact": "13900000002", "name": "重复", "role": "staff", "store": team.store_id}
    assert team.manager.post("/api/staff/staff", body).status == 409
    unknown = team.manager.post("/api/staff/staff", {**body, "contact": "13700002222", "store": "nowhere"})
    assert unknown.status == 422 and unknown.body["error"] == "unknown_store"


def test_a_stranger_gets_no_staff_session(team, outbox_path):
    stranger = ApiClient(source_ip="198.51.100.61")
    assert sign_in_staff(stranger, outbox_path, "13700003333", "+8613700003333").status == 404


def test_a_member_code_does_not_open_the_staff_portal(team, outbox_path, clock):
    clock.advance(seconds=61)
    someone = ApiClient(source_ip="198.51.100.62")
    someone.post("/api/auth/code", {"contact": "13900000002"})  # purpose: member
    answer = someone.post(
        "/api/staff/auth/verify", {"contact": "13900000002", "code": last_code(outbox_path, "+8613900000002")}
    )
    assert answer.status == 400


def test_changing_a_role_ends_the_sessions_and_is_audited(team):
    token = team.clerk.staff_session
    changed = team.manager.patch(f"/api/staff/staff/{team.clerk_id}", {"role": "manager"})
    assert changed.status == 200 and changed.body["role"] == "manager"
    assert team.clerk.get("/api/staff/me", staff_session=token).status == 401
    names = team.manager.get("/api/staff/staff").body["staff"]
    assert {s["name"] for s in names} == {"林店长", "小周"}


def test_managers_keep_stores_and_staff_read_them(team):
    opened = team.manager.post(
        "/api/staff/stores",
        {"name": "徐汇店", "address": "上海市徐汇区天钥桥路1号", "phone": "021-6400 1234", "hours": "每天 10:00-20:00"},
    )
    assert opened.status == 201
    store_id = opened.body["id"]
    assert (
        team.manager.patch(f"/api/staff/stores/{store_id}", {"hours": "每天 9:00-21:00"}).body["hours"]
        == "每天 9:00-21:00"
    )
    names = {s["name"] for s in team.clerk.get("/api/staff/stores").body["stores"]}
    assert names == {"静安店", "徐汇店"}
    assert {s["name"] for s in ApiClient().get("/api/stores").body["stores"]} == names
    assert team.manager.patch("/api/staff/stores/nowhere", {"hours": "x"}).status == 404


def test_the_poster_is_a_qr_code_of_the_join_page_with_the_store_and_the_clerk(team, monkeypatch):
    from shop.settings import reset_settings

    monkeypatch.setenv("SITE_URL", "https://flowers.example.cn")
    reset_settings()
    poster = team.clerk.get(f"/api/staff/stores/{team.store_id}/poster?by={team.clerk_id}")
    assert poster.status == 200
    assert poster.headers["Content-Type"] == "image/svg+xml"
    assert poster.body["text"].lstrip().startswith("<?xml") and "<svg" in poster.body["text"]
    me = team.clerk.get("/api/staff/me").body
    assert me["invite_url"] == f"https://flowers.example.cn/join/?store={team.store_id}&by={team.clerk_id}"
    assert team.clerk.get("/api/staff/stores/nowhere/poster").status == 404


def test_joining_from_a_poster_records_the_store_and_the_inviting_clerk(team, client, outbox_path):
    joined = join(client, outbox_path, "13800138000", "+8613800138000", store=team.store_id, invited_by=team.clerk_id)
    assert joined.body["member"]["home_store"] == {"id": team.store_id, "name": "静安店"}
    from shop.tables import Member

    assert Member.get(joined.body["member"]["id"]).invited_by == team.clerk_id


def test_an_unknown_store_or_clerk_on_the_join_link_is_ignored(shop, client, outbox_path):
    joined = join(client, outbox_path, "13800138000", "+8613800138000", store="nowhere", invited_by="tnobody")
    assert joined.status == 201 and joined.body["member"]["home_store"] is None


def test_a_second_contact_needs_its_own_code_and_must_be_of_the_other_kind(client, outbox_path, clock):
    join(client, outbox_path, "13800138000", "+8613800138000")
    assert client.post("/api/me/contacts", {"contact": "a@example.com", "code": "123456"}).status == 400
    client.post("/api/auth/code", {"contact": "a@example.com", "purpose": "member"})
    wrong_purpose = client.post(
        "/api/me/contacts", {"contact": "a@example.com", "code": last_code(outbox_path, "a@example.com")}
    )
    assert wrong_purpose.status == 400
    clock.advance(seconds=61)
    client.post("/api/auth/code", {"contact": "a@example.com", "purpose": "add-contact"})
    added = client.post(
        "/api/me/contacts", {"contact": "a@example.com", "code": last_code(outbox_path, "a@example.com")}
    )
    assert added.status == 201
    assert [c["kind"] for c in added.body["contacts"]] == ["phone", "email"]
    client.post("/api/auth/code", {"contact": "13912345678", "purpose": "add-contact"})
    third = client.post(
        "/api/me/contacts", {"contact": "13912345678", "code": last_code(outbox_path, "+8613912345678")}
    )
    assert third.status == 409 and third.body["error"] == "too_many_contacts"
    # the new contact signs the member in too
    clock.advance(seconds=61)
    other = ApiClient(source_ip="198.51.100.3")
    other.post("/api/auth/code", {"contact": "a@example.com"})
    assert (
        other.post(
            "/api/auth/verify", {"contact": "a@example.com", "code": last_code(outbox_path, "a@example.com")}
        ).status
        == 200
    )


def test_the_card_warns_first_and_gives_three_talking_points(team, client, outbox_path, clock):
    from datetime import timedelta

    from shop.dates import today

    soon = today() + timedelta(days=5)
    member_id = join(
        client,
        outbox_path,
        "13800138000",
        "+8613800138000",
        name="张三",
        salutation="张姐",
        birthday={"calendar": "solar", "month": soon.month, "day": soon.day},
    ).body["member"]["id"]
    client.patch(
        "/api/me",
        {
            "preferences": {"flowers": ["lily"], "colours": ["white"], "budget": "200-400"},
            "sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["cat"]},
        },
    )
    card = ApiClient(lang="zh")
    card.staff_session = team.clerk.staff_session
    body = card.get(f"/api/staff/members/{member_id}").body
    assert list(body)[:3] == ["id", "name", "salutation"]
    assert [w["value"] for w in body["warnings"]] == ["pollen", "cat"]
    assert len(body["talking_points"]) == 3
    assert "5" in body["talking_points"][0]  # the birthday comes first
    assert body["upcoming"] == [{"kind": "birthday", "date": soon.isoformat(), "days": 5}]


@pytest.mark.parametrize(
    "query,kind",
    [
        ("13800138000", "phone"),
        ("138-0013-8000", "phone"),
        ("8000", "last4"),
        ("zhang@example.com", "email"),
        ("张", "name"),
        ("张三", "name"),
        ("zs", "initials"),
        ("ZS", "initials"),
    ],
)
def test_staff_find_a_member_every_way(team, client, outbox_path, clock, query, kind):
    joined = join(client, outbox_path, "13800138000", "+8613800138000", name="张三")
    clock.advance(seconds=61)
    client.post("/api/auth/code", {"contact": "zhang@example.com", "purpose": "add-contact"})
    client.post(
        "/api/me/contacts", {"contact": "zhang@example.com", "code": last_code(outbox_path, "zhang@example.com")}
    )
    found = team.clerk.get(f"/api/staff/members?q={query}").body
    assert found["kind"] == kind
    assert [r["id"] for r in found["results"]] == [joined.body["member"]["id"]]
