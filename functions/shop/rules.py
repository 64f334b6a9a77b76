"""The loyalty rules a manager sets: earning, tiers, expiry and redemption. Defaults are the
common practice of Chinese florists; every number is a setting. Money is integer fen.

Rounding, stated once: points are whole; each rule's points are rounded down (a customer never
gets part of a point, and sums of rounded parts never exceed the whole); the tier discount is
rounded down to the fen; 1 point redeems for `fen_per_point` fen.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from shop.i18n import N_

CATEGORIES = ("bouquet", "cut-flowers", "potted-plant", "event-arrangement", "accessory", "delivery-fee")
CATEGORY_NAMES = {  # the same words as the counter's (points_labels.html)
    "bouquet": N_("Bouquet"),
    "cut-flowers": N_("Cut flowers"),
    "potted-plant": N_("Potted and green plants"),
    "event-arrangement": N_("Event arrangement"),
    "accessory": N_("Accessory"),
    "delivery-fee": N_("Delivery fee"),
}
PAYMENT_METHODS = ("wechat-pay", "alipay", "cash", "bank-card", "stored-value", "other")
REWARD_KINDS = ("gift", "packaging-upgrade", "free-delivery", "money-off", "workshop")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)  # built on first use, not at cold start


class Tier(Strict):
    key: TierKey
    name_zh: str = Field(min_length=1, max_length=12)
    name_en: str = Field(min_length=1, max_length=20)
    spend_fen: int = Field(ge=0, le=10**10)  # spend over a rolling 12 months to reach it
    discount_percent: int = Field(ge=0, le=50)
    points_multiplier: float = Field(ge=1.0, le=5.0)


TierKey = Literal["regular", "silver", "gold"]


class BonusEvent(Strict):
    """A time-boxed bonus: between two business days (inclusive), base points x multiplier,
    optionally only for some tiers or some stores (empty: all)."""

    name_zh: str = Field(min_length=1, max_length=20)
    name_en: str = Field(min_length=1, max_length=40)
    starts_on: date
    ends_on: date
    multiplier: float = Field(gt=1.0, le=5.0)
    tiers: list[TierKey] = Field(default_factory=list, max_length=3)
    stores: list[str] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def in_order(self):
        if self.ends_on < self.starts_on:
            raise PydanticCustomError("date_order", "The end date is before the start date.")
        return self

    def applies(self, on: date, tier: str, store_id: str) -> bool:
        return (
            self.starts_on <= on <= self.ends_on
            and (not self.tiers or tier in self.tiers)
            and (not self.stores or store_id in self.stores)
        )


class TagRules(Strict):
    """The thresholds of the automatic tags (shop.tags)."""

    high_value_fen: int = Field(default=500_000, ge=0, le=100_000_000)  # in 12 months
    promising_first_fen: int = Field(default=50_000, ge=0, le=100_000_000)  # a first purchase this big...
    promising_first_days: int = Field(default=60, ge=1, le=365)  # ... this recent
    promising_rise_percent: int = Field(default=50, ge=0, le=1000)  # the last 6 months against the 6 before
    new_days: int = Field(default=30, ge=1, le=365)
    drifting_factor: float = Field(default=2.0, ge=1.0, le=10.0)  # late: this many of their usual gaps
    drifting_purchases: int = Field(default=3, ge=2, le=12)  # a rhythm needs this many purchase days
    sleeping_days: int = Field(default=365, ge=30, le=1000)
    plant_lover_purchases: int = Field(default=3, ge=1, le=100)  # purchases with potted plants


class LoyaltyRules(Strict):
    points_per_yuan: int = Field(default=1, ge=0, le=100)
    birthday_month_multiplier: float = Field(default=2.0, ge=1.0, le=5.0)
    first_purchase_bonus: int = Field(default=100, ge=0, le=100_000)
    referral_bonus: int = Field(default=200, ge=0, le=100_000)  # to each side, on the first purchase
    winback_coupon_fen: int = Field(default=2000, ge=0, le=100_000)  # a care greeting's coupon
    winback_coupon_days: int = Field(default=30, ge=1, le=366)
    winback_single_purchase_days: int = Field(default=90, ge=7, le=730)  # when one purchase is late
    birthday_coupon_fen: int = Field(default=3000, ge=0, le=100_000)  # with the birthday greeting
    birthday_coupon_days: int = Field(default=30, ge=1, le=366)
    # decision 10: the share of due members held out of each automated kind, to measure its effect
    holdouts: dict[Literal["win-back", "birthday", "festival"], int] = Field(
        default_factory=lambda: {"win-back": 10, "birthday": 10, "festival": 0}
    )
    events: list[BonusEvent] = Field(default_factory=list, max_length=20)
    category_multipliers: dict[Literal[CATEGORIES], float] = Field(  # type: ignore[valid-type]
        default_factory=lambda: {"potted-plant": 2.0}
    )
    tags: TagRules = Field(default_factory=TagRules)
    expiry: Literal["end-of-next-year", "twelve-months"] = "end-of-next-year"  # 年度清零 by default
    fen_per_point: int = Field(default=1, ge=1, le=100)  # 100 points = 1 yuan
    redeem_share_percent: int = Field(default=30, ge=0, le=100)  # at most 30% of a sale
    yearly_review: bool = False  # no automatic downgrade unless turned on (保级)
    tiers: list[Tier] = Field(
        default_factory=lambda: [
            Tier(
                key="regular",
                name_zh="普通会员",
                name_en="Member",
                spend_fen=0,
                discount_percent=0,
                points_multiplier=1.0,
            ),
            Tier(
                key="silver",
                name_zh="银卡会员",
                name_en="Silver",
                spend_fen=200_000,
                discount_percent=5,
                points_multiplier=1.0,
            ),
            Tier(
                key="gold",
                name_zh="金卡会员",
                name_en="Gold",
                spend_fen=500_000,
                discount_percent=10,
                points_multiplier=1.0,
            ),
        ],
        min_length=3,
        max_length=3,
    )

    def tier(self, key: str) -> Tier:
        return next(tier for tier in self.tiers if tier.key == key)

    def tier_for_spend(self, spend_fen: int) -> Tier:
        return max((t for t in self.tiers if spend_fen >= t.spend_fen), key=lambda t: t.spend_fen)

    def rank(self, key: str) -> int:
        return [t.key for t in sorted(self.tiers, key=lambda t: t.spend_fen)].index(key)


RULES_CACHE_SECONDS = 30
_cached: dict[str, tuple[float, BaseModel]] = {}


def load_document(key: str, model: type[BaseModel]) -> BaseModel:
    """A manager's settings document (the loyalty rules, the booking rules), or its defaults
    before a manager has saved one. Kept for 30 seconds in each function instance (a manager's
    change reaches every counter within that)."""
    import time

    from pynamodb.exceptions import DoesNotExist

    from shop.tables import RuleSet

    found = _cached.get(key)
    if found and time.monotonic() - found[0] < RULES_CACHE_SECONDS:
        return found[1]
    try:
        value = model.model_validate_json(RuleSet.get(key).document)
    except DoesNotExist:
        value = model()
    _cached[key] = (time.monotonic(), value)
    return value


def save_document(key: str, value: BaseModel, actor: str, actor_store: str | None) -> BaseModel:
    """Save a settings document with its audit entry, in one transaction."""
    from pynamodb.transactions import TransactWrite

    from shop.audit import audit_entry
    from shop.clock import now
    from shop.tables import RuleSet, transaction_connection

    _cached.pop(key, None)
    item = RuleSet(rule_set=key, document=value.model_dump_json(), changed_at=now(), changed_by=actor)
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(item)
        transaction.save(
            audit_entry(f"rules#{key}", "rules.changed", actor, actor_store, rules=json.loads(value.model_dump_json()))
        )
    return value


def forget_rules() -> None:
    _cached.clear()


def load_rules() -> LoyaltyRules:
    return load_document("loyalty", LoyaltyRules)


def save_rules(rules: LoyaltyRules, actor: str, actor_store: str | None) -> LoyaltyRules:
    return save_document("loyalty", rules, actor, actor_store)
