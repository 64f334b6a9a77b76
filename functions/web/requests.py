"""Shapes every function's requests share. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

ContactText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]
CodeText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]
NameText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
# Referral and coupon codes: letters and digits, typed in any case.
CodeWord = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z0-9]{4,12}$")]
IdText = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]{1,40}$")]
GuideSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{2,40}$")]  # a care guide's
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,19}$")]


class Strict(BaseModel):
    # defer_build: a model's validator is built when a request first needs it, not at import,
    # so a cold start pays only for the routes it serves.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class NoFields(Strict):
    """A body that must be empty or `{}`."""


class ContactAndCode(Strict):
    contact: ContactText
    code: CodeText


# Money as staff type it: yuan (`128`, `128.5`, `128.50`), kept as integer fen, exactly.
Yuan = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{1,6}(\.[0-9]{1,2})?$")]


def fen(yuan: str) -> int:
    whole, _, cents = yuan.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


def text_of(longest: int):
    """A required text, trimmed, of at most `longest` characters."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=longest)]


class Address(Strict):
    province: text_of(20)
    city: text_of(20)
    district: text_of(20)
    street: text_of(60)
    building_room: text_of(40)


class DeliveryRecipient(Strict):
    """Who a delivery goes to: a flower card's (a family card: the parents in another city), or
    each employee of a company's bulk order."""

    name: NameText
    phone: Phone
    address: Address
