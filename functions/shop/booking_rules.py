"""The booking rules a manager sets: time windows and their capacities, the same-day cut-off,
closed days, holds, the Gold share, the peak-day calendar and the card message templates.
Defaults are what a Shanghai florist would start with; every number is a setting."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from shop.rules import Strict

Window = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class PeakDay(Strict):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,30}$")]
    name_zh: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    name_en: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    calendar: Literal["solar", "lunar", "mothers-day"] = "solar"
    month: int = Field(default=1, ge=1, le=12)
    day: int = Field(default=1, ge=1, le=31)
    pickup_capacity: int = Field(ge=0, le=10_000)
    delivery_capacity: int = Field(ge=0, le=10_000)
    early_bird_days: int = Field(default=14, ge=0, le=120)  # booked this many days ahead or more
    early_bird_percent: int = Field(default=10, ge=0, le=50)
    invite_days: int = Field(default=14, ge=0, le=120)  # last year's buyers are invited this far ahead
    last_call_days: int = Field(default=0, ge=0, le=30)  # and called once more (0: no last call)

    def on(self, year: int) -> date | None:
        from shop.dates import occurrence_in

        return occurrence_in(year, self.calendar, self.month, self.day)


def _peak(key, zh, en, month, day, calendar="solar", pickup=40, delivery=60, invite=14, last_call=0) -> PeakDay:
    return PeakDay(
        key=key,
        name_zh=zh,
        name_en=en,
        calendar=calendar,
        month=month,
        day=day,
        pickup_capacity=pickup,
        delivery_capacity=delivery,
        invite_days=invite,
        last_call_days=last_call,
    )


DEFAULT_PEAK_DAYS = [
    _peak("valentines", "情人节", "Valentine's Day", 2, 14, invite=21, last_call=3),
    _peak("womens-day", "妇女节", "Women's Day", 3, 8, pickup=30, delivery=40),
    _peak("520", "520", "520 (I love you)", 5, 20),
    _peak(
        "mothers-day",
        "母亲节",
        "Mother's Day",
        5,
        1,
        calendar="mothers-day",
        pickup=50,
        delivery=80,
        invite=21,
        last_call=3,
    ),
    _peak("qixi", "七夕", "Qixi", 7, 7, calendar="lunar"),
    _peak("teachers-day", "教师节", "Teachers' Day", 9, 10, pickup=30, delivery=30, invite=7),
    _peak("christmas-eve", "平安夜", "Christmas Eve", 12, 24, pickup=30, delivery=40),
]

DEFAULT_CARD_TEMPLATES = {
    "birthday": ["生日快乐，愿你被温柔以待。", "Happy birthday! Wishing you a year full of flowers."],
    "anniversary": ["谢谢你一直在我身边。", "Thank you for every year together."],
    "love": ["想把最好的都给你。", "All my love, today and every day."],
    "mothers-day": ["妈妈，节日快乐，辛苦了！", "Happy Mother's Day, with love and thanks."],
    "teachers-day": ["老师辛苦了，谢谢您的教导。", "Thank you for all you have taught me."],
    "get-well": ["祝早日康复！", "Get well soon!"],
    "congratulations": ["恭喜恭喜，前程似锦！", "Congratulations, and all the best ahead!"],
    "sympathy": ["节哀顺变，愿您保重。", "With deepest sympathy."],
}


class StoreSlots(Strict):
    """One store's own opening: what it sets replaces the chain's."""

    windows: list[Window] | None = Field(default=None, min_length=1, max_length=12)
    pickup_capacity: int | None = Field(default=None, ge=0, le=10_000)
    delivery_capacity: int | None = Field(default=None, ge=0, le=10_000)
    closed_weekdays: list[Annotated[int, Field(ge=0, le=6)]] | None = Field(default=None, max_length=7)
    closed_days: list[date] | None = Field(default=None, max_length=100)


class BookingRules(Strict):
    windows: list[Window] = Field(
        default_factory=lambda: ["10:00-12:00", "12:00-14:00", "14:00-16:00", "16:00-18:00", "18:00-20:00"],
        min_length=1,
        max_length=12,
    )
    pickup_capacity: int = Field(default=8, ge=0, le=10_000)  # per window, on an ordinary day
    delivery_capacity: int = Field(default=6, ge=0, le=10_000)
    delivery_fee_fen: int = Field(default=3000, ge=0, le=100_000)
    cutoff: Clock = "14:00"  # same-day bookings close then; cancelling: the day before
    closed_weekdays: list[int] = Field(default_factory=list, max_length=7)  # 0 is Monday
    closed_days: list[date] = Field(default_factory=list, max_length=100)
    hold_hours: int = Field(default=24, ge=1, le=168)
    gold_share_percent: int = Field(default=20, ge=0, le=100)
    gold_priority_windows: list[Window] = Field(default_factory=lambda: ["10:00-12:00"], max_length=12)
    gold_first_days: int = Field(default=3, ge=0, le=60)  # Gold-first windows open to all this close to the day
    peak_days: list[PeakDay] = Field(default_factory=lambda: list(DEFAULT_PEAK_DAYS), max_length=40)
    card_templates: dict[str, list[Text]] = Field(default_factory=lambda: dict(DEFAULT_CARD_TEMPLATES))
    stores: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]{1,40}$")], StoreSlots] = Field(
        default_factory=dict, max_length=50
    )

    def for_store(self, store_id: str) -> BookingRules:
        """The rules one store books by: the chain's, with the store's own opening over them."""
        own = self.stores.get(store_id)
        return self.model_copy(update=own.model_dump(exclude_none=True)) if own else self

    @field_validator("closed_weekdays")
    @classmethod
    def weekdays(cls, value: list[int]) -> list[int]:
        if any(not 0 <= day <= 6 for day in value):
            raise ValueError("weekday")
        return value

    @field_validator("card_templates")
    @classmethod
    def templates(cls, value: dict) -> dict:
        from shop.vocabulary import OCCASIONS

        if set(value) - set(OCCASIONS) or any(len(texts) > 10 for texts in value.values()):
            raise ValueError("occasion")
        return value

    def peak_on(self, day: date) -> PeakDay | None:
        return next((peak for peak in self.peak_days if peak.on(day.year) == day), None)

    def capacity(self, day: date, mode: str) -> int:
        peak = self.peak_on(day)
        if peak:
            return peak.pickup_capacity if mode == "pickup" else peak.delivery_capacity
        return self.pickup_capacity if mode == "pickup" else self.delivery_capacity

    def gold_reserved(self, day: date, mode: str, window: str) -> int:
        """Places of a peak-day window only Gold members may take: the Gold share (rounded up);
        in a Gold-first delivery window, every place until `gold_first_days` before the day."""
        from shop.dates import today

        if not self.peak_on(day):
            return 0
        if mode == "delivery" and window in self.gold_priority_windows and (day - today()).days > self.gold_first_days:
            return self.capacity(day, mode)
        return -(-self.capacity(day, mode) * self.gold_share_percent // 100)

    def closed(self, day: date) -> bool:
        return day.weekday() in self.closed_weekdays or day in self.closed_days

    def cutoff_minutes(self) -> int:
        hours, minutes = (int(part) for part in re.split(":", self.cutoff))
        return hours * 60 + minutes


def load_booking_rules(store_id: str | None = None) -> BookingRules:
    """The chain's booking rules, or one store's (with its own opening) when a store is named."""
    from shop.rules import load_document

    rules = load_document("bookings", BookingRules)
    return rules.for_store(store_id) if store_id else rules


def save_booking_rules(rules: BookingRules, actor: str, actor_store: str | None) -> BookingRules:
    from shop.rules import save_document

    return save_document("bookings", rules, actor, actor_store)
