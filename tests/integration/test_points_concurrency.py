"""Points under concurrency, on DynamoDB Local (moto is not safe for this): exact sums, no
overdraft, and a sale earns once however often and however concurrently it is sent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from shop.contacts import parse_contact
from shop.errors import ShopError
from shop.idempotency import once
from shop.members import NewMember, enrol
from shop.points import balance_of, plain_map
from shop.rules import load_rules, save_rules
from shop.sales import Line, Sale, adjust, record_sale
from shop.tables import LedgerEntry, Member, Purchase


def _race(count: int, attempt, workers: int = 16) -> list:
    def outcome(n):
        try:
            return attempt(n)
        except ShopError as error:
            return error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(outcome, range(count)))


@pytest.fixture
def member(local_shop):
    save_rules(load_rules().model_copy(update={"first_purchase_bonus": 0}), "test", None)
    return enrol(parse_contact("13800138000"), NewMember("张三", False, "zh"), "test").member_id


def _balance(member_id: str) -> int:
    found = Member.get(member_id, consistent_read=True)
    return balance_of(plain_map(found.buckets), int(found.debt))


def _ledger(member_id: str) -> list[LedgerEntry]:
    return list(LedgerEntry.query(member_id, consistent_read=True))


def test_a_hundred_concurrent_accruals_add_up_exactly(member):
    results = _race(100, lambda n: adjust(member, n + 1, "accrual", "t", None))
    assert not [r for r in results if isinstance(r, ShopError)]
    assert _balance(member) == 5050
    lines = _ledger(member)
    assert len(lines) == 100 and sum(int(line.points) for line in lines) == 5050


def _redeem_one(member_id: str, n: int) -> dict:
    sale = Sale("jingan", "t", (Line("delivery-fee", "配送", 1, 1000),), "cash", member_id, redeem_points=1)
    return record_sale(sale, f"redeem-{n}")


def test_three_hundred_concurrent_redemptions_of_one_point_against_a_hundred(member):
    adjust(member, 100, "opening balance", "t", None)
    results = _race(300, lambda n: _redeem_one(member, n))
    refused = [r for r in results if isinstance(r, ShopError)]
    assert len(results) - len(refused) == 100
    assert len(refused) == 200 and {r.code for r in refused} == {"not_enough_points"}
    assert _balance(member) == 0
    assert sum(int(line.points) for line in _ledger(member)) == 0


def _counter_sale(member_id: str, key: str, yuan: int = 100):
    sale = Sale("jingan", "t1", (Line("bouquet", "红玫瑰", 1, yuan * 100),), "wechat-pay", member_id)
    payload = {"member_id": member_id, "yuan": yuan}
    return once("t1", "sale", key, payload, lambda: record_sale(sale, key))


def _earned(member_id: str) -> int:
    return sum(int(line.points) for line in _ledger(member_id) if line.kind == "earn")


def test_the_same_sale_five_times_in_a_row_earns_once(member):
    answers = [_counter_sale(member, "same-key") for _ in range(5)]
    assert len({answer["id"] for answer in answers}) == 1
    assert _earned(member) == 100


def test_the_same_sale_five_times_at_once_earns_once(member):
    results = _race(5, lambda n: _counter_sale(member, "same-key"), workers=5)
    ok = [r for r in results if not isinstance(r, ShopError)]
    assert ok and all(r["id"] == ok[0]["id"] for r in ok)
    assert all(r.code == "in_progress" for r in results if isinstance(r, ShopError))
    assert _earned(member) == 100
    assert len(list(Purchase.by_member.query(member))) == 1


def test_the_same_sale_after_its_idempotency_record_was_deleted_earns_once(member, local_shop):
    import os

    first = _counter_sale(member, "same-key")
    dynamodb = boto3.client("dynamodb")
    table = os.environ.get("IDEMPOTENCY_TABLE") or f"{Member.Meta.table_name.rsplit('-', 1)[0]}-Idempotency"
    for item in dynamodb.scan(TableName=table)["Items"]:
        dynamodb.delete_item(TableName=table, Key={"id": item["id"]})
    assert _counter_sale(member, "same-key")["id"] == first["id"]
    assert _earned(member) == 100


def test_the_same_sale_after_an_error_mid_way_earns_once(member, monkeypatch):
    import shop.sales

    real, failures = shop.sales.receipt, []

    def failing_once(purchase):
        if not failures:
            failures.append(purchase.purchase_id)
            raise RuntimeError("the answer was lost after the sale was written")
        return real(purchase)

    monkeypatch.setattr(shop.sales, "receipt", failing_once)
    with pytest.raises(RuntimeError):
        _counter_sale(member, "same-key")
    assert _counter_sale(member, "same-key")["id"] == failures[0]
    assert _earned(member) == 100


def test_the_same_key_with_a_different_amount_is_refused(member):
    _counter_sale(member, "same-key", yuan=100)
    with pytest.raises(ShopError) as refused:
        _counter_sale(member, "same-key", yuan=1000)
    assert refused.value.code == "idempotency_key_reused"
    assert _earned(member) == 100
