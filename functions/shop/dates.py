"""The dates that matter, in the business time zone: the next birthday, solar or lunar."""

from __future__ import annotations

from datetime import date, datetime

from shop.clock import now
from shop.settings import get_settings


def business_day(moment: datetime) -> date:
    """The shop's calendar day of a moment (business time zone, Asia/Shanghai by default)."""
    return moment.astimezone(get_settings().time_zone).date()


def today() -> date:
    return business_day(now())


def _solar(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)  # 29 February falls on 28 February in other years
    return date(year, month, day)


def _lunar(year: int, month: int, day: int, leap: bool) -> date | None:
    from borax.calendars.lunardate import InvalidLunarDateError, LunarDate

    for candidate_day in (day, day - 1):  # a month of 29 days has no 30th: the 29th stands in
        for is_leap in (True, False) if leap else (False,):  # no leap month this year: the plain one
            try:
                return LunarDate(year, month, candidate_day, int(is_leap)).to_solar_date()
            except InvalidLunarDateError:
                continue
    return None


def next_occurrence(calendar: str, month: int, day: int, leap_month: bool = False, after: date | None = None) -> date:
    """The next solar date, on or after `after` (today), of a yearly solar or lunar date."""
    start = after or today()
    for year in (start.year - 1, start.year, start.year + 1):
        found = _solar(year, month, day) if calendar == "solar" else _lunar(year, month, day, leap_month)
        if found and found >= start:
            return found
    raise ValueError("no such date")


def occurrence_in(year: int, calendar: str, month: int, day: int, leap_month: bool = False) -> date | None:
    """A yearly date in one year: solar, lunar (borax), or a rule such as Mother's Day (the
    second Sunday of May: `calendar="mothers-day"`)."""
    if calendar == "solar":
        return _solar(year, month, day)
    if calendar == "lunar":
        return _lunar(year, month, day, leap_month)
    first = date(year, 5, 1)
    return first.replace(day=1 + (6 - first.weekday()) % 7 + 7)
