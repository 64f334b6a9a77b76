"""Flower cards: sold at the counter (points once, or from stored value), one booking per period
through the bookings module (exactly once, another window or the next day when full), skips,
pauses, a new address, a family card's bouquets going to the parents, and the end when used up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import join, only_the_tables_of, travel_to

PARENTS = {
    "name": "王妈妈",
    "phone": "13912340000",
    "address": {
        "province": "四川省",
        "city": "成都市",
        "district": "武侯区",
        "street": "人民南路四段1号",
        "building_room": "3栋 502",
    },
}


@pytest.fixture
def shop_with_catalog(team):
    from shop.catalog import ItemDetails, add_item

    item = ItemDetails("bouquet", "每周花束", "Weekly bouquet", 9_900, "mixed", (("rose-pink", 5),))
    return add_item(item, "test", None, item_id="weekly").item_id


@pytest.fixture
def buyer(client, outbox_path, clock):
    return join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"], client


def _sell(team, member_id, key, **changes):
    from shop.dates import today

    body = {
        "member_id": member_id,
        "item_id": "weekly",
        "count": 3,
        "cadence": "weekly",
        "store": team.store_id,
        "window": "10:00-12:00",
        "mode": "pickup",
        "starts_on": (today() + timedelta(days=7)).isoformat(),
        "price": "269",
        "payment_method": "wechat-pay",
    } | changes
    return team.clerk.post("/api/staff/subscriptions", body, headers={"idempotency-key": key})


def _run(clock, day):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    travel_to(clock, day, 10)
    with only_the_tables_of("DailyFunction"):
        return run_daily(today(), HANDLERS)["done"]


def _bookings(member_id):
    from shop.tables import Booking

    return sorted(Booking.by_member.query(member_id), key=lambda b: b.day)


def test_a_card_books_one_bouquet_a_week_exactly_once_and_ends_when_used_up(team, shop_with_catalog, buyer, clock):
    member_id, _member = buyer
    sold = _sell(team, member_id, "k1")
    assert sold.status == 201, sold.body
    assert _sell(team, member_id, "k1").body == sold.body  # a replay sells nothing more
    card = sold.body["subscription"]
    assert (card["count"], card["remaining"]) == (3, 3)
    assert sold.body["receipt"]["points_earned"] > 0  # points on the card, once
    first = date.fromisoformat(card["starts_on"])
    for week in range(5):
        day = first + timedelta(days=7 * week)
        _run(clock, day - timedelta(days=2))
        _run(clock, day - timedelta(days=2))  # the same day twice books nothing twice
    made = _bookings(member_id)
    assert [b.day for b in made] == [(first + timedelta(days=7 * n)).isoformat() for n in range(3)]
    assert all(b.payment["status"] == "paid" and b.subscription_id == card["id"] for b in made)
    from shop.subscriptions import list_subscriptions, subscription_view

    shown = subscription_view(list_subscriptions(member_id)[0])  # (the member's session ended weeks ago)
    assert shown["remaining"] == 0 and shown["next_on"] is None


def test_completing_a_period_records_no_second_sale(team, shop_with_catalog, buyer, clock):
    from shop.tables import Purchase

    member_id, _member = buyer
    card = _sell(team, member_id, "k1").body["subscription"]
    _run(clock, date.fromisoformat(card["starts_on"]) - timedelta(days=2))
    booking = _bookings(member_id)[0]
    from shop.bookings import change_status

    for status in ("in-workroom", "ready", "completed"):  # (the clerk's session lasts a day, the test days)
        change_status(booking.booking_id, status, team.clerk_id, None)
    assert len(list(Purchase.by_member.query(member_id))) == 1  # only the card's own sale


def test_a_full_window_takes_another_and_a_full_day_moves_on(team, shop_with_catalog, buyer, clock):
    from shop.booking_rules import BookingRules, save_booking_rules

    member_id, _member = buyer
    windows = ["10:00-12:00", "14:00-16:00"]
    rules = BookingRules(windows=windows, pickup_capacity=1, delivery_capacity=1, gold_share_percent=0, peak_days=[])
    save_booking_rules(rules, "test", None)
    card = _sell(team, member_id, "k1", count=2).body["subscription"]
    day = date.fromisoformat(card["starts_on"])
    from shop.bookings import Ask, create_booking

    for n, window in enumerate(windows[:1]):
        create_booking(Ask(team.store_id, day, window, "pickup", (("weekly", 1),)), "someone", f"x{n}", "self")
    _run(clock, day - timedelta(days=2))
    assert [(b.day, b.window) for b in _bookings(member_id)] == [(day.isoformat(), "14:00-16:00")]
    second = day + timedelta(days=7)
    for n, window in enumerate(windows):
        create_booking(Ask(team.store_id, second, window, "pickup", (("weekly", 1),)), "someone", f"y{n}", "self")
    _run(clock, second - timedelta(days=2))
    _run(clock, second - timedelta(days=1))
    assert [b.day for b in _bookings(member_id)][-1] == (second + timedelta(days=1)).isoformat()


def test_skips_pauses_and_a_new_address(team, shop_with_catalog, buyer, clock):
    from shop.dates import today

    member_id, member = buyer
    card = _sell(team, member_id, "k1", count=2, mode="delivery", recipient=PARENTS, family=True).body["subscription"]
    assert card["family"] is True
    first = date.fromisoformat(card["starts_on"])
    skipped = member.post(f"/api/me/subscriptions/{card['id']}/skip", {"date": first.isoformat()})
    assert skipped.status == 200 and skipped.body["skips"] == [first.isoformat()]
    _run(clock, first - timedelta(days=2))
    assert _bookings(member_id) == []  # skipped: nothing booked, nothing used
    moved = dict(PARENTS, name="王爸爸")
    assert member.put(f"/api/me/subscriptions/{card['id']}/recipient", {"recipient": moved}).status == 200
    second = first + timedelta(days=7)
    _run(clock, second - timedelta(days=2))
    made = _bookings(member_id)
    assert len(made) == 1 and made[0].recipient["name"] == "王爸爸" and made[0].mode == "delivery"
    assert member.post(f"/api/me/subscriptions/{card['id']}/pause", {"paused": True}).body["paused"] is True
    third = second + timedelta(days=7)
    _run(clock, third - timedelta(days=2))
    assert len(_bookings(member_id)) == 1  # paused: nothing booked
    resumed = member.post(f"/api/me/subscriptions/{card['id']}/pause", {"paused": False}).body
    assert resumed["paused"] is False and resumed["next_on"] > today().isoformat()
    _run(clock, max(date.fromisoformat(resumed["next_on"]) - timedelta(days=2), today() + timedelta(days=1)))
    assert len(_bookings(member_id)) == 2
    assert member.post(f"/api/me/subscriptions/{card['id']}/pause", {"paused": True}).status == 409  # used up


def test_a_card_paid_from_stored_value_and_erasure_waits_for_the_bouquets(team, shop_with_catalog, buyer, clock):
    member_id, member = buyer
    team.clerk.post(
        "/api/staff/topups",
        {"member_id": member_id, "amount": "300", "method": "cash"},
        headers={"idempotency-key": "t1"},
    )
    sold = _sell(team, member_id, "k1", payment_method="stored-value")
    assert sold.status == 201 and member.get("/api/me/wallet").body["balance_fen"] == 3_100
    refused = team.manager.delete(f"/api/staff/members/{member_id}")
    assert refused.status == 409 and refused.body["error"] == "balance_to_settle"
