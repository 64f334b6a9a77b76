"""Orders on a company's account under concurrency, on DynamoDB Local: the credit limit holds and
what is owed is exactly the sum of the orders written."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from shop.companies import CompanyDetails, add_company, get_company, order_on_account, statement
from shop.dates import today
from shop.errors import ShopError
from shop.sales import Line


def test_concurrent_orders_never_pass_the_credit_limit(local_shop):
    details = CompanyDetails("静安科技", "上海静安科技有限公司", "91310106MA1FL1234X", "南京西路", "刘女士", "021-1")
    company = add_company(CompanyDetails(**{**vars(details), "credit_limit_fen": 100_000}), "test", None).company_id

    def order(n: int):
        try:
            return order_on_account(company, None, [Line("bouquet", "前台花艺", 1, 7_000)], "t1", "jingan", f"o{n}")
        except ShopError as error:
            return error

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(order, range(30)))
    taken = [r for r in results if not isinstance(r, ShopError)]
    assert len(taken) == 14 and all(r.code == "credit_limit_reached" for r in results if isinstance(r, ShopError))
    assert int(get_company(company).owed_fen) == 98_000
    assert statement(company, today().isoformat()[:7])["total_fen"] == 98_000
