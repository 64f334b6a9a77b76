"""Stored value: top-ups with the managers' offers (principal and bonus apart, the cap), paying at
the counter in proportion, a refund of the sale back to the balance, the principal refunded and
the bonus forfeited, erasure only once settled; and a state machine over all of it keeping
`balance == principal + bonus == sum(ledger)`, no part below zero, each draw within a fen of its
exact share."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.conftest import TravellingClock
from tests.support import join


def test_a_payment_draws_principal_and_bonus_in_proportion():
    from shop.wallet import BalanceTooLow, split

    assert split(11_500, 100_000, 15_000) == (10_000, 1_500)
    assert split(1, 2, 1) == (1, 0)
    assert split(300, 100, 200) == (100, 200)  # all of it
    assert split(0, 0, 0) == (0, 0)
    with pytest.raises(BalanceTooLow):
        split(301, 100, 200)


@pytest.fixture
def holder(team, client, outbox_path, clock):
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    offers = {"cap": "5000", "offers": [{"pay": "1000", "bonus": "150"}, {"pay": "500", "bonus": "50"}]}
    assert team.manager.put("/api/staff/wallet-rules", offers).status == 200
    return member_id, client


def _top_up(team, member_id, amount, key):
    return team.clerk.post(
        "/api/staff/topups",
        {"member_id": member_id, "amount": amount, "method": "wechat-pay"},
        headers={"idempotency-key": key},
    )


def test_a_top_up_gets_its_offer_once_and_the_cap_holds(team, holder):
    member_id, member = holder
    first = _top_up(team, member_id, "1000", "t1")
    assert first.status == 201 and first.body["principal_fen"] == 100_000 and first.body["bonus_fen"] == 15_000
    assert _top_up(team, member_id, "1000", "t1").body == first.body  # a replay credits nothing more
    assert _top_up(team, member_id, "600", "t2").body["bonus_fen"] == 5_000  # the best offer reached, not stacked
    wallet = member.get("/api/me/wallet").body
    assert (wallet["balance_fen"], wallet["principal_fen"], wallet["bonus_fen"]) == (180_000, 160_000, 20_000)
    assert [m["kind"] for m in wallet["movements"]] == ["topup", "topup"]
    over = _top_up(team, member_id, "3300", "t3")  # 1800 + 3300 + 150 > 5000
    assert over.status == 409 and over.body["error"] == "balance_cap_reached" and "5000" in over.body["message"]
    assert member.get("/api/me/points").body["balance"] == 0  # no points on a top-up


def test_a_top_up_offer_may_bring_a_tier_for_a_year_and_the_card_shows_the_balance(team, holder):
    from datetime import timedelta

    from shop.dates import today

    member_id, member = holder
    offers = {"cap": "5000", "offers": [{"pay": "2000", "bonus": "400", "tier": "gold"}, {"pay": "500", "bonus": "50"}]}
    plan = {"name_zh": "周花卡 4次", "name_en": "Weekly, 4", "item_id": "weekly", "count": 4, "cadence": "weekly"}
    saved = team.manager.put("/api/staff/wallet-rules", offers | {"card_plans": [plan | {"price": "399"}]}).body
    assert saved["offers"][0]["tier"] == "gold" and saved["card_plans"] == [plan | {"price_fen": 39_900}]
    assert team.clerk.get("/api/staff/wallet-rules").body == saved  # clerks read the offers and plans
    _top_up(team, member_id, "500", "t1")
    assert member.get("/api/me/points").body["tier"]["key"] == "regular"
    _top_up(team, member_id, "2000", "t2")
    assert member.get("/api/me/points").body["tier"]["key"] == "gold"
    from shop.tables import Member

    until = Member.get(member_id).tier_override["until"]
    assert until == (today() + timedelta(days=365)).isoformat()
    card = team.clerk.get(f"/api/staff/members/{member_id}").body
    assert card["wallet"] == {"balance_fen": 295_000, "principal_fen": 250_000, "bonus_fen": 45_000}


def test_paying_at_the_counter_draws_in_proportion_and_a_refund_returns_it(team, holder):
    member_id, member = holder
    _top_up(team, member_id, "1000", "t1")
    sale = {
        "member_id": member_id,
        "lines": [{"category": "bouquet", "name": "粉玫瑰花束", "quantity": 1, "unit_price": "230"}],
        "payment_method": "stored-value",
    }
    paid = team.clerk.post("/api/staff/purchases", sale, headers={"idempotency-key": "s1"})
    assert paid.status == 201, paid.body
    assert paid.body["points_earned"] > 0  # points on what is bought
    wallet = member.get("/api/me/wallet").body
    assert (wallet["principal_fen"], wallet["bonus_fen"]) == (80_000, 12_000)
    too_much = team.clerk.post(
        "/api/staff/purchases",
        sale | {"lines": [{"category": "bouquet", "name": "大花束", "quantity": 1, "unit_price": "2000"}]},
        headers={"idempotency-key": "s2"},
    )
    assert too_much.status == 409 and too_much.body["error"] == "balance_too_low"
    refund = team.clerk.post(
        f"/api/staff/purchases/{paid.body['id']}/refunds",
        {"amount": "115", "reason": "花有损伤"},
        headers={"idempotency-key": "r1"},
    )
    assert refund.status == 201, refund.body
    wallet = member.get("/api/me/wallet").body
    assert (wallet["principal_fen"], wallet["bonus_fen"]) == (90_000, 13_500)
    walk_in = team.clerk.post("/api/staff/purchases", sale | {"member_id": None}, headers={"idempotency-key": "s3"})
    assert walk_in.status == 422


def test_erasure_waits_until_the_principal_is_refunded_and_the_bonus_forfeited(team, holder):
    member_id, _member = holder
    _top_up(team, member_id, "1000", "t1")
    refused = team.manager.delete(f"/api/staff/members/{member_id}")
    assert refused.status == 409 and refused.body["error"] == "balance_to_settle"
    assert team.clerk.post(f"/api/staff/members/{member_id}/wallet/refund", {"reason": "搬家"}).status == 403
    settled = team.manager.post(f"/api/staff/members/{member_id}/wallet/refund", {"reason": "搬家了"})
    assert settled.status == 201 and (settled.body["principal_fen"], settled.body["bonus_fen"]) == (-100_000, -15_000)
    again = team.manager.post(f"/api/staff/members/{member_id}/wallet/refund", {"reason": "搬家了"})
    assert again.status == 409  # nothing left to refund
    assert team.manager.delete(f"/api/staff/members/{member_id}").status == 200
    from shop.tables import WalletEntry

    assert all(line.reason is None for line in WalletEntry.query(member_id))  # the words go, the sums stay


# --- the state machine -----------------------------------------------------------------------


class WalletMachine(RuleBasedStateMachine):
    @initialize()
    def open_shop(self):
        from moto import mock_aws

        from infra.dynamodb import create_tables
        from infra.local import configure
        from shop.clock import set_clock
        from shop.contacts import parse_contact
        from shop.members import NewMember, enrol
        from shop.rules import LoyaltyRules, save_rules
        from shop.wallet import TopUpOffer, WalletRules, save_wallet_rules

        self.mock = mock_aws()
        self.mock.start()
        configure("test", "", Path(tempfile.mkdtemp()))
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        create_tables("test")
        set_clock(TravellingClock())
        save_rules(LoyaltyRules(first_purchase_bonus=0), "test", None)
        offers = [TopUpOffer(pay_fen=100_000, bonus_fen=15_000), TopUpOffer(pay_fen=30_000, bonus_fen=3_000)]
        save_wallet_rules(WalletRules(cap_fen=500_000, offers=offers), "test", None)
        self.member = enrol(parse_contact("13800138000"), NewMember("张三", False, "zh"), "test").member_id
        self.keys = 0
        self.sales: list[str] = []

    def teardown(self):
        from shop.clock import set_clock

        if hasattr(self, "mock"):
            set_clock(None)
            self.mock.stop()

    def _key(self) -> str:
        self.keys += 1
        return f"k{self.keys}"

    def _parts(self) -> tuple[int, int]:
        from shop.tables import Member

        member = Member.get(self.member, consistent_read=True)
        return int(member.wallet_principal), int(member.wallet_bonus)

    @rule(fen=st.integers(1, 200_000), replay=st.booleans())
    def top_up(self, fen, replay):
        from shop.wallet import BalanceCapReached, top_up

        key = self._key()
        try:
            top_up(self.member, fen, "cash", "clerk", "jingan", key)
            if replay:
                top_up(self.member, fen, "cash", "clerk", "jingan", key)
        except BalanceCapReached:
            pass

    @rule(fen=st.integers(1, 60_000))
    def pay(self, fen):
        from shop.sales import Line, Sale, record_sale
        from shop.wallet import BalanceTooLow

        before = self._parts()
        sale = Sale("jingan", "clerk", (Line("bouquet", "花束", 1, fen),), "stored-value", self.member)
        try:
            receipt = record_sale(sale, self._key())
        except BalanceTooLow:
            assert sum(before) < fen
            return
        self.sales.append(receipt["id"])
        after = self._parts()
        drawn_principal, drawn = before[0] - after[0], sum(before) - sum(after)
        assert drawn == fen
        exact = fen * before[0] / sum(before)
        assert abs(drawn_principal - exact) <= 1  # within one fen of the exact share

    @rule(which=st.integers(0, 20), share=st.sampled_from([0.3, 0.5, 1.0]))
    def refund_sale(self, which, share):
        from shop.sales import RefundTooLarge, get_receipt, refund

        if not self.sales:
            return
        purchase_id = self.sales[which % len(self.sales)]
        left = get_receipt(purchase_id)["total_fen"] - get_receipt(purchase_id)["refunded_fen"]
        try:
            refund(purchase_id, max(1, int(left * share)), "退货", "clerk", "jingan", self._key())
        except RefundTooLarge:
            assert left <= 0

    @rule()
    def refund_principal(self):
        from shop.wallet import BalanceTooLow, refund_principal

        try:
            refund_principal(self.member, "不用了", "manager", "jingan")
        except BalanceTooLow:
            assert sum(self._parts()) == 0
            return
        assert self._parts() == (0, 0)

    @invariant()
    def balance_is_the_ledger(self):
        from shop.tables import WalletEntry

        if not hasattr(self, "member"):
            return
        principal, bonus = self._parts()
        lines = list(WalletEntry.query(self.member))
        assert principal >= 0 and bonus >= 0
        assert principal == sum(int(line.principal) for line in lines)
        assert bonus == sum(int(line.bonus) for line in lines)
        assert principal + bonus <= 500_000 or any(line.kind == "return" for line in lines)


WalletMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("WALLET_EXAMPLES", 10 if os.environ.get("CI") else 20)),
    stateful_step_count=15,
    deadline=None,
)
TestWalletMachine = WalletMachine.TestCase
