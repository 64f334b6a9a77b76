"""Bookings under concurrency, on DynamoDB Local: the last places of a slot go to exactly as many
bookings, the count stays right through cancellations and expired holds, the same request sent
five times at once is one booking, and a booking completed twice at once earns once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shop.booking_rules import BookingRules, save_booking_rules
from shop.bookings import Ask, cancel_by_member, change_status, create_booking, get_booking, hold_settled
from shop.catalog import ItemDetails, add_item
from shop.clock import now, set_clock
from shop.contacts import parse_contact
from shop.dates import today
from shop.members import NewMember, enrol
from shop.slots import SlotFull, places_left, read_slot
from shop.stores import StoreDetails, open_store
from shop.tables import LedgerEntry
from tests.integration.test_points_concurrency import _race

WINDOW = "10:00-12:00"


@pytest.fixture
def shop_desk(local_shop):
    open_store(StoreDetails("静安店", "南京西路", "021", "9-21"), "test", None, store_id="jingan")
    save_booking_rules(BookingRules(pickup_capacity=10, delivery_capacity=10, peak_days=[]), "test", None)
    item = add_item(ItemDetails("bouquet", "红玫瑰", "Roses", 19_900, "rose", (("rose-red", 11),)), "test", None)
    return item.item_id, today() + timedelta(days=3)


def _member(n: int) -> str:
    return enrol(parse_contact(f"1380013{n:04d}"), NewMember("张三", False, "zh"), "test").member_id


def _ask(item_id: str, day, member_id: str) -> Ask:
    return Ask("jingan", day, WINDOW, "pickup", ((item_id, 1),), member_id=member_id)


def _left(day) -> int:
    from shop.booking_rules import load_booking_rules

    return places_left(load_booking_rules(), day, WINDOW, "pickup", read_slot("jingan", day, WINDOW))[0]


def test_fifty_bookings_for_the_last_three_places_give_exactly_three(shop_desk):
    item_id, day = shop_desk
    early = [_member(n) for n in range(7)]
    for n, member in enumerate(early):
        create_booking(_ask(item_id, day, member), member, f"early{n}", "self")
    assert _left(day) == 3
    members = [_member(100 + n) for n in range(50)]
    results = _race(50, lambda n: create_booking(_ask(item_id, day, members[n]), members[n], "k", "self"))
    booked = [r for r in results if not isinstance(r, Exception)]
    assert len(booked) == 3
    assert all(isinstance(r, SlotFull) for r in results if isinstance(r, Exception))
    assert _left(day) == 0

    # concurrent cancellations give back exactly their places
    results = _race(3, lambda n: cancel_by_member(booked[n].booking_id, booked[n].member_id))
    assert not [r for r in results if isinstance(r, Exception)]
    assert _left(day) == 3


def test_the_same_booking_sent_five_times_at_once_is_one_booking_and_one_place(shop_desk):
    item_id, day = shop_desk
    member = _member(1)
    results = _race(5, lambda n: create_booking(_ask(item_id, day, member), member, "same", "self"))
    assert len({r.booking_id for r in results}) == 1
    assert _left(day) == 9


def test_expired_holds_give_their_places_back(shop_desk):
    item_id, _ = shop_desk
    peak_day = today() + timedelta(days=10)
    from shop.booking_rules import PeakDay

    peak = PeakDay(
        key="p",
        name_zh="节",
        name_en="Day",
        month=peak_day.month,
        day=peak_day.day,
        pickup_capacity=4,
        delivery_capacity=4,
    )
    save_booking_rules(BookingRules(peak_days=[peak], gold_share_percent=0), "test", None)
    unpaid = {"status": "unpaid", "method": None, "deposit_fen": 0}
    asks = [
        Ask(
            "jingan",
            peak_day,
            WINDOW,
            "pickup",
            ((item_id, 1),),
            customer={"name": "赵", "phone": "+8613700001111"},
            payment=unpaid,
        )
        for _ in range(4)
    ]
    held = [create_booking(ask, "clerk", f"h{n}", "staff#clerk") for n, ask in enumerate(asks)]
    assert _left(peak_day) == 0
    started = now()
    set_clock(lambda: started + timedelta(hours=25))
    try:
        assert all(_race(4, lambda n: hold_settled(held[n].booking_id)))
        assert all(_race(4, lambda n: hold_settled(held[n].booking_id)))  # twice: nothing more
    finally:
        set_clock(None)
    assert _left(peak_day) == 4
    assert {get_booking(b.booking_id).status for b in held} == {"cancelled"}


def test_a_booking_completed_twice_at_once_earns_once(shop_desk):
    item_id, day = shop_desk
    member = _member(1)
    made = create_booking(_ask(item_id, day, member), member, "c", "self")
    _race(4, lambda n: change_status(made.booking_id, "completed", f"clerk{n}", None))
    earned = [line for line in LedgerEntry.query(member, consistent_read=True) if line.kind == "earn"]
    assert len(earned) == 1 and get_booking(made.booking_id).status == "completed"
