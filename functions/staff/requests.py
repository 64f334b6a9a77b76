"""What the staff routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError

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
