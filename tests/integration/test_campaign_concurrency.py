"""A campaign's results under concurrency, on DynamoDB Local: a contacted member's purchases
racing each other within the window count one conversion and every yuan of revenue, in the
sales' own transactions; the store's day counters add up the same."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from shop.campaigns import results
from shop.contacts import parse_contact
from shop.dates import today
from shop.members import NewMember, enrol
from shop.points import plain_map
from shop.reports import day_counts
from shop.sales import Line, Sale, record_sale
from shop.tables import Member


def test_racing_purchases_convert_once_and_count_every_yuan(local_shop):
    member_id = enrol(parse_contact("13800138000"), NewMember("张三", True, "zh"), "test").member_id
    member = Member.get(member_id)
    window = {"group": "contacted", "from": today().isoformat(), "until": (today() + timedelta(days=14)).isoformat()}
    member.campaigns = {"cp1": window}  # as the campaign's send leaves it
    member.save()

    def buy(n: int) -> dict:
        return record_sale(
            Sale("jingan", "t1", (Line("bouquet", "康乃馨", 1, 10_000 + n),), "cash", member_id), f"k{n}"
        )

    with ThreadPoolExecutor(max_workers=12) as pool:
        receipts = list(pool.map(buy, range(24)))
    figures = results("cp1")
    assert figures["contacted"]["converted"] == 1
    assert figures["contacted"]["revenue_fen"] == sum(r["total_fen"] for r in receipts)
    assert plain_map(Member.get(member_id, consistent_read=True).campaigns)["cp1"]["converted"] is True
    day = day_counts(["jingan"], today(), today())[today().isoformat()]
    assert day["sales_fen"] == sum(r["total_fen"] for r in receipts) and day["purchases"] == 24
    assert (
        day["active_members"] == 1 and day["sales_bouquet"] == day["sales_fen"] and day["paid_cash"] == day["sales_fen"]
    )
    assert date.fromisoformat(window["until"]) > today()
