"""What the staff routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from shop.staff import ROLES
from web.requests import ContactText, IdText, NameText, Strict, text_of

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
    name: text_of(40)
    address: text_of(120)
    phone: text_of(30)
    hours: text_of(80)


class StoreChange(NoNulls):
    name: text_of(40) | None = None
    address: text_of(120) | None = None
    phone: text_of(30) | None = None
    hours: text_of(80) | None = None


class NoteRequest(Strict):
    text: text_of(300)
