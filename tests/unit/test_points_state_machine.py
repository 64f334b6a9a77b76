"""Sales, redemptions, refunds, lapses and adjustments in any order keep
`balance == sum(buckets) - debt == sum(ledger)`, never a negative bucket or debt, and agree with
a plain in-memory model of the rules (written separately from the engine)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.conftest import TravellingClock


class Model:
    """The rules, plainly: 1 point per paid yuan of goods; 1 point = 1 fen off, at most 30%;
    points lapse at the end of the following year; refunds take back in proportion."""

    def __init__(self) -> None:
        self.buckets: dict[date, int] = {}
        self.debt = 0
        self.sales: list[dict] = []

    @property
    def balance(self) -> int:
        return sum(self.buckets.values()) - self.debt

    def lapse(self, today: date) -> None:
        self.buckets = {day: points for day, points in self.buckets.items() if day >= today}

    def earn(self, points: int, today: date) -> None:
        paid = min(self.debt, points)
        self.debt -= paid
        if points - paid:
            expiry = date(today.year + 1, 12, 31)
            self.buckets[expiry] = self.buckets.get(expiry, 0) + points - paid

    def spend(self, points: int) -> bool:
        if self.debt or self.balance < points:
            return False
        for day in sorted(self.buckets):
            used = min(self.buckets[day], points)
            self.buckets[day] -= used
            points -= used
        self.buckets = {day: p for day, p in self.buckets.items() if p}
        return True

    def take_back(self, points: int) -> None:
        for day in sorted(self.buckets, reverse=True):
            taken = min(self.buckets[day], points)
            self.buckets[day] -= taken
            points -= taken
        self.buckets = {day: p for day, p in self.buckets.items() if p}
        self.debt += points


class PointsMachine(RuleBasedStateMachine):
    @initialize()
    def open_shop(self):
        from moto import mock_aws

        from infra.dynamodb import create_tables
        from infra.local import configure
        from shop.clock import set_clock
        from shop.contacts import parse_contact
        from shop.members import NewMember, enrol
        from shop.rules import LoyaltyRules, Tier, save_rules

        self.mock = mock_aws()
        self.mock.start()
        configure("test", "", Path(tempfile.mkdtemp()))
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        create_tables("test")
        self.clock = TravellingClock()
        set_clock(self.clock)
        never = 10**9  # no tier discount: the model leaves tiers out
        tiers = [
            Tier(key=k, name_zh=k, name_en=k, spend_fen=s, discount_percent=0, points_multiplier=1.0)
            for k, s in (("regular", 0), ("silver", never), ("gold", never + 1))
        ]
        save_rules(
            LoyaltyRules(first_purchase_bonus=0, category_multipliers={}, birthday_month_multiplier=1.0, tiers=tiers),
            "test",
            None,
        )
        self.member = enrol(parse_contact("13800138000"), NewMember("张三", False, "zh"), "test").member_id
        self.model = Model()
        self.keys = 0

    def teardown(self):
        from shop.clock import set_clock

        if hasattr(self, "mock"):
            set_clock(None)
            self.mock.stop()

    def _today(self) -> date:
        from shop.dates import today

        return today()

    @rule(yuan=st.integers(1, 3000), redeem=st.integers(0, 400))
    def sell(self, yuan, redeem):
        from shop.errors import ShopError
        from shop.sales import Line, Sale, record_sale

        self.model.lapse(self._today())
        self.keys += 1
        sale = Sale("s1", "t1", (Line("bouquet", "花束", 1, yuan * 100),), "cash", self.member, redeem_points=redeem)
        allowed = redeem <= yuan * 100 * 30 // 100 and (
            redeem == 0 or (not self.model.debt and self.model.balance >= redeem)
        )
        try:
            done = record_sale(sale, f"k{self.keys}")
        except ShopError as error:
            assert not allowed, error.code
            return
        assert allowed
        assert self.model.spend(redeem) or redeem == 0
        earned = (yuan * 100 - redeem) // 100
        assert done["points_earned"] == earned
        self.model.earn(earned, self._today())
        self.model.sales.append(
            {"id": done["id"], "total": yuan * 100 - redeem, "earned": earned, "refunded": 0, "taken": 0}
        )

    @precondition(lambda self: self.model.sales)
    @rule(which=st.integers(0, 50), share=st.sampled_from([0.1, 0.25, 0.5, 1.0]))
    def refund(self, which, share):
        from shop.sales import refund

        sale = self.model.sales[which % len(self.model.sales)]
        amount = max(int((sale["total"] - sale["refunded"]) * share), 0)
        if amount <= 0:
            return
        self.model.lapse(self._today())
        self.keys += 1
        done = refund(sale["id"], amount, "退", "t1", "s1", f"r{self.keys}")
        owed = min(sale["earned"], sale["earned"] * (sale["refunded"] + amount) // sale["total"]) - sale["taken"]
        assert done["points_taken"] == owed
        sale["refunded"] += amount
        sale["taken"] += owed
        self.model.take_back(owed)

    @rule(points=st.integers(-300, 300).filter(bool))
    def adjust(self, points):
        from shop.errors import ShopError
        from shop.sales import adjust

        self.model.lapse(self._today())
        try:
            adjust(self.member, points, "调整", "t0", None)
        except ShopError:
            assert points < 0 and not (not self.model.debt and self.model.balance >= -points)
            return
        if points > 0:
            self.model.earn(points, self._today())
        else:
            assert self.model.spend(-points)

    @rule(days=st.integers(1, 500))
    def time_passes(self, days):
        self.clock.advance(days=days)
        self.model.lapse(self._today())

    @invariant()
    def the_books_balance(self):
        if not hasattr(self, "model"):
            return
        from shop.points import plain_map, points_view
        from shop.rules import load_rules
        from shop.tables import LedgerEntry, Member

        member = Member.get(self.member, consistent_read=True)
        buckets, debt = plain_map(member.buckets), int(member.debt)
        assert all(int(points) >= 0 for points in buckets.values()) and debt >= 0
        ledger = sum(int(line.points) for line in LedgerEntry.query(self.member))
        assert ledger == sum(int(p) for p in buckets.values()) - debt
        assert points_view(member, load_rules(), "zh")["balance"] == self.model.balance
        assert debt == self.model.debt


PointsMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("POINTS_EXAMPLES", 12 if os.environ.get("CI") else 25)),
    stateful_step_count=20,
    deadline=None,
)
TestPointsMachine = PointsMachine.TestCase
