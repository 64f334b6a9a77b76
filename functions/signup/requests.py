"""What the signup routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

ContactText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
CodeText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]
NameText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoFields(Strict):
    """A body that must be empty or `{}`."""


class CodeRequest(Strict):
    contact: ContactText


class SignInRequest(Strict):
    contact: ContactText
    code: CodeText


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
    birthday: BirthdayIn | None = None
    marketing_consent: bool = False
