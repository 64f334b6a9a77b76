"""The member's own birthday: a greeting with a birthday coupon a week before (the value and how
long it lasts are settings), from a Reminders item put when the birthday is set and moved on to
next year after each greeting."""

from __future__ import annotations

from datetime import timedelta

from shop.dates import next_occurrence, today
from shop.reminders import reminder
from shop.tables import Member, Reminder

NOTICE_DAYS = 7


def next_birthday(member: Member, after=None):
    b = member.birthday
    return next_occurrence(b.calendar, int(b.month), int(b.day), bool(b.leap_month), after=after or today())


def birthday_item(member: Member, after=None) -> Reminder:
    """Due a week before the next birthday (tomorrow, when that is closer)."""
    day = next_birthday(member, after)
    return reminder(
        "birthday", member.member_id, "self", max(day - timedelta(days=NOTICE_DAYS), today() + timedelta(days=1))
    )


def schedule(transaction, member: Member) -> None:
    """Inside the transaction that sets the birthday: its item, due before the new date. (A
    cleared birthday leaves its item; when it falls due, the job finds no birthday and stops.)"""
    if member.birthday:
        transaction.save(birthday_item(member))
