"""What the staff routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from shop.rules import CATEGORIES, PAYMENT_METHODS
from shop.staff import ROLES
from web.requests import ContactText, IdText, NameText, Strict


def _text(longest: int):
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=longest)]


Role = Literal[ROLES]  # type: ignore[valid-type]


class NewStaffRequest(Strict):
    contact: ContactText
    name: NameText
    role: Role
    store: IdText


class NoNulls(Strict):
    @model_validator(mode="after")
    def nothing_cleared(self):
        for field in self.model_fields_set:
            if getattr(self, field) is None:
                raise PydanticCustomError("missing", "null")
        return self


class StaffChange(NoNulls):
    name: NameText | None = None
    role: Role | None = None
    store: IdText | None = None
    active: bool | None = None

    def changes(self) -> dict:
        sent = self.model_dump(exclude_unset=True)
        if "store" in sent:
            sent["store_id"] = sent.pop("store")
        return sent


class StoreRequest(Strict):
    name: _text(40)
    address: _text(120)
    phone: _text(30)
    hours: _text(80)


class StoreChange(NoNulls):
    name: _text(40) | None = None
    address: _text(120) | None = None
    phone: _text(30) | None = None
    hours: _text(80) | None = None


class NoteRequest(Strict):
    text: _text(300)


# --- the counter ---------------------------------------------------------------------------

Yuan = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{1,6}(\.[0-9]{1,2})?$")]


def fen(yuan: str) -> int:
    """Prices are typed in yuan (`128`, `128.5`, `128.50`) and kept as integer fen, exactly."""
    whole, _, cents = yuan.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


class LineRequest(Strict):
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    name: _text(40)
    quantity: int = Field(ge=1, le=999)
    unit_price: Yuan


class SaleRequest(Strict):
    member_id: IdText | None = None  # none: a walk-in
    lines: list[LineRequest] = Field(min_length=1, max_length=50)
    payment_method: Literal[PAYMENT_METHODS]  # type: ignore[valid-type]
    redeem_points: int = Field(default=0, ge=0, le=10_000_000)
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class RefundRequest(Strict):
    amount: Yuan
    reason: _text(100)


class AdjustmentRequest(Strict):
    points: int = Field(ge=-1_000_000, le=1_000_000)
    reason: _text(100)

    @model_validator(mode="after")
    def not_zero(self):
        if self.points == 0:
            raise PydanticCustomError("greater_than", "zero")
        return self


class TierRequest(Strict):
    tier: Literal["regular", "silver", "gold"]
    reason: _text(100)
    until: date
