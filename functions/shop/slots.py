"""Places per store, day, window and mode. A Slot item counts the places taken; taking one is a
conditional update in the booking's own transaction (never more than the capacity, and on a
peak day never into the Gold share for a member who is not Gold); giving one back is the
opposite update. A month of a store is one Query; capacities come from the booking rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from shop.booking_rules import BookingRules
from shop.dates import business_day
from shop.errors import ShopError
from shop.i18n import N_
from shop.tables import Slot

MODES = ("pickup", "delivery")


class SlotFull(ShopError):
    code = "slot_full"
    message = N_("This time slot is full. Please choose another.")


class PastCutoff(ShopError):
    code = "past_cutoff"
    message = N_("It is too late to book for this day.")


class DayClosed(ShopError):
    code = "day_closed"
    message = N_("The shop is closed that day.")


def slot_key(day: date, window: str) -> str:
    return f"{day.isoformat()}#{window}"


def counts(slot: Slot | None, mode: str) -> tuple[int, int]:
    """(taken, taken by members who are not Gold)."""
    if slot is None:
        return 0, 0
    return int(getattr(slot, f"{mode}_taken") or 0), int(getattr(slot, f"{mode}_general") or 0)


def places_left(rules: BookingRules, day: date, window: str, mode: str, slot: Slot | None) -> tuple[int, int]:
    """(left for anyone, left only for Gold members)."""
    capacity, reserved = rules.capacity(day, mode), rules.gold_reserved(day, mode, window)
    taken, general = counts(slot, mode)
    free = max(capacity - taken, 0)
    anyone = max(min(free, capacity - reserved - general), 0)
    return anyone, free - anyone


def past_cutoff(rules: BookingRules, day: date, moment: datetime) -> bool:
    """Past days are closed; today closes at the cut-off (business time)."""
    from shop.settings import get_settings

    local = moment.astimezone(get_settings().time_zone)
    if day != local.date():
        return day < local.date()
    return local.hour * 60 + local.minute >= rules.cutoff_minutes()


def check_open(rules: BookingRules, day: date, window: str, moment: datetime) -> None:
    if window not in rules.windows:
        raise SlotFull()
    if rules.closed(day):
        raise DayClosed()
    if past_cutoff(rules, day, moment):
        raise PastCutoff()


def read_slot(store_id: str, day: date, window: str) -> Slot | None:
    try:
        return Slot.get(store_id, slot_key(day, window), consistent_read=True)
    except DoesNotExist:
        return None


def take_place(transaction, rules: BookingRules, store_id: str, day: date, window: str, mode: str, gold: bool) -> str:
    """Take one place; returns which kind (`general` or `gold`). The condition re-checks what
    was read, so two bookings racing for the last place cannot both have it."""
    capacity = rules.capacity(day, mode)
    taken, general = getattr(Slot, f"{mode}_taken"), getattr(Slot, f"{mode}_general")
    room = taken.does_not_exist() | (taken < capacity)
    slot = Slot(store_id=store_id, slot=slot_key(day, window))
    if gold:
        transaction.update(slot, actions=[taken.add(1)], condition=room)
        return "gold"
    general_room = general.does_not_exist() | (general < capacity - rules.gold_reserved(day, mode, window))
    transaction.update(slot, actions=[taken.add(1), general.add(1)], condition=room & general_room)
    return "general"


def give_back(transaction, store_id: str, day: str, window: str, mode: str, place: str) -> None:
    taken, general = getattr(Slot, f"{mode}_taken"), getattr(Slot, f"{mode}_general")
    actions = [taken.add(-1)] + ([general.add(-1)] if place == "general" else [])
    transaction.update(Slot(store_id=store_id, slot=f"{day}#{window}"), actions=actions, condition=taken > 0)


def month_of_slots(store_id: str, first: date, last: date) -> dict[str, Slot]:
    """Every Slot item of a store between two days: one Query."""
    found = Slot.query(store_id, Slot.slot.between(f"{first.isoformat()}#", f"{last.isoformat()}#~"))
    return {slot.slot: slot for slot in found}


def availability(rules: BookingRules, store_id: str, first: date, last: date, moment: datetime, lang: str) -> list:
    slots = month_of_slots(store_id, first, last)
    days, day = [], first
    while day <= last:
        peak = rules.peak_on(day)
        windows = []
        for window in rules.windows:
            places = {}
            for mode in MODES:
                anyone, gold = places_left(rules, day, window, mode, slots.get(slot_key(day, window)))
                places[mode] = {"left": anyone, "gold_left": gold}
            windows.append({"window": window, **places, "gold_priority": window in rules.gold_priority_windows})
        early = None
        if peak and peak.early_bird_percent and peak.early_bird_days:
            until = day - timedelta(days=peak.early_bird_days)
            if business_day(moment) <= until:
                early = {"percent": peak.early_bird_percent, "until": until.isoformat()}
        days.append(
            {
                "date": day.isoformat(),
                "peak": {"key": peak.key, "name": peak.name_zh if lang == "zh" else peak.name_en} if peak else None,
                "closed": rules.closed(day),
                "past_cutoff": past_cutoff(rules, day, moment),
                "early_bird": early,
                "windows": windows,
            }
        )
        day += timedelta(days=1)
    return days
