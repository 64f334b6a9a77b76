"""Win-back: expected back on the member's own rhythm, a purchase moves the item, and a late
regular gets one care greeting with a coupon per absence (only with consent)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import join, outbox, travel_to


@pytest.fixture
def regular(team, client, outbox_path, clock):
    from shop.rules import load_rules, save_rules

    # the message's path, not its holdout: a random member id is held out one time in ten
    save_rules(load_rules().model_copy(update={"holdouts": {"win-back": 0, "birthday": 0}}), "test", None)
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"marketing": {"sms": True}, "preferences": {"flowers": ["peony"]}})

    def buy(key: str):  # at the counter, through the domain (the clerk's session lasts a day, the test months)
        from shop.sales import Line, Sale, record_sale

        record_sale(
            Sale(team.store_id, team.clerk_id, (Line("bouquet", "花束", 1, 19_900),), "wechat-pay", member_id), key
        )

    return member_id, buy


def _due(member_id: str) -> date:
    from shop.tables import Reminder

    return date.fromisoformat(Reminder.get(f"win-back#{member_id}#member").due_on)


def test_one_purchase_is_late_after_ninety_days_and_gets_one_greeting_with_a_coupon(regular, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.rewards import member_coupons

    member_id, buy = regular
    buy("first")
    first_day = today()
    assert _due(member_id) == first_day + timedelta(days=90)
    travel_to(clock, first_day + timedelta(days=90), 10)
    assert run_daily(today(), HANDLERS)["done"].get("win-back") == 1
    assert run_daily(today(), HANDLERS)["done"] == {}
    sent = [m for m in outbox(outbox_path) if m["template"] == "win_back"]
    coupons = member_coupons(member_id)
    assert len(sent) == 1 and len(coupons) == 1 and coupons[0].code in sent[0]["text"]
    assert int(coupons[0].value_fen) == 2000


def test_the_rhythm_is_the_median_gap_and_each_purchase_moves_the_item(regular, team, clock):
    from shop.dates import today

    member_id, buy = regular
    start = today()
    buy("a")
    travel_to(clock, start + timedelta(days=30), 10)
    buy("b")
    travel_to(clock, start + timedelta(days=58), 10)
    buy("c")  # gaps 30 and 28: median 29, late after 29 + 14 days more
    assert _due(member_id) == start + timedelta(days=58 + 29 + 14)


def test_a_member_who_buys_only_for_occasions_is_expected_at_the_next_one(regular, team, clock):
    from shop.bookings import Ask, change_status, create_booking
    from shop.catalog import ItemDetails, add_item
    from shop.dates import today
    from shop.occasions import add_occasion

    member_id, _buy = regular
    item = add_item(
        ItemDetails("bouquet", "康乃馨", "Carnations", 16_800, "carnation", (("carnation", 12),)), "t", None
    )
    soon, later = today() + timedelta(days=5), today() + timedelta(days=200)
    mother = add_occasion(
        member_id,
        {
            "person": "妈妈",
            "relationship": "mother",
            "kind": "birthday",
            "date": {"calendar": "solar", "month": soon.month, "day": soon.day},
        },
    )
    add_occasion(
        member_id,
        {
            "person": "爸爸",
            "relationship": "father",
            "kind": "birthday",
            "date": {"calendar": "solar", "month": later.month, "day": later.day},
        },
    )
    ask = Ask(
        team.store_id,
        soon,
        "10:00-12:00",
        "pickup",
        ((item.item_id, 1),),
        "birthday",
        member_id=member_id,
        occasion_id=mother.occasion_id,
    )
    booked = create_booking(ask, member_id, "mum", "self")
    travel_to(clock, soon, 11)  # handed over on the day
    change_status(booked.booking_id, "completed", team.clerk_id, None)
    assert _due(member_id) == later + timedelta(days=14)  # not 90 days after: at the father's birthday


def test_a_member_allergic_to_pollen_is_never_offered_lilies(shop):
    from types import SimpleNamespace

    from daily.app import safe_flowers

    member = SimpleNamespace(
        preferences=SimpleNamespace(flowers=["lily", "rose", "sunflower", "tulip"]),
        sensitive=SimpleNamespace(allergies=["pollen"], pets=[]),
    )
    assert safe_flowers(member) == ["rose", "tulip"]  # lilies and sunflowers carry pollen
