"""Bad input on every route: a clear 4xx, never a 5xx, and nothing written."""

from __future__ import annotations

import boto3
import pytest

from infra.template import routes, tables
from tests.support import join, outbox

BOOKING = {
    "store": "jingan",
    "date": "2030-05-12",
    "window": "10:00-12:00",
    "mode": "delivery",
    "items": [{"item_id": "c0", "quantity": 1}],
    "occasion": "mothers-day",
    "recipient": {
        "name": "李妈妈",
        "phone": "13912340000",
        "address": {
            "province": "上海市",
            "city": "上海市",
            "district": "静安区",
            "street": "南京西路1266号",
            "building_room": "2号楼 1201",
        },
        "save": True,
    },
    "card_message": "妈妈，节日快乐！",
    "options": {"anonymous": False, "no_call": True},
    "notes": "下午送到",
}
STAFF_BOOKING = BOOKING | {
    "customer": {"name": "赵女士", "phone": "13700001111"},
    "payment": {"status": "deposit", "method": "wechat-pay", "deposit": "50"},
}

CAMPAIGN = {
    "name": "母亲节早鸟",
    "segment_id": "sg0",
    "channel": "sms",
    "text_zh": "{{ name }}，母亲节预订开始了：{{ offer }}",
    "text_en": "{{ name }}, Mother's Day bookings are open: {{ offer }}",
    "offer": {"kind": "points", "multiplier": 2},
    "send_on": "2030-05-01",
    "holdout_percent": 10,
    "attribution_days": 14,
}

# A valid body per route: the starting point for each kind of damage.
VALID = {
    "POST /api/auth/code": {"contact": "13700000001", "purpose": "member"},
    "POST /api/members": {"contact": "13700000001", "code": "123456", "name": "张姐", "confirms_age": True},
    "POST /api/auth/verify": {"contact": "13700000001", "code": "123456"},
    "POST /api/auth/logout": {},
    "GET /api/me": None,
    "PATCH /api/me": {"name": "张三", "salutation": "张姐", "lang": "zh", "marketing": {"sms": True}},
    "POST /api/me/contacts": {"contact": "zhang@example.com", "code": "123456"},
    "GET /api/me/export": None,
    "DELETE /api/me": {"contact": "13800138000", "code": "123456"},
    "POST /api/optout": {"token": "bm90LWEtdG9rZW4.c2lnbmF0dXJl"},
    "GET /api/stores": None,
    "POST /api/staff/auth/verify": {"contact": "13900000001", "code": "123456"},
    "POST /api/staff/auth/logout": {},
    "GET /api/staff/me": None,
    "GET /api/staff/members": None,
    "GET /api/staff/members/{member_id}": None,
    "POST /api/staff/members/{member_id}/notes": {"text": "喜欢百合，不要香味太浓的"},
    "DELETE /api/staff/members/{member_id}": None,
    "GET /api/staff/staff": None,
    "POST /api/staff/staff": {"contact": "13900000009", "name": "小王", "role": "staff", "store": "jingan"},
    "PATCH /api/staff/staff/{staff_id}": {"name": "小周", "role": "staff", "store": "jingan", "active": True},
    "GET /api/staff/stores": None,
    "POST /api/staff/stores": {
        "name": "徐汇店",
        "address": "上海市徐汇区",
        "phone": "021-6400 0000",
        "hours": "9:00-21:00",
    },
    "PATCH /api/staff/stores/{store_id}": {"name": "静安店", "hours": "每天 9:00-22:00"},
    "GET /api/staff/stores/{store_id}/poster": None,
    "GET /api/me/points": None,
    "POST /api/staff/purchases/preview": {
        "lines": [{"category": "bouquet", "name": "红玫瑰", "quantity": 1, "unit_price": "299"}],
        "payment_method": "wechat-pay",
    },
    "POST /api/staff/purchases": {
        "lines": [{"category": "bouquet", "name": "红玫瑰", "quantity": 1, "unit_price": "299"}],
        "payment_method": "wechat-pay",
    },
    "GET /api/staff/purchases/{purchase_id}": None,
    "POST /api/staff/purchases/{purchase_id}/refunds": {"amount": "10", "reason": "花损"},
    "POST /api/staff/members/{member_id}/adjustments": {"points": 10, "reason": "补发"},
    "PUT /api/staff/members/{member_id}/tier": {"tier": "gold", "reason": "老顾客", "until": "2027-12-31"},
    "GET /api/staff/rules": None,
    "PUT /api/staff/rules": {"points_per_yuan": 1, "first_purchase_bonus": 100},
    "GET /api/me/rewards": None,
    "POST /api/me/rewards/{reward_id}/redemptions": {},
    "GET /api/me/coupons": None,
    "GET /api/me/coupons/{code}/qr": None,
    "GET /api/me/referral": None,
    "GET /api/me/referral/qr": None,
    "GET /api/staff/rewards": None,
    "POST /api/staff/rewards": {
        "name_zh": "玻璃花瓶",
        "name_en": "Glass vase",
        "kind": "gift",
        "points_cost": 800,
        "value": "0",
        "eligible_tiers": ["silver", "gold"],
        "stock": 20,
        "per_member_limit": 1,
        "valid_days": 60,
        "active": True,
    },
    "PATCH /api/staff/rewards/{reward_id}": {"name_zh": "花瓶", "points_cost": 900, "stock": 5, "active": False},
    "GET /api/staff/coupons/{code}": None,
    "GET /api/slots": None,
    "GET /api/catalog": None,
    "POST /api/me/bookings/quote": BOOKING,
    "POST /api/me/bookings": BOOKING,
    "GET /api/me/bookings": None,
    "GET /api/me/bookings/{booking_id}": None,
    "POST /api/me/bookings/{booking_id}/cancel": {},
    "GET /api/me/recipients": None,
    "POST /api/staff/bookings/quote": STAFF_BOOKING,
    "POST /api/staff/bookings": STAFF_BOOKING,
    "GET /api/staff/bookings": None,
    "GET /api/staff/bookings/{booking_id}": None,
    "POST /api/staff/bookings/{booking_id}/status": {"status": "cancelled", "reason": "顾客改期"},
    "POST /api/staff/bookings/{booking_id}/payment": {"status": "deposit", "method": "alipay", "deposit": "50"},
    "POST /api/staff/bookings/{booking_id}/photos": {"kind": "before"},
    "GET /api/staff/catalog": None,
    "POST /api/staff/catalog": {
        "kind": "bouquet",
        "name_zh": "粉玫瑰",
        "name_en": "Pink roses",
        "description_zh": "十九枝粉玫瑰",
        "description_en": "Nineteen pink roses",
        "price": "259",
        "illustration": "rose",
        "recipe": [{"variety": "rose-pink", "stems": 19}],
        "deliverable": True,
        "occasions": ["love"],
        "active": True,
    },
    "PATCH /api/staff/catalog/{item_id}": {"name_zh": "粉玫瑰", "price": "269", "active": False},
    "GET /api/staff/booking-rules": None,
    "PUT /api/staff/booking-rules": {"pickup_capacity": 8, "cutoff": "14:00", "hold_hours": 24},
    "GET /api/me/occasions": None,
    "POST /api/me/occasions": {
        "person": "妈妈",
        "relationship": "mother",
        "kind": "birthday",
        "label": "妈妈生日",
        "date": {"calendar": "lunar", "month": 8, "day": 15, "leap_month": False, "year": 1960},
        "remind_days": 7,
        "flowers": ["lily"],
        "recipient_id": "p0",
        "paused": False,
    },
    "PATCH /api/me/occasions/{occasion_id}": {"person": "妈妈", "remind_days": 10, "paused": True},
    "DELETE /api/me/occasions/{occasion_id}": None,
    "GET /api/me/plants": None,
    "POST /api/me/plants": {"guide": "pothos", "nickname": "客厅的绿萝", "acquired_on": "2026-05-01"},
    "POST /api/me/plants/{plant_id}/care": {"task": "water", "action": "snooze", "days": 3},
    "DELETE /api/me/plants/{plant_id}": None,
    "PUT /api/me/plant-digest": {"cadence": "weekly"},
    "GET /api/me/wallet": None,
    "POST /api/staff/topups": {"member_id": "m1", "amount": "1000", "method": "wechat-pay"},
    "GET /api/staff/members/{member_id}/wallet": None,
    "POST /api/staff/members/{member_id}/wallet/refund": {"reason": "搬家了"},
    "GET /api/staff/wallet-rules": None,
    "PUT /api/staff/wallet-rules": {"cap": "5000", "offers": [{"pay": "1000", "bonus": "150"}]},
    "POST /api/staff/subscriptions": {
        "member_id": "m1",
        "item_id": "c0",
        "count": 4,
        "cadence": "weekly",
        "store": "jingan",
        "window": "10:00-12:00",
        "mode": "delivery",
        "starts_on": "2099-01-01",
        "recipient": {"name": "王妈妈", "phone": "13912340000", "address": BOOKING["recipient"]["address"]},
        "card_message": "妈妈，本周的花",
        "family": True,
        "price": "399",
        "payment_method": "wechat-pay",
    },
    "GET /api/staff/members/{member_id}/subscriptions": None,
    "GET /api/staff/companies": None,
    "POST /api/staff/companies": {
        "name": "静安科技有限公司",
        "invoice_title": "上海静安科技有限公司",
        "tax_id": "91310106MA1FL1234X",
        "address": "上海市静安区南京西路1000号20楼",
        "contact_name": "刘女士",
        "contact_phone": "021-6288 1234",
        "discount_percent": 10,
        "credit_limit": "5000",
        "rebate_percent": 3,
        "members": ["m1"],
    },
    "GET /api/staff/companies/{company_id}": None,
    "PUT /api/staff/companies/{company_id}": {
        "name": "静安科技有限公司",
        "invoice_title": "上海静安科技有限公司",
        "tax_id": "91310106MA1FL1234X",
        "address": "上海市静安区南京西路1000号20楼",
        "contact_name": "刘女士",
        "contact_phone": "021-6288 1234",
    },
    "POST /api/staff/companies/{company_id}/orders": {
        "ordered_by": "m1",
        "lines": [{"category": "bouquet", "name": "前台花艺", "quantity": 1, "unit_price": "300"}],
    },
    "POST /api/staff/companies/{company_id}/payments": {"amount": "200", "month": "2026-11"},
    "PUT /api/staff/companies/{company_id}/employees": {
        "store": "jingan",
        "window": "10:00-12:00",
        "item_id": "c0",
        "days_ahead": 3,
        "card_message": "生日快乐！",
        "employees": [
            {"name": "员工甲", "phone": "13900000000", "address": BOOKING["recipient"]["address"], "month": 3, "day": 8}
        ],
    },
    "GET /api/staff/companies/{company_id}/employees": None,
    "POST /api/staff/companies/{company_id}/bulk-orders": {
        "store": "jingan",
        "rows": [
            {
                "recipient": {"name": "员工甲", "phone": "13900000000", "address": BOOKING["recipient"]["address"]},
                "date": "2030-03-08",
                "window": "10:00-12:00",
                "item_id": "c0",
                "quantity": 1,
                "card_message": "三八节快乐！",
            }
        ],
    },
    "GET /api/staff/companies/{company_id}/statements/{month}": None,
    "POST /api/statements/confirm": {"token": "bm90LWEtdG9rZW4.c2lnbmF0dXJl"},
    "GET /api/me/subscriptions": None,
    "POST /api/me/subscriptions/{subscription_id}/skip": {"date": "2030-05-12"},
    "POST /api/me/subscriptions/{subscription_id}/pause": {"paused": True},
    "PUT /api/me/subscriptions/{subscription_id}/recipient": {
        "recipient": {"name": "王妈妈", "phone": "13912340000", "address": BOOKING["recipient"]["address"]}
    },
    "GET /api/staff/outreach/plan": None,
    "GET /api/staff/outreach/sent": None,
    "GET /api/staff/outreach/holdouts": None,
    "GET /api/staff/segment-options": None,
    "GET /api/staff/segments": None,
    "POST /api/staff/segments": {
        "name": "母亲节老客",
        "criteria": {"festivals": ["mothers-day#2029"], "tags": ["爱百合"]},
    },
    "GET /api/staff/segments/{segment_id}": None,
    "PUT /api/staff/segments/{segment_id}": {"name": "金卡", "criteria": {"tiers": ["gold"]}},
    "POST /api/staff/segments/{segment_id}/count": {},
    "DELETE /api/staff/segments/{segment_id}": None,
    "GET /api/staff/segments/{segment_id}/members.csv": None,
    "GET /api/staff/campaigns": None,
    "POST /api/staff/campaigns/preview": CAMPAIGN,
    "POST /api/staff/campaigns": CAMPAIGN,
    "GET /api/staff/campaigns/{campaign_id}": None,
    "PUT /api/staff/campaigns/{campaign_id}": CAMPAIGN,
    "POST /api/staff/campaigns/{campaign_id}/confirm": {},
    "POST /api/staff/campaigns/{campaign_id}/cancel": {},
    "GET /api/staff/reports": None,
    "POST /api/staff/reports/census": {},
    "GET /api/me/feedback": None,
    "POST /api/me/feedback": {"subject": "purchase#p0", "rating": 5, "comment": "很新鲜"},
    "GET /api/feedback": None,
    "POST /api/feedback": {"token": "bm90LWEtdG9rZW4.c2lnbmF0dXJl", "rating": 4},
    "GET /api/staff/follow-ups": None,
    "POST /api/staff/follow-ups/{feedback_id}/close": {"note": "已致电道歉，补送一束"},
    "POST /api/staff/feedback/{feedback_id}/suggestion": {"accept": True},
    "PUT /api/staff/members/{member_id}/tags": {"tags": ["爱百合"]},
}
BODY_ROUTES = [key for key, body in VALID.items() if body is not None]


def test_every_template_route_has_a_bad_input_case():
    assert {route.route_key for route in routes()} == set(VALID)


def _items(shop) -> dict[str, int]:
    dynamodb = boto3.client("dynamodb")
    return {t.suffix: len(dynamodb.scan(TableName=t.name("test"))["Items"]) for t in tables()}


@pytest.fixture
def signed_in(team, outbox_path, clock):
    """One client holding a member's session and a manager's, so every route gets past access."""
    client = team.manager
    member = join(client, outbox_path, "13800138000", "+8613800138000")
    client.ids = {
        "member_id": member.body["member"]["id"],
        "staff_id": team.clerk_id,
        "store_id": team.store_id,
        "purchase_id": "p0",
        "reward_id": "r0",
        "code": "ABCDEFGH",
        "item_id": "c0",
        "booking_id": "b0",
        "occasion_id": "o0",
        "plant_id": "p0",
        "subscription_id": "s0",
        "company_id": "co0",
        "month": "2026-11",
        "segment_id": "sg0",
        "campaign_id": "cp0",
        "feedback_id": "f0",
    }
    clock.advance(seconds=61)
    return client


def _split(client, route_key: str) -> tuple[str, str]:
    method, path = route_key.split()
    return method, path.format(**client.ids)


def _damaged(body: dict) -> list[tuple[str, object]]:
    cases = [("unknown field", {**body, "balance": 100, "tier": "gold"}), ("not an object", ["x"])]
    for field, value in body.items():
        cases.append((f"{field}: wrong type", {**body, field: {"nested": [1, 2]}}))
        if isinstance(value, str):
            cases.append((f"{field}: 10,000 characters", {**body, field: "花" * 10_000}))
            cases.append((f"{field}: number", {**body, field: 12345}))
        else:
            cases.append((f"{field}: string", {**body, field: "yes please"}))
    return cases


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_damaged_bodies_get_a_422_naming_the_field_and_write_nothing(signed_in, shop, outbox_path, route_key):
    method, path = _split(signed_in, route_key)
    before, sent = _items(shop), len(outbox(outbox_path))
    for label, body in _damaged(VALID[route_key]):
        answer = signed_in.request(method, path, body)
        assert answer.status == 422, (label, answer.body)
        assert answer.body["error"] == "invalid_request"
        assert answer.body["message"] and answer.body["fields"], label
        assert all(f["message"] for f in answer.body["fields"])
    assert _items(shop) == before
    assert len(outbox(outbox_path)) == sent


@pytest.mark.parametrize(
    "route_key", [k for k, body in VALID.items() if body and k.startswith(("POST", "DELETE")) and "preview" not in k]
)
def test_a_body_without_its_required_fields_is_a_422(signed_in, shop, route_key):
    method, path = _split(signed_in, route_key)
    before = _items(shop)
    answer = signed_in.request(method, path, {})
    assert answer.status == 422
    assert {f["problem"] for f in answer.body["fields"]} == {"missing"}
    assert _items(shop) == before


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_malformed_json_is_a_400(signed_in, shop, route_key):
    method, path = _split(signed_in, route_key)
    before = _items(shop)
    for raw in (b'{"contact": ', b"\xff\xfe", b"{'single': 'quotes'}", b"NaN-ish"):
        answer = signed_in.request(method, path, raw=raw)
        assert answer.status == 400, (raw, answer.body)
        assert answer.body["error"] == "invalid_json"
    assert _items(shop) == before


@pytest.mark.parametrize("route_key", list(VALID))
def test_a_one_megabyte_body_is_a_413(signed_in, shop, route_key):
    method, path = _split(signed_in, route_key)
    before = _items(shop)
    answer = signed_in.request(method, path, raw=b'{"contact": "' + b"1" * 1_000_000 + b'"}')
    assert answer.status == 413
    assert answer.body["error"] == "too_large"
    assert _items(shop) == before


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_a_write_that_is_not_json_is_a_415(signed_in, shop, route_key):
    method, path = _split(signed_in, route_key)
    before = _items(shop)
    answer = signed_in.request(method, path, raw=b"contact=13700000001", headers={"content-type": "text/plain"})
    assert answer.status == 415
    form = signed_in.request(
        method, path, raw=b"contact=1", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status == 415
    assert _items(shop) == before


@pytest.mark.parametrize("query", ["", "q=", "q=" + "8" * 10_000, "q=a&q=b" * 3000])
def test_a_bad_search_is_a_4xx(signed_in, shop, query):
    before = _items(shop)
    answer = signed_in.get(f"/api/staff/members?{query}")
    assert 400 <= answer.status < 500, answer.body
    assert answer.body["message"]
    assert _items(shop) == before


@pytest.mark.parametrize("path", ["/api/staff/members/NOT-AN-ID", "/api/staff/members/" + "a" * 500])
def test_a_malformed_path_id_is_a_4xx(signed_in, path):
    answer = signed_in.get(path)
    assert answer.status in (404, 422)


def test_errors_speak_the_request_language(shop):
    from tests.support import ApiClient

    chinese = ApiClient(lang="zh-CN,zh;q=0.9").post("/api/auth/code", {"contact": "not a phone"})
    english = ApiClient(lang="en-GB,en;q=0.9").post("/api/auth/code", {"contact": "not a phone"})
    assert chinese.status == english.status == 400
    assert english.body["message"] == "Enter a mobile number or an email address."
    assert chinese.body["message"] != english.body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.body["message"])


def test_an_unexpected_error_is_a_500_with_a_fixed_body_and_no_details(client, monkeypatch, log_text):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail +8613800138000")

    monkeypatch.setattr("signup.app.request_code", broken)
    answer = client.post("/api/auth/code", {"contact": "13800138000"})
    assert answer.status == 500
    assert set(answer.body) == {"error", "message", "request_id"}
    assert "secret" not in str(answer.body)
    assert "RuntimeError" in log_text()
    assert "8613800138000" not in log_text()
