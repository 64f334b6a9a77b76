"""Stored value under concurrency, on DynamoDB Local: payments from one balance never overdraw it
and sum exactly; a top-up sent five times, in a row or at once, credits once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from shop.contacts import parse_contact
from shop.errors import ShopError
from shop.idempotency import once
from shop.members import NewMember, enrol
from shop.sales import Line, Sale, record_sale
from shop.tables import Member, WalletEntry
from shop.wallet import top_up


def _race(count: int, attempt, workers: int = 16) -> list:
    def outcome(n):
        try:
            return attempt(n)
        except ShopError as error:
            return error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(outcome, range(count)))


@pytest.fixture
def holder(local_shop):
    return enrol(parse_contact("13800138000"), NewMember("张三", False, "zh"), "test").member_id


def _parts(member_id: str) -> tuple[int, int]:
    member = Member.get(member_id, consistent_read=True)
    return int(member.wallet_principal), int(member.wallet_bonus)


def test_concurrent_payments_never_overdraw_and_sum_exactly(holder):
    top_up(holder, 10_000, "cash", "t1", "jingan", "fund")  # 100 yuan, no offer

    def pay(n: int) -> dict:
        sale = Sale("jingan", "t1", (Line("bouquet", "花束", 1, 700),), "stored-value", holder)
        return record_sale(sale, f"pay-{n}")

    results = _race(30, pay)
    paid = [r for r in results if not isinstance(r, ShopError)]
    refused = [r for r in results if isinstance(r, ShopError)]
    assert len(paid) == 14 and all(r.code == "balance_too_low" for r in refused)  # 14 x 7 = 98 of 100
    assert _parts(holder) == (200, 0)
    lines = list(WalletEntry.query(holder, consistent_read=True))
    assert sum(int(line.principal) + int(line.bonus) for line in lines) == 200
    assert len([line for line in lines if line.kind == "pay"]) == 14


def _counter_top_up(holder: str, key: str) -> dict:
    payload = {"member_id": holder, "amount": "1000", "method": "wechat-pay"}
    return once("t1", "topup", key, payload, lambda: top_up(holder, 100_000, "wechat-pay", "t1", None, key))


def test_a_top_up_sent_five_times_in_a_row_or_at_once_credits_once(holder):
    first = [_counter_top_up(holder, "key-1") for _ in range(5)]
    assert len({answer["source"] for answer in first}) == 1
    assert _parts(holder) == (100_000, 0)
    other = enrol(parse_contact("13900139000"), NewMember("李四", False, "zh"), "test").member_id
    results = _race(5, lambda n: _counter_top_up(other, "key-2"), workers=5)
    ok = [r for r in results if not isinstance(r, ShopError)]
    assert ok and all(r["source"] == ok[0]["source"] for r in ok)
    assert all(r.code == "in_progress" for r in results if isinstance(r, ShopError))
    assert _parts(other) == (100_000, 0)
    assert len(list(WalletEntry.query(other, consistent_read=True))) == 1
