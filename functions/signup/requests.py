"""What the signup routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from shop.codes import PURPOSES
from shop.vocabulary import ALLERGIES, BUDGETS, COLOURS, FLOWERS, PETS, STYLES
from web.requests import CodeText, CodeWord, ContactText, IdText, NameText, Strict

Salutation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class CodeRequest(Strict):
    contact: ContactText
    purpose: Literal[PURPOSES] = "member"  # type: ignore[valid-type]


class BirthdayIn(Strict):
    """A birthday on the solar or the lunar calendar; the year is optional."""

    calendar: Literal["solar", "lunar"]
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year: int | None = Field(default=None, ge=1900, le=2100)
    leap_month: bool = False

    @model_validator(mode="after")
    def real_day(self) -> BirthdayIn:
        if self.calendar == "lunar":
            longest = 30
        elif self.year is None:
            longest = 29 if self.month == 2 else calendar.monthrange(2001, self.month)[1]
        else:
            longest = calendar.monthrange(self.year, self.month)[1]
        if self.day > longest or (self.leap_month and self.calendar == "solar"):
            raise PydanticCustomError("invalid_date", "no such day")
        if self.calendar == "solar" and self.year and date(self.year, self.month, self.day) > date.today():
            raise PydanticCustomError("invalid_date", "in the future")
        return self


class JoinRequest(Strict):
    contact: ContactText
    code: CodeText
    name: NameText
    salutation: Salutation | None = None
    birthday: BirthdayIn | None = None
    marketing_consent: bool = False
    confirms_age: Literal[True]  # members are 14 or older
    store: IdText | None = None
    invited_by: IdText | None = None
    referral: CodeWord | None = None  # a friend's referral code, from /join/?ref=


class PreferencesIn(Strict):
    flowers: list[Literal[tuple(FLOWERS)]] = Field(default_factory=list, max_length=len(FLOWERS))  # type: ignore[valid-type]
    colours: list[Literal[tuple(COLOURS)]] = Field(default_factory=list, max_length=len(COLOURS))  # type: ignore[valid-type]
    styles: list[Literal[tuple(STYLES)]] = Field(default_factory=list, max_length=len(STYLES))  # type: ignore[valid-type]
    budget: Literal[tuple(BUDGETS)] | None = None  # type: ignore[valid-type]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class SensitiveIn(Strict):
    consent: bool
    allergies: list[Literal[tuple(ALLERGIES)]] = Field(default_factory=list, max_length=len(ALLERGIES))  # type: ignore[valid-type]
    pets: list[Literal[tuple(PETS)]] = Field(default_factory=list, max_length=len(PETS))  # type: ignore[valid-type]


class MarketingIn(Strict):
    sms: bool | None = None
    email: bool | None = None


class ProfileChange(Strict):
    name: NameText | None = None
    salutation: Salutation | None = None
    birthday: BirthdayIn | None = None
    preferences: PreferencesIn | None = None
    sensitive: SensitiveIn | None = None
    marketing: MarketingIn | None = None
    lang: Literal["zh", "en"] | None = None

    @model_validator(mode="after")
    def only_birthday_clears(self) -> ProfileChange:
        """`birthday: null` and `salutation: null` clear them; no other field can be cleared."""
        for field in self.model_fields_set - {"birthday", "salutation"}:
            if getattr(self, field) is None:
                raise PydanticCustomError("missing", "null")
        return self

    def changes(self) -> dict:
        """Only the fields sent, lists without repeats."""
        sent = self.model_dump(exclude_unset=True)
        if "marketing" in sent:
            sent["marketing"] = {k: v for k, v in sent["marketing"].items() if v is not None}
        for field in ("preferences", "sensitive"):
            if field in sent:
                sent[field] = {k: list(dict.fromkeys(v)) if isinstance(v, list) else v for k, v in sent[field].items()}
        return sent


class OptOutRequest(Strict):
    token: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=200)]
