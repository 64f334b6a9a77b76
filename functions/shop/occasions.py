"""The gift notebook: the people a member buys flowers for and the dates that matter to them.
Each occasion's next date is computed when it is saved and again after each reminder (decision
3: its Reminders item is due `remind_days` before); a paused one keeps its place in the notebook
but leaves the index."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist

from shop.clock import now
from shop.dates import next_occurrence, today
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.reminders import reminder
from shop.tables import Booking, Occasion, OccasionDate, Reminder

MOST = 50
RELATIONSHIPS = (
    "mother",
    "father",
    "partner",
    "spouse",
    "child",
    "grandparent",
    "friend",
    "colleague",
    "teacher",
    "other",
)
KINDS = ("birthday", "anniversary", "memorial", "custom")


class TooManyOccasions(ShopError):
    code = "too_many_occasions"
    message = N_("The notebook holds at most 50 dates.")


@dataclass(frozen=True)
class When:
    calendar: str
    month: int
    day: int
    leap_month: bool = False
    year: int | None = None

    def next_after(self, start: date) -> date:
        return next_occurrence(self.calendar, self.month, self.day, self.leap_month, after=start)


def _when(occasion: Occasion) -> When:
    d = occasion.date
    return When(d.calendar, int(d.month), int(d.day), bool(d.leap_month), int(d.year) if d.year else None)


def next_date(occasion: Occasion) -> date:
    """The coming date, from today (the notebook shows this one until the day has passed)."""
    return _when(occasion).next_after(today())


def _reminder(occasion: Occasion) -> Reminder:
    due = date.fromisoformat(occasion.next_on) - timedelta(days=int(occasion.remind_days))
    # today's run may be over: a date closer than its lead time is reminded of tomorrow
    return reminder("occasion", occasion.member_id, occasion.occasion_id, max(due, today() + timedelta(days=1)))


def qingming_after(day: date) -> date:
    """清明 (a solar term, borax) on or after a day."""
    from borax.calendars.lunardate import TermUtils

    found = TermUtils.day_start_from_term(day.year, "清明")
    return found if found >= day else TermUtils.day_start_from_term(day.year + 1, "清明")


def qingming_item(occasion: Occasion, after: date | None = None) -> Reminder:
    """A memorial's quiet note at Qingming, three days before it (one per member and year)."""
    start = after or today() + timedelta(days=1)
    due = qingming_after(start + timedelta(days=3)) - timedelta(days=3)
    return reminder("qingming", occasion.member_id, occasion.occasion_id, due)


def _schedule(occasion: Occasion) -> None:
    """Put the occasion's reminders in the index (a memorial also gets its Qingming note), or
    take them out while it is paused."""
    items = [_reminder(occasion)] + ([qingming_item(occasion)] if occasion.kind == "memorial" else [])
    for item in items:
        if not occasion.paused:
            item.save()
        elif _exists(item.reminder_id):
            item.update(actions=[Reminder.due_key.remove()])


def _exists(reminder_id: str) -> bool:
    try:
        Reminder.get(reminder_id)
        return True
    except DoesNotExist:
        return False


def list_occasions(member_id: str) -> list[Occasion]:
    return sorted(Occasion.query(member_id), key=lambda o: (bool(o.paused), next_date(o)))


def get_occasion(member_id: str, occasion_id: str) -> Occasion:
    try:
        return Occasion.get(member_id, occasion_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def add_occasion(member_id: str, fields: dict) -> Occasion:
    if sum(1 for _ in Occasion.query(member_id)) >= MOST:
        raise TooManyOccasions()
    when = When(**fields.pop("date"))
    occasion = Occasion(
        member_id=member_id,
        occasion_id=f"o{secrets.token_hex(5)}",
        date=OccasionDate(**vars(when)),
        next_on=when.next_after(today()).isoformat(),
        created_at=now(),
        **fields,
    )
    occasion.save(condition=Occasion.occasion_id.does_not_exist())
    _schedule(occasion)
    return occasion


def change_occasion(member_id: str, occasion_id: str, changes: dict) -> Occasion:
    """Change an entry; its next date is worked out again (a resumed one looks ahead from today)."""
    occasion = get_occasion(member_id, occasion_id)
    if "date" in changes:
        occasion.date = OccasionDate(**vars(When(**changes.pop("date"))))
    for name, value in changes.items():
        setattr(occasion, name, value)
    occasion.next_on = next_date(occasion).isoformat()
    occasion.save()
    _schedule(occasion)
    return occasion


def delete_occasion(member_id: str, occasion_id: str) -> None:
    occasion = get_occasion(member_id, occasion_id)
    occasion.paused = True
    _schedule(occasion)
    occasion.delete()


def roll_forward(occasion: Occasion) -> Occasion:
    """After its reminder: the reminder moves on to the date after this one (the notebook keeps
    showing the coming date: it reads `next_date`, not the reminder's)."""
    occasion.next_on = _when(occasion).next_after(date.fromisoformat(occasion.next_on) + timedelta(days=1)).isoformat()
    occasion.save()
    _schedule(occasion)
    return occasion


def last_booking(member_id: str, occasion_id: str) -> Booking | None:
    """The latest booking made for this person's date (for "book again")."""
    found = [
        b
        for b in Booking.by_member.query(member_id, scan_index_forward=False)
        if b.occasion_id == occasion_id and b.status not in ("cancelled", "failed")
    ]
    return found[0] if found else None


def own_birthday(member) -> dict | None:
    if not member.birthday:
        return None
    b = member.birthday
    day = next_occurrence(b.calendar, int(b.month), int(b.day), bool(b.leap_month))
    return {"date": day.isoformat(), "days": (day - today()).days}
