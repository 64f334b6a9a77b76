"""Nobody reaches what is not theirs: members, staff and managers, route by route."""

from __future__ import annotations

import pytest

from infra.template import routes
from tests.support import ApiClient, join

STAFF_ONLY = [r for r in routes() if r.path.startswith("/api/staff/") and r.path != "/api/staff/auth/verify"]
MANAGER_ONLY = {
    "DELETE /api/staff/members/{member_id}",
    "GET /api/staff/staff",
    "POST /api/staff/staff",
    "PATCH /api/staff/staff/{staff_id}",
    "POST /api/staff/stores",
    "PATCH /api/staff/stores/{store_id}",
    "POST /api/staff/members/{member_id}/adjustments",
    "PUT /api/staff/members/{member_id}/tier",
    "PUT /api/staff/rules",
    "POST /api/staff/rewards",
    "PATCH /api/staff/rewards/{reward_id}",
    "POST /api/staff/catalog",
    "PATCH /api/staff/catalog/{item_id}",
    "PUT /api/staff/booking-rules",
    "GET /api/staff/outreach/plan",
    "GET /api/staff/outreach/sent",
    "GET /api/staff/outreach/holdouts",
    "POST /api/staff/members/{member_id}/wallet/refund",
    "PUT /api/staff/wallet-rules",
    "POST /api/staff/companies",
    "PUT /api/staff/companies/{company_id}",
    "POST /api/staff/companies/{company_id}/payments",
    "PUT /api/staff/companies/{company_id}/employees",
    "GET /api/staff/segment-options",
    "GET /api/staff/segments",
    "POST /api/staff/segments",
    "GET /api/staff/segments/{segment_id}",
    "PUT /api/staff/segments/{segment_id}",
    "POST /api/staff/segments/{segment_id}/count",
    "DELETE /api/staff/segments/{segment_id}",
    "GET /api/staff/segments/{segment_id}/members.csv",
    "GET /api/staff/campaigns",
    "POST /api/staff/campaigns/preview",
    "POST /api/staff/campaigns",
    "GET /api/staff/campaigns/{campaign_id}",
    "PUT /api/staff/campaigns/{campaign_id}",
    "POST /api/staff/campaigns/{campaign_id}/confirm",
    "POST /api/staff/campaigns/{campaign_id}/cancel",
    "POST /api/staff/reports/census",
}
BODIES = {
    "POST /api/staff/members/{member_id}/notes": {"text": "x"},
    "POST /api/staff/staff": {"contact": "13900000009", "name": "小王", "role": "staff", "store": "jingan"},
    "PATCH /api/staff/staff/{staff_id}": {"role": "manager"},
    "POST /api/staff/stores": {"name": "徐汇店", "address": "徐汇区", "phone": "021-1", "hours": "9-21"},
    "PATCH /api/staff/stores/{store_id}": {"hours": "24h"},
    "POST /api/staff/members/{member_id}/adjustments": {"points": 5, "reason": "x"},
    "PUT /api/staff/members/{member_id}/tier": {"tier": "gold", "reason": "x", "until": "2030-01-01"},
    "PUT /api/staff/rules": {},
    "POST /api/staff/rewards": {"name_zh": "花瓶", "name_en": "Vase", "kind": "gift", "points_cost": 500},
    "PATCH /api/staff/rewards/{reward_id}": {"active": False},
    "POST /api/staff/catalog": {
        "kind": "bouquet",
        "name_zh": "玫瑰",
        "name_en": "Roses",
        "price": "99",
        "illustration": "rose",
    },
    "PATCH /api/staff/catalog/{item_id}": {"active": False},
    "PUT /api/staff/booking-rules": {},
    "POST /api/staff/members/{member_id}/wallet/refund": {"reason": "x"},
    "PUT /api/staff/wallet-rules": {"cap": "5000", "offers": []},
    "POST /api/staff/companies/{company_id}/payments": {"amount": "1", "month": "2026-11"},
}


def fill(path: str, **values: str) -> str:
    """A route's path with its parameters filled in (ids that need not exist unless given)."""
    defaults = {"member_id": "m1", "staff_id": "x", "store_id": "jingan", "purchase_id": "p0", "reward_id": "r0"}
    defaults |= {"code": "ABCDEFGH", "item_id": "c0", "booking_id": "b0", "occasion_id": "o0"}
    defaults |= {"plant_id": "p0", "subscription_id": "s0", "company_id": "co0", "month": "2026-11"}
    defaults |= {"segment_id": "sg0", "campaign_id": "cp0", "feedback_id": "f0"}
    return path.format(**(defaults | values))


@pytest.fixture
def two_members(shop, outbox_path, clock):
    a, b = ApiClient(source_ip="198.51.100.1"), ApiClient(source_ip="198.51.100.2")
    join(a, outbox_path, "13800138000", "+8613800138000", name="张三")
    join(b, outbox_path, "13912345678", "+8613912345678", name="王五")
    a.patch("/api/me", {"preferences": {"flowers": ["lily"]}})
    b.patch("/api/me", {"preferences": {"flowers": ["rose"]}, "sensitive": {"consent": True, "pets": ["cat"]}})
    clock.advance(seconds=61)
    return a, b


def test_member_a_reads_changes_and_deletes_nothing_of_member_b(two_members, outbox_path):
    a, b = two_members
    b_before = b.get("/api/me").body
    # every member route acts on the session's own member: there is no way to name another
    assert a.get("/api/me").body["id"] != b_before["id"]
    assert a.patch("/api/me", {"name": "改名"}).status == 200
    assert a.get("/api/me/export").body["member"]["member_id"] != b_before["id"]
    assert a.patch("/api/me", {"id": b_before["id"], "name": "x"}).status == 422
    # B's contact cannot be added to A (the code would be B's), nor used to erase B
    a.post("/api/auth/code", {"contact": "13912345678", "purpose": "erase"})
    from tests.support import last_code

    code = last_code(outbox_path, "+8613912345678")
    assert a.delete("/api/me", {"contact": "13912345678", "code": code}).status == 404
    a.post("/api/auth/code", {"contact": "13912345678", "purpose": "add-contact"})
    code = last_code(outbox_path, "+8613912345678")
    assert a.post("/api/me/contacts", {"contact": "13912345678", "code": code}).status == 409
    # member routes with B's id in a staff path are staff routes: 403 for a member
    for route in STAFF_ONLY:
        path = fill(route.path, member_id=b_before["id"])
        answer = a.request(route.method, path, BODIES.get(route.route_key, {} if route.method != "GET" else None))
        assert answer.status == 403, route.route_key
    assert b.get("/api/me").body == b_before


def test_a_member_session_gets_403_on_every_staff_route(team, two_members):
    a, _ = two_members
    member_token = a.session
    for route in STAFF_ONLY:
        path = fill(route.path, staff_id=team.clerk_id, store_id=team.store_id)
        body = BODIES.get(route.route_key, {} if route.method in ("POST", "PATCH") else None)
        answer = a.request(route.method, path, body, headers={"authorization": f"Bearer {member_token}"})
        assert answer.status == 403, route.route_key


def test_a_staff_session_gets_403_on_every_manager_route_and_on_member_routes(team):
    for route in routes():
        if route.route_key not in MANAGER_ONLY:
            continue
        path = fill(route.path, staff_id=team.manager_id, store_id=team.store_id)
        answer = team.clerk.request(route.method, path, BODIES.get(route.route_key))
        assert answer.status == 403, route.route_key
    staff_token = team.clerk.staff_session
    assert team.clerk.get("/api/me", headers={"authorization": f"Bearer {staff_token}"}).status == 403


def test_a_disabled_clerk_is_signed_out_on_the_next_request(team):
    assert team.clerk.get("/api/staff/me").status == 200
    assert team.manager.patch(f"/api/staff/staff/{team.clerk_id}", {"active": False}).status == 200
    assert team.clerk.get("/api/staff/me").status == 401
    assert team.manager.patch(f"/api/staff/staff/{team.clerk_id}", {"active": True}).status == 200
    assert team.clerk.get("/api/staff/me").status == 401  # the old session stays ended


def test_a_disabled_clerk_cannot_sign_in(team, outbox_path, clock):
    from tests.support import sign_in_staff

    team.manager.patch(f"/api/staff/staff/{team.clerk_id}", {"active": False})
    clock.advance(seconds=61)
    answer = sign_in_staff(ApiClient(source_ip="198.51.100.50"), outbox_path, "13900000002", "+8613900000002")
    assert answer.status == 404


def test_staff_logout_ends_the_staff_session(team):
    token = team.clerk.staff_session
    assert team.clerk.post("/api/staff/auth/logout").status == 200
    assert team.clerk.get("/api/staff/me", staff_session=token).status == 401


def test_patch_me_refuses_balance_tier_role_and_unknown_fields_and_changes_nothing(two_members):
    a, _ = two_members
    before = a.get("/api/me").body
    for field, value in [
        ("balance", 100000),
        ("tier", "gold"),
        ("role", "manager"),
        ("token_version", 9),
        ("member_id", "x"),
        ("erased_at", None),
    ]:
        answer = a.patch("/api/me", {"name": "新名字", field: value})
        assert answer.status == 422, field
        assert answer.body["fields"][0]["field"] == field
    assert a.get("/api/me").body == before


def test_every_staff_read_of_a_card_and_every_change_is_audited(team, two_members):
    _, b = two_members
    member_id = b.get("/api/me").body["id"]
    team.clerk.get(f"/api/staff/members/{member_id}")
    team.clerk.post(f"/api/staff/members/{member_id}/notes", {"text": "喜欢玫瑰"})
    trail = team.manager.get(f"/api/staff/members/{member_id}").body["audit"]
    actions = [(entry["action"], entry["actor"]) for entry in trail]
    assert ("card.read", f"staff#{team.clerk_id}") in actions
    assert ("member.note_added", f"staff#{team.clerk_id}") in actions
    assert ("member.changed", "self") in actions
    assert "audit" not in team.clerk.get(f"/api/staff/members/{member_id}").body  # managers only


def test_staff_see_masked_contacts_and_managers_full_ones(team, two_members):
    _, b = two_members
    member_id = b.get("/api/me").body["id"]
    assert team.clerk.get(f"/api/staff/members/{member_id}").body["contacts"][0]["value"] == "+86 139****5678"
    assert team.manager.get(f"/api/staff/members/{member_id}").body["contacts"][0]["value"] == "+8613912345678"
    assert team.clerk.get("/api/staff/members?q=5678").body["results"][0]["phone"] == "+86 139****5678"
