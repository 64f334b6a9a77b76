"""The points rules at their edges: rounding, expiry, buckets, tiers, refunds, redemption."""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime, timedelta

import pytest

from shop.points import add_points, draw_points, expiry_for, lapse_points, spend_in_months, take_back_points
from shop.rules import LoyaltyRules
from tests.support import join


def test_points_are_whole_and_rounded_down_at_the_fen_edges():
    from shop.sales import Line, Sale, quote

    class New:  # a member with no history, no birthday
        purchase_count, birthday, tier, tier_override, tier_reviewed_on = 0, None, "regular", None, None
        referred_by = None
        spend_by_month: typing.ClassVar[dict] = {}
        campaigns: typing.ClassVar[dict] = {}  # in no campaign's window
        joined_at = datetime(2026, 1, 1, tzinfo=UTC)

    rules = LoyaltyRules(first_purchase_bonus=0)
    for unit_fen, points in [(99, 0), (100, 1), (199, 1), (200, 2), (12_345, 123)]:
        priced = quote(
            Sale("s", "t", (Line("bouquet", "x", 1, unit_fen),), "cash", "m"), New(), rules, date(2026, 6, 1)
        )
        assert priced.points == points, unit_fen
    delivery_only = quote(
        Sale("s", "t", (Line("delivery-fee", "配送", 1, 5000),), "cash", "m"), New(), rules, date(2026, 6, 1)
    )
    assert delivery_only.points == 0  # delivery fees earn nothing


def test_year_end_and_twelve_month_expiry():
    assert expiry_for(date(2026, 1, 1), "end-of-next-year") == date(2027, 12, 31)
    assert expiry_for(date(2026, 12, 31), "end-of-next-year") == date(2027, 12, 31)
    assert expiry_for(date(2026, 2, 10), "twelve-months") == date(2027, 2, 28)
    assert expiry_for(date(2027, 2, 10), "twelve-months") == date(2028, 2, 29)


def test_buckets_draw_oldest_first_take_back_newest_first_and_earnings_pay_debt():
    buckets = {"2026-12-31": 10, "2027-12-31": 20}
    assert draw_points(buckets, 0, 15) == {"2027-12-31": 15}
    assert take_back_points(buckets, 0, 25) == ({"2026-12-31": 5}, 0)
    assert take_back_points(buckets, 0, 40) == ({}, 10)
    assert add_points({}, 10, 4, date(2027, 12, 31)) == ({}, 6)
    assert add_points({}, 3, 10, date(2027, 12, 31)) == ({"2027-12-31": 7}, 0)
    from shop.points import NotEnoughPoints

    with pytest.raises(NotEnoughPoints):
        draw_points(buckets, 0, 31)
    with pytest.raises(NotEnoughPoints):
        draw_points(buckets, 1, 1)  # with a debt, redemption waits
    assert lapse_points(buckets, date(2027, 1, 1)) == ({"2027-12-31": 20}, [("2026-12-31", 10)])


def test_spend_counts_the_rolling_twelve_months_or_the_months_asked():
    from types import SimpleNamespace

    member = SimpleNamespace(spend_by_month={"2025-11": 100, "2025-12": 200, "2026-11": 300, "2026-10": 400})
    assert spend_in_months(member, date(2026, 11, 22)) == 900
    assert spend_in_months(member, date(2026, 12, 1)) == 700
    assert spend_in_months(member, date(2026, 11, 22), first=1, last=12) == 700  # 2025-11 to 2026-10
    assert spend_in_months(member, date(2026, 1, 5), last=1) == 200  # this January and last December


def points_of(member_id: str) -> dict:
    """What the member's points page shows, read without a session (the clock may run past it)."""
    from shop.points import points_view
    from shop.rules import load_rules
    from shop.tables import Member

    return points_view(Member.get(member_id), load_rules(), "zh", with_history=True)


@pytest.fixture
def counter(team, client, outbox_path, clock):
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]

    def sell(yuan: str, key: str, redeem: int = 0, category: str = "bouquet"):
        body = {
            "member_id": member_id,
            "lines": [{"category": category, "name": "花束", "quantity": 1, "unit_price": yuan}],
            "payment_method": "cash",
            "redeem_points": redeem,
        }
        return team.clerk.post("/api/staff/purchases", body, headers={"idempotency-key": key})

    return member_id, sell, client


def test_an_upgrade_takes_effect_at_once_and_there_is_no_downgrade_by_default(team, counter, clock):
    member_id, sell, _member = counter
    assert sell("1999.99", "k1").body["tier"] == "regular"
    upgraded = sell("0.02", "k2").body  # 2,000.01 yuan in 12 months
    assert upgraded["tier"] == "silver" and upgraded["tier_changed"] is True
    assert points_of(member_id)["tier"]["key"] == "silver"
    clock.advance(days=400)  # the spend has left the window
    assert points_of(member_id)["tier"]["key"] == "silver"  # 保级
    assert points_of(member_id)["spend_fen"] == 0


def test_with_yearly_review_a_tier_drops_only_at_the_review(team, counter, clock):
    from shop.rules import load_rules, save_rules

    save_rules(load_rules().model_copy(update={"yearly_review": True}), "test", None)
    member_id, sell, _member = counter
    sell("2000", "k1")
    clock.advance(days=200)
    assert points_of(member_id)["tier"]["key"] == "silver"  # spend still in the window
    clock.advance(days=200)
    assert points_of(member_id)["tier"]["key"] == "regular"  # reviewed a year on


def test_a_manual_tier_holds_until_its_end_date(team, counter, clock):
    member_id, _sell, _member = counter
    until = (date.today() + timedelta(days=30)).isoformat()
    answer = team.manager.put(
        f"/api/staff/members/{member_id}/tier", {"tier": "gold", "reason": "老顾客", "until": until}
    )
    assert answer.status == 200
    assert points_of(member_id)["tier"]["key"] == "gold"
    assert (
        team.clerk.put(f"/api/staff/members/{member_id}/tier", {"tier": "gold", "reason": "x", "until": until}).status
        == 403
    )
    clock.advance(days=31)
    assert points_of(member_id)["tier"]["key"] == "regular"  # back to what spend earned


def test_the_tier_discount_applies_to_goods_not_delivery(team, counter):
    member_id, sell, _ = counter
    sell("2000", "k1")  # silver: 5%
    body = {
        "member_id": member_id,
        "payment_method": "cash",
        "lines": [
            {"category": "bouquet", "name": "花束", "quantity": 1, "unit_price": "100"},
            {"category": "delivery-fee", "name": "配送", "quantity": 1, "unit_price": "20"},
        ],
    }
    priced = team.clerk.post("/api/staff/purchases/preview", body).body
    assert priced["discount_percent"] == 5 and priced["discount_fen"] == 500 and priced["total_fen"] == 11_500


def test_points_pay_at_most_thirty_percent_and_never_more_than_the_balance(team, counter):
    _member_id, sell, _member = counter
    sell("500", "k1")  # 500 + 100 first-purchase = 600 points
    too_much = sell("10", "k2", redeem=301)
    assert too_much.status == 422 and too_much.body["error"] == "too_much_redeemed"
    ok = sell("10", "k3", redeem=300)
    assert ok.status == 201 and ok.body["total_fen"] == 700
    assert sell("1000", "k4", redeem=30_001).status == 422
    assert sell("1000", "k5", redeem=300).status == 201
    short = sell("1000", "k6", redeem=29_999)
    assert short.status == 409 and short.body["error"] == "not_enough_points"


def test_a_refund_takes_back_points_in_proportion_never_more_and_once(team, counter):
    member_id, sell, _member = counter
    sale = sell("300", "k1").body  # 300 + 100 first purchase = 400 points
    refund = team.clerk.post(
        f"/api/staff/purchases/{sale['id']}/refunds",
        {"amount": "150", "reason": "花损"},
        headers={"idempotency-key": "r1"},
    )
    assert refund.status == 201 and refund.body["points_taken"] == 200
    again = team.clerk.post(
        f"/api/staff/purchases/{sale['id']}/refunds",
        {"amount": "150", "reason": "花损"},
        headers={"idempotency-key": "r1"},
    )
    assert again.body == refund.body  # the same refund, answered again, takes nothing more
    rest = team.clerk.post(
        f"/api/staff/purchases/{sale['id']}/refunds",
        {"amount": "150", "reason": "全退"},
        headers={"idempotency-key": "r2"},
    )
    assert rest.body["points_taken"] == 200
    over = team.clerk.post(
        f"/api/staff/purchases/{sale['id']}/refunds",
        {"amount": "0.01", "reason": "x"},
        headers={"idempotency-key": "r3"},
    )
    assert over.status == 422
    points = points_of(member_id)
    assert points["balance"] == 0 and points["spend_fen"] == 0


def test_a_refund_after_the_points_were_spent_leaves_a_debt_that_new_points_pay(team, counter):
    member_id, sell, _member = counter
    sale = sell("1000", "k1").body  # 1,100 points
    sell("1000", "k2", redeem=300)  # spends 300, earns 970
    team.clerk.post(
        f"/api/staff/purchases/{sale['id']}/refunds",
        {"amount": "1000", "reason": "退货"},
        headers={"idempotency-key": "r1"},
    )
    points = points_of(member_id)
    assert points["balance"] == 1_100 - 300 + 997 - 1_100
    history = points["history"]
    assert sum(line["points"] for line in history) == points["balance"]
    assert {line["kind"] for line in history} == {"earn", "redeem", "refund"}


def test_a_manager_adjusts_with_a_reason_the_member_sees(team, counter):
    member_id, _sell, _member = counter
    assert team.clerk.post(f"/api/staff/members/{member_id}/adjustments", {"points": 50, "reason": "x"}).status == 403
    assert (
        team.manager.post(f"/api/staff/members/{member_id}/adjustments", {"points": 50, "reason": "生日补发"}).status
        == 201
    )
    short = team.manager.post(f"/api/staff/members/{member_id}/adjustments", {"points": -51, "reason": "扣减"})
    assert short.status == 409
    history = points_of(member_id)["history"]
    assert history[0]["reason"] == "生日补发" and history[0]["points"] == 50


def test_points_lapse_at_the_end_of_the_following_year_with_a_ledger_line(team, counter, clock):
    from shop.sales import lapse_due

    member_id, sell, _member = counter
    sell("100", "k1")  # 200 points, lapsing at the end of next year
    end = date(date.today().year + 1, 12, 31)
    clock.advance(days=(end - date.today()).days + 1)
    assert points_of(member_id)["balance"] == 0
    assert lapse_due(member_id) == 200
    assert lapse_due(member_id) == 0  # nothing taken twice
    history = points_of(member_id)["history"]
    assert [line["kind"] for line in history][:1] == ["lapse"]


def test_a_walk_in_sale_earns_nothing_and_counts_for_the_store(team):
    from shop.tables import StoreDayStats

    body = {
        "lines": [{"category": "cut-flowers", "name": "向日葵", "quantity": 3, "unit_price": "12.5"}],
        "payment_method": "alipay",
    }
    sale = team.clerk.post("/api/staff/purchases", body, headers={"idempotency-key": "w1"}).body
    assert sale["total_fen"] == 3750 and sale["points_earned"] == 0 and sale["member_id"] is None
    from shop.dates import today

    day = today().isoformat()
    total = sum(int(s.sales_fen) for s in StoreDayStats.query(f"{team.store_id}#{day}"))
    assert total == 3750


def test_yuan_are_read_exactly_as_fen():
    from web.requests import fen

    assert [fen(v) for v in ("0.01", "1", "1.5", "1.50", "299", "999999.99")] == [1, 100, 150, 150, 29900, 99999999]
