"""Corporate accounts: orders on account at the company's discount and without points, only by
those allowed, never past the credit limit; a month's statement whose totals are the orders'
sum, as a page and a CSV, confirmed by the company's contact from a link; a payment received."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.support import ApiClient, join

ACME = {
    "name": "静安科技有限公司",
    "invoice_title": "上海静安科技有限公司",
    "tax_id": "91310106MA1FL1234X",
    "address": "上海市静安区南京西路1000号20楼",
    "contact_name": "行政部 刘女士",
    "contact_phone": "021-6288 1234",
    "discount_percent": 10,
    "credit_limit": "1000",
}


@pytest.fixture
def company(team, client, outbox_path, clock):
    employee = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    added = team.manager.post("/api/staff/companies", ACME | {"members": [employee]})
    assert added.status == 201, added.body
    return added.body["id"], employee


def _order(team, company_id, key, yuan, ordered_by=None):
    line = {"category": "bouquet", "name": "前台花艺", "quantity": 1, "unit_price": str(yuan)}
    body = {"lines": [line]} | ({"ordered_by": ordered_by} if ordered_by else {})
    return team.clerk.post(f"/api/staff/companies/{company_id}/orders", body, headers={"idempotency-key": key})


def test_orders_on_account_take_the_discount_and_no_points_and_keep_to_the_limit(team, company, client):
    from shop.dates import today

    company_id, employee = company
    first = _order(team, company_id, "o1", 300, ordered_by=employee)
    assert first.status == 201, first.body
    assert (first.body["discount_fen"], first.body["total_fen"], first.body["points_earned"]) == (3_000, 27_000, 0)
    assert _order(team, company_id, "o1", 300, ordered_by=employee).body["id"] == first.body["id"]  # once
    assert client.get("/api/me/points").body["balance"] == 0  # a company's reward is a rebate, not points
    stranger = _order(team, company_id, "o2", 100, ordered_by="m404")
    assert stranger.status == 422 and stranger.body["error"] == "not_allowed_to_order"
    assert _order(team, company_id, "o3", 600).status == 201  # staff for the company: 540 more, 810 owed
    over = _order(team, company_id, "o4", 250)  # 225 more would be 1035
    assert over.status == 409 and over.body["error"] == "credit_limit_reached" and "1000" in over.body["message"]
    shown = team.clerk.get(f"/api/staff/companies/{company_id}").body
    assert shown["owed_fen"] == 81_000 and shown["spend_by_year"] == {str(today().year): 81_000}


def test_a_months_statement_is_the_sum_of_its_orders_and_its_contact_confirms_it(team, company):
    from shop.dates import today

    company_id, _employee = company
    amounts = [120, 88, 399.5]
    for n, yuan in enumerate(amounts):
        assert _order(team, company_id, f"o{n}", yuan).status == 201
    month = today().isoformat()[:7]
    found = team.clerk.get(f"/api/staff/companies/{company_id}/statements/{month}").body
    by_hand = sum(round(yuan * 100) * 90 // 100 for yuan in amounts)  # each order at 10% off
    assert found["total_fen"] == by_hand and len(found["orders"]) == 3 and found["confirmed_at"] is None
    csv = team.clerk.get(f"/api/staff/companies/{company_id}/statements/{month}?format=csv").body["text"]
    assert csv.splitlines()[-1].endswith(f"{by_hand / 100:.2f}") and "前台花艺" in csv
    token = parse_qs(urlparse(found["confirm_link"]).query)["t"][0]
    anyone = ApiClient(source_ip="198.51.100.80")  # the company's contact: no account, no sign-in
    assert anyone.post("/api/statements/confirm", {"token": token[:-2] + "xx"}).status == 400
    confirmed = anyone.post("/api/statements/confirm", {"token": token})
    assert confirmed.status == 200 and confirmed.body["total_fen"] == by_hand and confirmed.body["confirmed_at"]
    assert (
        anyone.post("/api/statements/confirm", {"token": token}).body["confirmed_at"] == confirmed.body["confirmed_at"]
    )
    paid = team.manager.post(f"/api/staff/companies/{company_id}/payments", {"amount": "200", "month": month})
    assert paid.status == 201 and paid.body["owed_fen"] == by_hand - 20_000
    assert team.clerk.post(f"/api/staff/companies/{company_id}/payments", {"amount": "1", "month": month}).status == 403
