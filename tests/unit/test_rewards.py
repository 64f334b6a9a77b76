"""Rewards, coupons, referrals, bonus events and the daily lapse job: their rules and refusals."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.support import ApiClient, join, travel_to

VASE = {"name_zh": "玻璃花瓶", "name_en": "Glass vase", "kind": "gift", "points_cost": 500, "stock": 2}
TWENTY_OFF = {"name_zh": "20元代金券", "name_en": "20 yuan off", "kind": "money-off", "points_cost": 300, "value": "20"}


@pytest.fixture
def shopfloor(team, client, outbox_path, clock):
    """A member with 1,100 points (a 1,000-yuan sale and the first-purchase bonus) and a sell()."""
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]

    def sell(yuan: str, key: str, member: str | None = member_id, coupon: str | None = None, category="bouquet"):
        body = {
            "member_id": member,
            "lines": [{"category": category, "name": "花束", "quantity": 1, "unit_price": yuan}],
            "payment_method": "wechat-pay",
        }
        if coupon:
            body["coupon"] = coupon
        return team.clerk.post("/api/staff/purchases", body, headers={"idempotency-key": key})

    assert sell("1000", "first").status == 201
    return member_id, sell, client


def add_reward(team, **fields) -> str:
    answer = team.manager.post("/api/staff/rewards", fields)
    assert answer.status == 201, answer.body
    return answer.body["id"]


def redeem(client, reward_id: str, key: str):
    return client.post(f"/api/me/rewards/{reward_id}/redemptions", {}, headers={"idempotency-key": key})


def test_a_member_takes_a_reward_for_points_and_gets_a_coupon_once_per_key(team, shopfloor, shop):
    _member_id, _sell, member = shopfloor
    vase = add_reward(team, **VASE)
    offered = member.get("/api/me/rewards").body
    assert offered["balance"] == 1100
    at_a_glance = member.get("/api/me").body["points"]  # GET /api/me carries the points summary too
    assert at_a_glance["balance"] == 1100 and at_a_glance["tier"]["key"] == "regular"
    assert at_a_glance["next_tier"]["remaining_fen"] == 200_000 - 100_000
    assert offered["rewards"][0] | {"available": True, "why_not": None, "taken": 0} == offered["rewards"][0]

    first = redeem(member, vase, "r1")
    assert first.status == 201
    coupon = first.body["coupon"]
    assert first.body["balance"] == 600 and coupon["status"] == "issued" and len(coupon["code"]) == 8
    assert not set(coupon["code"]) & set("01OIL")
    assert redeem(member, vase, "r1").body == first.body  # the same key: the same answer

    import boto3

    boto3.client("dynamodb").delete_table(TableName=next(t for t in _tables() if t.endswith("Idempotency")))
    from infra.dynamodb import create_tables

    create_tables("test")  # the idempotency records are gone: the ledger still knows the redemption
    again = redeem(member, vase, "r1")
    assert again.body["coupon"]["code"] == coupon["code"] and again.body["balance"] == 600
    points = member.get("/api/me/points").body
    assert points["balance"] == 600
    assert [line["kind"] for line in points["history"]].count("reward") == 1
    taken = next(line for line in points["history"] if line["kind"] == "reward")
    assert taken["rules"][0]["name_en"] == "Glass vase"  # an English page names it in English
    assert member.get("/api/me/coupons").body["coupons"][0]["code"] == coupon["code"]
    assert team.clerk.get("/api/staff/rewards").body["rewards"][0]["stock"] == 1


def _tables() -> list[str]:
    import boto3

    return boto3.client("dynamodb").list_tables()["TableNames"]


def test_stock_limits_tiers_points_and_withdrawn_rewards_are_refused(team, shopfloor):
    _member_id, _sell, member = shopfloor
    vase = add_reward(team, **VASE | {"per_member_limit": 1})
    gold_only = add_reward(team, **TWENTY_OFF | {"eligible_tiers": ["gold"]})
    dear = add_reward(team, **TWENTY_OFF | {"points_cost": 5000})
    assert redeem(member, vase, "a").status == 201
    limited = redeem(member, vase, "b")
    assert limited.status == 409 and limited.body["error"] == "reward_limit_reached"
    assert redeem(member, gold_only, "c").body["error"] == "reward_not_for_tier"
    assert redeem(member, dear, "d").body["error"] == "not_enough_points"
    assert redeem(member, dear, "d").status == 409
    team.manager.patch(f"/api/staff/rewards/{vase}", {"per_member_limit": None, "stock": 0})
    assert redeem(member, vase, "e").body["error"] == "reward_out_of_stock"
    team.manager.patch(f"/api/staff/rewards/{vase}", {"active": False})
    assert redeem(member, vase, "f").status == 404
    whys = {r["id"]: r["why_not"] for r in member.get("/api/me/rewards").body["rewards"]}
    assert whys == {gold_only: "not_for_tier", dear: "not_enough_points"}
    assert member.get("/api/me/points").body["balance"] == 600


def test_a_coupon_is_taken_at_the_counter_once_and_only_for_its_member(team, shopfloor, client, outbox_path):
    member_id, sell, member = shopfloor
    twenty = add_reward(team, **TWENTY_OFF)
    code = redeem(member, twenty, "k").body["coupon"]["code"]
    said = team.clerk.get(f"/api/staff/members/{member_id}").body["talking_points"]
    assert any("20元代金券" in line for line in said)  # the card reminds the clerk of it
    found = team.clerk.get(f"/api/staff/coupons/{code.lower()}").body  # typed in any case
    assert found["member"]["id"] == member_id and found["kind"] == "money-off"

    other = ApiClient(source_ip="198.51.100.9")
    other_id = join(other, outbox_path, "13912345678", "+8613912345678", name="王五").body["member"]["id"]
    assert sell("100", "o1", member=other_id, coupon=code).body["error"] == "coupon_not_usable"

    sold = sell("100", "s1", coupon=code).body
    assert sold["coupon"] == {
        "code": code,
        "kind": "money-off",
        "name_zh": "20元代金券",
        "name_en": "20 yuan off",
        "off_fen": 2000,
    }
    assert sold["total_fen"] == 8000 and sold["points_earned"] == 80  # points on what was paid
    used = sell("100", "s2", coupon=code)
    assert used.status == 409 and used.body["error"] == "coupon_not_usable"  # used once
    assert sell("100", "s1", coupon=code).body["id"] == sold["id"]  # a replay is the same sale
    mine = member.get("/api/me/coupons").body["coupons"][0]
    assert mine["status"] == "used" and mine["purchase_id"] == sold["id"]
    assert member.get(f"/api/me/coupons/{code}/qr").headers["Content-Type"] == "image/svg+xml"
    assert other.get(f"/api/me/coupons/{code}/qr").status == 404  # not theirs


def test_free_delivery_takes_the_fee_off_and_an_expired_coupon_is_refused(team, shopfloor, clock):
    member_id, _sell, member = shopfloor
    free = add_reward(
        team, name_zh="免配送费", name_en="Free delivery", kind="free-delivery", points_cost=200, valid_days=7
    )
    code = redeem(member, free, "k").body["coupon"]["code"]
    body = {
        "member_id": member_id,
        "coupon": code,
        "payment_method": "cash",
        "lines": [
            {"category": "bouquet", "name": "花束", "quantity": 1, "unit_price": "100"},
            {"category": "delivery-fee", "name": "配送", "quantity": 1, "unit_price": "25"},
        ],
    }
    priced = team.clerk.post("/api/staff/purchases/preview", body).body
    assert priced["coupon"]["off_fen"] == 2500 and priced["total_fen"] == 10_000
    clock.advance(days=8)  # past its 7 days (the clerk's session has ended too: ask the domain)
    from shop.rewards import CouponNotUsable
    from shop.sales import Line, Sale, preview

    with pytest.raises(CouponNotUsable):
        preview(
            Sale(team.store_id, team.clerk_id, (Line("bouquet", "花束", 1, 10_000),), "cash", member_id, coupon=code)
        )


def test_a_referral_gives_both_sides_their_bonus_on_the_first_purchase_only(team, shopfloor, outbox_path, clock):
    _referrer_id, sell, referrer = shopfloor
    mine = referrer.get("/api/me/referral").body
    assert mine["url"].endswith(f"/join/?ref={mine['code']}") and mine["joined"] == 0 and mine["bonus_points"] == 200
    assert referrer.get("/api/me/referral").body["code"] == mine["code"]  # made once
    assert referrer.get("/api/me/referral/qr").status == 200

    friend = ApiClient(source_ip="198.51.100.9")
    friend_id = join(friend, outbox_path, "13912345678", "+8613912345678", referral=mine["code"].lower()).body[
        "member"
    ]["id"]
    assert referrer.get("/api/me/referral").body["joined"] == 1
    first = sell("100", "f1", member=friend_id).body
    assert first["points_earned"] == 100 + 100 + 200  # per yuan, first purchase, referral
    sell("100", "f2", member=friend_id)
    lines = [line for line in referrer.get("/api/me/points").body["history"] if line["kind"] == "referral"]
    assert [line["points"] for line in lines] == [200]

    stranger = ApiClient(source_ip="198.51.100.10")
    joined = join(stranger, outbox_path, "13712345678", "+8613712345678", referral="ZZZZZZ")
    assert joined.status == 201  # an unknown code is ignored

    export = referrer.get("/api/me/export").body
    assert export["member"]["referral_code"] == mine["code"] and export["referral"]["joined"] == 1
    clock.advance(seconds=61)
    referrer.post("/api/auth/code", {"contact": "13800138000", "purpose": "erase"})
    from tests.support import last_code

    code = last_code(outbox_path, "+8613800138000")
    assert referrer.delete("/api/me", {"contact": "13800138000", "code": code}).status == 200
    from shop.referrals import referrer_of

    assert referrer_of(mine["code"]) is None  # the code is freed with the member


def test_a_bonus_event_applies_between_its_dates_to_its_tiers_and_stores(team, shopfloor):
    _member_id, sell, member = shopfloor
    today = date.today()
    rules = team.manager.get("/api/staff/rules").body
    event = {"name_zh": "母亲节双倍", "name_en": "Mother's Day", "multiplier": 2.0, "tiers": [], "stores": []}
    rules["events"] = [
        event | {"starts_on": str(today - timedelta(days=1)), "ends_on": str(today + timedelta(days=1))},
        event
        | {"name_zh": "金卡专享", "multiplier": 3.0, "tiers": ["gold"], "starts_on": str(today), "ends_on": str(today)},
        event | {"name_zh": "别的店", "stores": ["elsewhere"], "starts_on": str(today), "ends_on": str(today)},
        event | {"name_zh": "已结束", "starts_on": "2020-01-01", "ends_on": "2020-01-02"},
    ]
    assert team.manager.put("/api/staff/rules", rules).status == 200
    sold = sell("100", "e1").body
    assert sold["points_earned"] == 200
    earned = next(line for line in member.get("/api/me/points").body["history"] if line["purchase_id"] == sold["id"])
    assert [(r["rule"], r["points"], r.get("name_zh")) for r in earned["rules"]] == [
        ("points per yuan", 100, None),
        ("event", 100, "母亲节双倍"),
    ]
    backwards = rules | {"events": [event | {"starts_on": "2026-02-02", "ends_on": "2026-02-01"}]}
    refused = team.manager.put("/api/staff/rules", backwards)
    assert refused.status == 422 and refused.body["fields"][0]["problem"] == "date_order"


def test_the_daily_job_lapses_due_buckets_once_with_a_reminder_in_december(team, shopfloor, clock):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.points import points_view
    from shop.reminders import run_daily
    from shop.rules import load_rules
    from shop.tables import LedgerEntry, Member, Reminder

    member_id, _sell, _member = shopfloor
    expires = date(today().year + 1, 12, 31)
    item = Reminder.get(f"points-lapse#{member_id}#{expires.isoformat()}")
    assert item.due_on == (expires + timedelta(days=1)).isoformat() and item.due_key

    travel_to(clock, date(expires.year, 11, 30), 10)
    assert points_view(Member.get(member_id), load_rules(), "zh")["lapse_reminder"] is None
    travel_to(clock, date(expires.year, 12, 1), 10)  # 1 December: the reminder item shows
    reminder = points_view(Member.get(member_id), load_rules(), "zh")["lapse_reminder"]
    assert reminder == {"expires_on": expires.isoformat(), "points": 1100, "days": 30}

    assert run_daily(today(), HANDLERS)["done"] == {"points-notice": 1}  # no consent: recorded, not sent
    clock.advance(days=32)  # 2 January: the bucket is due
    assert run_daily(today(), HANDLERS)["done"] == {"points-lapse": 1}
    assert run_daily(today(), HANDLERS)["done"] == {}  # twice the same day: nothing more
    lapsed = [line for line in LedgerEntry.query(member_id) if line.kind == "lapse"]
    assert [(line.points, line.balance_after) for line in lapsed] == [(-1100, 0)]
    assert Reminder.get(item.reminder_id).due_key is None  # done: out of the index


def test_entry_modules_bind_their_tables_when_imported(shop):
    """In Lambda nothing else binds the models: importing the entry module must."""
    code = "import points.app\nfrom shop.tables import Member as M, Coupon as C\n"
    code += "print(M.Meta.table_name, C.Meta.table_name)"
    env = {
        "MEMBERS_TABLE": "pp-Members",
        "COUPONS_TABLE": "pp-Coupons",
        "PATH": "/usr/bin:/bin",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd="functions", env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["pp-Members", "pp-Coupons"]


def test_a_sale_without_a_coupon_keeps_the_fingerprint_it_had_before_coupons():
    """Sales recorded before coupons existed must still match their replays (same key, same sale)."""
    import hashlib

    from shop.sales import Line, Sale, _fingerprint

    sale = Sale("jingan", "t", (Line("bouquet", "花束", 1, 100),), "cash", "m1", 0)
    before = hashlib.sha256(repr(("m1", sale.lines, 0, "cash")).encode()).hexdigest()
    assert _fingerprint(sale) == before
    assert _fingerprint(Sale("jingan", "t", sale.lines, "cash", "m1", 0, coupon="ABCDEFGH")) != before
