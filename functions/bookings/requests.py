"""What the booking routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from shop.booking_rules import Window
from shop.catalog import KINDS
from shop.rules import PAYMENT_METHODS
from shop.subscriptions import CADENCES
from shop.vocabulary import ILLUSTRATIONS, OCCASIONS, VARIETIES
from web.requests import Address, DeliveryRecipient, IdText, NameText, Phone, Strict, Yuan, fen, text_of

Occasion = Literal[tuple(OCCASIONS)]  # type: ignore[valid-type]


class RecipientRequest(Strict):
    """A saved recipient (`recipient_id`) or a new one (`name`, `phone`, `address`, `save`)."""

    recipient_id: IdText | None = None
    name: NameText | None = None
    phone: Phone | None = None
    address: Address | None = None
    save: bool = False

    @model_validator(mode="after")
    def one_or_the_other(self):
        if (self.recipient_id is None) == (self.name is None):
            raise PydanticCustomError("missing", "recipient_id or name")
        return self


class ItemRequest(Strict):
    item_id: IdText
    quantity: int = Field(ge=1, le=20)


class Options(Strict):
    anonymous: bool = False
    no_call: bool = False


class BookingRequest(Strict):
    store: IdText
    date: date
    window: Window
    mode: Literal["pickup", "delivery"]
    items: list[ItemRequest] = Field(min_length=1, max_length=10)
    occasion: Occasion | None = None
    occasion_id: IdText | None = None  # the gift notebook's entry it is booked for
    recipient: RecipientRequest | None = None
    card_message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = None
    options: Options = Field(default_factory=Options)
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    def ask(self, **extra):
        from shop.bookings import Ask

        recipient = self.recipient.model_dump(exclude_none=True) if self.recipient else None
        return Ask(
            store_id=self.store,
            day=self.date,
            window=self.window,
            mode=self.mode,
            items=tuple((line.item_id, line.quantity) for line in self.items),
            occasion=self.occasion,
            occasion_id=self.occasion_id,
            recipient=recipient,
            card_message=self.card_message or None,
            anonymous=self.options.anonymous,
            no_call=self.options.no_call,
            notes=self.notes or None,
            **extra,
        )


class Customer(Strict):
    name: NameText
    phone: Phone


class PaymentRequest(Strict):
    status: Literal["unpaid", "deposit", "paid"]
    method: Literal["wechat-pay", "alipay", "cash", "bank-card"] | None = None
    deposit: Yuan | None = None

    def recorded(self) -> dict:
        return {"status": self.status, "method": self.method, "deposit_fen": fen(self.deposit or "0")}


class StaffBookingRequest(BookingRequest):
    member_id: IdText | None = None
    customer: Customer | None = None
    payment: PaymentRequest

    @model_validator(mode="after")
    def someone(self):
        if (self.member_id is None) == (self.customer is None):
            raise PydanticCustomError("missing", "member_id or customer")
        return self


class StatusRequest(Strict):
    status: Literal["confirmed", "in-workroom", "ready", "out-for-delivery", "completed", "cancelled", "failed"]
    reason: text_of(100) | None = None

    @model_validator(mode="after")
    def reason_for_an_end(self):
        if self.status in ("cancelled", "failed") and not self.reason:
            raise PydanticCustomError("missing", "reason")
        return self


class PhotoRequest(Strict):
    kind: Literal["before", "handover"]


class RecipeLine(Strict):
    variety: Literal[tuple(VARIETIES)]  # type: ignore[valid-type]
    stems: int = Field(ge=1, le=999)


class CatalogRequest(Strict):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    name_zh: text_of(20)
    name_en: text_of(40)
    description_zh: text_of(200) | None = None
    description_en: text_of(300) | None = None
    price: Yuan
    illustration: Literal[ILLUSTRATIONS]  # type: ignore[valid-type]
    recipe: list[RecipeLine] = Field(default_factory=list, max_length=20)
    deliverable: bool = True
    occasions: list[Occasion] = Field(default_factory=list, max_length=10)
    active: bool = True

    def details(self) -> dict:
        sent = self.model_dump()
        sent["price_fen"] = fen(sent.pop("price"))
        sent["recipe"] = tuple((line["variety"], line["stems"]) for line in sent["recipe"])
        sent["occasions"] = tuple(sent["occasions"])
        return sent


class CatalogChange(Strict):
    kind: Literal[KINDS] | None = None  # type: ignore[valid-type]
    name_zh: text_of(20) | None = None
    name_en: text_of(40) | None = None
    description_zh: text_of(200) | None = None
    description_en: text_of(300) | None = None
    price: Yuan | None = None
    illustration: Literal[ILLUSTRATIONS] | None = None  # type: ignore[valid-type]
    recipe: list[RecipeLine] | None = Field(default=None, max_length=20)
    deliverable: bool | None = None
    occasions: list[Occasion] | None = Field(default=None, max_length=10)
    active: bool | None = None

    def changes(self) -> dict:
        sent = self.model_dump(exclude_none=True)
        if "price" in sent:
            sent["price_fen"] = fen(sent.pop("price"))
        if "recipe" in sent:
            sent["recipe"] = [(line["variety"], line["stems"]) for line in sent["recipe"]]
        return sent


class SubscriptionRequest(Strict):
    member_id: IdText
    item_id: IdText
    count: int = Field(ge=1, le=52)
    cadence: Literal[CADENCES]  # type: ignore[valid-type]
    store: IdText
    window: Window
    mode: Literal["pickup", "delivery"]
    starts_on: date
    recipient: DeliveryRecipient | None = None
    card_message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = None
    family: bool = False
    price: Yuan
    payment_method: Literal[PAYMENT_METHODS]  # type: ignore[valid-type]

    @model_validator(mode="after")
    def starts_ahead_and_family_is_delivered(self):
        from shop.dates import today

        if not (today() < self.starts_on <= today() + timedelta(days=90)):
            raise PydanticCustomError("invalid_date", "a start from tomorrow to 90 days ahead")
        if self.family and (self.mode != "delivery" or self.recipient is None):
            raise PydanticCustomError("missing", "a family card is delivered to its recipient")
        return self

    def plan(self):
        from shop.subscriptions import Plan

        recipient = self.recipient.model_dump() if self.recipient else None
        return Plan(
            self.item_id,
            self.count,
            self.cadence,
            self.store,
            self.window,
            self.mode,
            self.starts_on,
            recipient,
            self.card_message,
            self.family,
        )

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class SkipRequest(Strict):
    date: date


class PauseRequest(Strict):
    paused: bool


class DeliveryRecipientRequest(Strict):
    recipient: DeliveryRecipient
