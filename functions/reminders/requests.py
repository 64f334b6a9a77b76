"""What the gift notebook's routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from shop.occasions import KINDS, RELATIONSHIPS
from shop.plants import CADENCES, TASKS
from shop.vocabulary import FLOWERS
from web.requests import GuideSlug, IdText, NameText, Strict


class DateRequest(Strict):
    calendar: Literal["solar", "lunar"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    leap_month: bool = False
    year: int | None = Field(default=None, ge=1900, le=2100)

    @model_validator(mode="after")
    def real_day(self):
        import calendar

        longest = 30 if self.calendar == "lunar" else calendar.monthrange(2000, self.month)[1]
        if self.day > longest:
            raise PydanticCustomError("invalid_date", "no such day")
        return self


class OccasionRequest(Strict):
    person: NameText
    relationship: Literal[RELATIONSHIPS]  # type: ignore[valid-type]
    kind: Literal[KINDS]  # type: ignore[valid-type]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] | None = None
    date: DateRequest
    remind_days: int = Field(default=7, ge=0, le=60)
    flowers: list[Literal[tuple(FLOWERS)]] = Field(default_factory=list, max_length=13)  # type: ignore[valid-type]
    recipient_id: IdText | None = None
    paused: bool = False

    def fields(self) -> dict:
        return self.model_dump()


class OccasionChange(Strict):
    person: NameText | None = None
    relationship: Literal[RELATIONSHIPS] | None = None  # type: ignore[valid-type]
    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] | None = None
    date: DateRequest | None = None
    remind_days: int | None = Field(default=None, ge=0, le=60)
    flowers: list[Literal[tuple(FLOWERS)]] | None = Field(default=None, max_length=13)  # type: ignore[valid-type]
    recipient_id: IdText | None = None
    paused: bool | None = None

    @model_validator(mode="after")
    def only_optional_cleared(self):
        for field in self.model_fields_set - {"label", "recipient_id"}:
            if getattr(self, field) is None:
                raise PydanticCustomError("missing", "null")
        return self

    def changes(self) -> dict:
        """What was sent; `label` and `recipient_id` may be null (cleared)."""
        return self.model_dump(exclude_unset=True)


class PlantRequest(Strict):
    guide: GuideSlug
    nickname: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] | None = None
    acquired_on: date | None = None  # default: today

    @model_validator(mode="after")
    def not_in_the_future(self):
        from shop.dates import today

        if self.acquired_on is not None and not (date(2000, 1, 1) <= self.acquired_on <= today()):
            raise PydanticCustomError("invalid_date", "a day between 2000 and today")
        return self


class CareRequest(Strict):
    task: Literal[TASKS]  # type: ignore[valid-type]
    action: Literal["done", "snooze"]
    days: int | None = Field(default=None, ge=1, le=30)  # a snooze's length

    @model_validator(mode="after")
    def snooze_has_days(self):
        if (self.action == "snooze") != (self.days is not None):
            raise PydanticCustomError("invalid_snooze", "days with a snooze, and only then")
        return self


class DigestRequest(Strict):
    cadence: Literal[CADENCES]  # type: ignore[valid-type]
