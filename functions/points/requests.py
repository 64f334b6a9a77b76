"""What the points routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from shop.booking_rules import Window
from shop.rules import CATEGORIES, PAYMENT_METHODS, REWARD_KINDS, TierKey
from shop.wallet import TOPUP_METHODS
from web.requests import Address, CodeWord, DeliveryRecipient, IdText, Strict, Yuan, fen, text_of


class LineRequest(Strict):
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    name: text_of(40)
    quantity: int = Field(ge=1, le=999)
    unit_price: Yuan


class SaleRequest(Strict):
    member_id: IdText | None = None  # none: a walk-in
    lines: list[LineRequest] = Field(min_length=1, max_length=50)
    payment_method: Literal[PAYMENT_METHODS]  # type: ignore[valid-type]
    redeem_points: int = Field(default=0, ge=0, le=10_000_000)
    coupon: CodeWord | None = None
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None

    @model_validator(mode="after")
    def stored_value_needs_a_member(self):
        if self.payment_method == "stored-value" and self.member_id is None:
            raise PydanticCustomError("member_needed", "paying from stored value needs the member")
        return self

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class TopUpRequest(Strict):
    member_id: IdText
    amount: Yuan
    method: Literal[TOPUP_METHODS]  # type: ignore[valid-type]

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class WalletRefundRequest(Strict):
    reason: text_of(100)


class TopUpOfferRequest(Strict):
    pay: Yuan
    bonus: Yuan
    tier: TierKey | None = None


class CardPlanRequest(Strict):
    name_zh: text_of(30)
    name_en: text_of(60)
    item_id: IdText
    count: int = Field(ge=1, le=52)
    cadence: Literal["weekly", "fortnightly", "monthly"]
    price: Yuan


class WalletRulesRequest(Strict):
    cap: Yuan
    offers: list[TopUpOfferRequest] = Field(default_factory=list, max_length=10)
    card_plans: list[CardPlanRequest] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def within_bounds(self):
        from pydantic import ValidationError

        try:
            self.rules()
        except ValidationError as error:
            raise PydanticCustomError("out_of_range", "cap at most 50000 yuan; an offer from 1 yuan") from error
        return self

    def rules(self):
        from shop.wallet import CardPlan, TopUpOffer, WalletRules

        offers = [TopUpOffer(pay_fen=fen(o.pay), bonus_fen=fen(o.bonus), tier=o.tier) for o in self.offers]
        plans = [CardPlan(**plan.model_dump(exclude={"price"}), price_fen=fen(plan.price)) for plan in self.card_plans]
        return WalletRules(cap_fen=fen(self.cap), offers=offers, card_plans=plans)


class RefundRequest(Strict):
    amount: Yuan
    reason: text_of(100)


class AdjustmentRequest(Strict):
    points: int = Field(ge=-1_000_000, le=1_000_000)
    reason: text_of(100)

    @model_validator(mode="after")
    def not_zero(self):
        if self.points == 0:
            raise PydanticCustomError("greater_than", "zero")
        return self


class TierRequest(Strict):
    tier: TierKey
    reason: text_of(100)
    until: date


Count = Annotated[int, Field(ge=0, le=100_000)]


class RewardRequest(Strict):
    name_zh: text_of(20)
    name_en: text_of(40)
    kind: Literal[REWARD_KINDS]  # type: ignore[valid-type]
    points_cost: int = Field(ge=1, le=1_000_000)
    value: Yuan = "0"
    eligible_tiers: list[TierKey] = Field(default_factory=list, max_length=3)
    stock: Count | None = None
    per_member_limit: Count | None = None
    valid_days: int = Field(default=90, ge=1, le=366)
    active: bool = True

    def details(self) -> dict:
        sent = self.model_dump()
        sent["value_fen"] = fen(sent.pop("value"))
        sent["eligible_tiers"] = tuple(sent["eligible_tiers"])
        return sent


class RewardChange(Strict):
    """Any of a reward's fields; `stock` and `per_member_limit` may be null (unlimited)."""

    name_zh: text_of(20) | None = None
    name_en: text_of(40) | None = None
    kind: Literal[REWARD_KINDS] | None = None  # type: ignore[valid-type]
    points_cost: int | None = Field(default=None, ge=1, le=1_000_000)
    value: Yuan | None = None
    eligible_tiers: list[TierKey] | None = Field(default=None, max_length=3)
    stock: Count | None = None
    per_member_limit: Count | None = None
    valid_days: int | None = Field(default=None, ge=1, le=366)
    active: bool | None = None

    @model_validator(mode="after")
    def only_limits_cleared(self):
        for field in self.model_fields_set - {"stock", "per_member_limit"}:
            if getattr(self, field) is None:
                raise PydanticCustomError("missing", "null")
        return self

    def changes(self) -> dict:
        sent = self.model_dump(exclude_unset=True)
        if "value" in sent:
            sent["value_fen"] = fen(sent.pop("value"))
        return sent


class CompanyRequest(Strict):
    name: text_of(60)
    invoice_title: text_of(100)
    tax_id: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Z]{15,20}$")]  # 统一社会信用代码
    address: text_of(120)
    contact_name: text_of(40)
    contact_phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,19}$")]
    discount_percent: int = Field(default=0, ge=0, le=50)
    credit_limit: Yuan = "0"
    rebate_percent: int = Field(default=0, ge=0, le=20)
    members: list[IdText] = Field(default_factory=list, max_length=200)

    def details(self):
        from shop.companies import CompanyDetails

        values = self.model_dump(exclude={"credit_limit", "members"})
        return CompanyDetails(**values, credit_limit_fen=fen(self.credit_limit), members=tuple(self.members))


class CompanyOrderRequest(Strict):
    ordered_by: IdText | None = None  # the company's member who ordered; none: staff for the company
    lines: list[LineRequest] = Field(min_length=1, max_length=50)

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class CompanyPaymentRequest(Strict):
    amount: Yuan
    month: Annotated[str, StringConstraints(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")]


class StatementConfirmation(Strict):
    token: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{4,200}\.[A-Za-z0-9_-]{4,100}$")]


class BulkRowRequest(Strict):
    recipient: DeliveryRecipient
    date: date
    window: Window
    item_id: IdText
    quantity: int = Field(default=1, ge=1, le=20)
    card_message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = None


class BulkOrderRequest(Strict):
    """A list of deliveries (read from the company's CSV by the page): at most 200 rows."""

    store: IdText
    rows: list[BulkRowRequest] = Field(min_length=1, max_length=200)

    def bulk_rows(self):
        from shop.companies import BulkRow

        return [
            BulkRow(row.recipient.model_dump(), row.date, row.window, row.item_id, row.quantity, row.card_message)
            for row in self.rows
        ]

    def payload(self) -> dict:
        return self.model_dump(mode="json")


class EmployeeRequest(Strict):
    name: text_of(40)
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,19}$")]
    address: Address
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


class EmployeesRequest(Strict):
    """The company's list of employees' birthdays (read from its CSV by the page), and how their
    flowers go out."""

    store: IdText
    window: Window
    item_id: IdText
    days_ahead: int = Field(default=3, ge=1, le=14)
    card_message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = None
    employees: list[EmployeeRequest] = Field(max_length=500)

    def plan(self):
        from shop.companies import BirthdayPlan

        return BirthdayPlan(self.store, self.window, self.item_id, self.days_ahead, self.card_message)

    def people(self) -> list[dict]:
        return [employee.model_dump() for employee in self.employees]
