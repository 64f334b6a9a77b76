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


def _rows(day, count, window="10:00-12:00"):
    address = {
        "province": "上海市",
        "city": "上海市",
        "district": "静安区",
        "street": "南京西路1000号",
        "building_room": "20楼",
    }
    return [
        {
            "recipient": {"name": f"员工{n}", "phone": f"1390000{n:04d}", "address": address},
            "date": day.isoformat(),
            "window": window,
            "item_id": "tulips",
            "card_message": "三八节快乐！",
        }
        for n in range(count)
    ]


@pytest.fixture
def tulips(team):
    from shop.booking_rules import BookingRules, save_booking_rules
    from shop.catalog import ItemDetails, add_item

    rules = BookingRules(windows=["10:00-12:00"], delivery_capacity=3, gold_share_percent=0, peak_days=[])
    save_booking_rules(rules, "test", None)
    add_item(ItemDetails("bouquet", "郁金香花束", "Tulips", 10_000, "tulip", (("tulip", 10),)), "test", None, "tulips")


def test_a_bulk_order_books_each_employee_once_reports_full_slots_and_charges_the_account(team, company, tulips):
    from datetime import timedelta

    from shop.dates import today
    from shop.tables import Booking, Purchase

    company_id, _employee = company
    day = today() + timedelta(days=5)
    body = {"store": team.store_id, "rows": _rows(day, 4)}
    sent = team.clerk.post(f"/api/staff/companies/{company_id}/bulk-orders", body, headers={"idempotency-key": "b1"})
    assert sent.status == 201, sent.body
    assert len(sent.body["booked"]) == 3 and sent.body["refused"] == [{"row": 4, "error": "slot_full"}]
    assert sent.body["receipt"]["total_fen"] == 3 * 10_000 * 90 // 100  # at the company's discount
    from shop.catalog import ItemDetails, add_item

    add_item(
        ItemDetails("potted-plant", "发财树", "Money tree", 30_000, "green-plant", (), False), "test", None, "tree"
    )
    odd = _rows(day, 2)
    odd[0]["item_id"], odd[1]["item_id"] = "tree", "nosuchitem"
    mixed = team.clerk.post(
        f"/api/staff/companies/{company_id}/bulk-orders",
        {"store": team.store_id, "rows": odd},
        headers={"idempotency-key": "b9"},
    )
    assert mixed.status == 201 and mixed.body["refused"] == [
        {"row": 1, "error": "not_deliverable"},
        {"row": 2, "error": "not_found"},
    ]
    again = team.clerk.post(f"/api/staff/companies/{company_id}/bulk-orders", body, headers={"idempotency-key": "b1"})
    assert again.body == sent.body
    made = [Booking.get(b) for b in sent.body["booked"]]
    assert {b.recipient["name"] for b in made} == {"员工0", "员工1", "员工2"} and all(b.company_id for b in made)
    from shop.bookings import change_status

    for status in ("in-workroom", "ready", "out-for-delivery", "completed"):
        change_status(made[0].booking_id, status, team.clerk_id, None)
    assert len([p for p in Purchase.scan() if p.payment_method == "on-account"]) == 1  # charged once, when ordered
    assert team.clerk.get(f"/api/staff/companies/{company_id}").body["owed_fen"] == 27_000


def test_a_bulk_order_over_the_credit_limit_keeps_nothing_booked(team, company, tulips):
    from datetime import timedelta

    from shop.dates import today
    from shop.tables import Booking

    company_id, _employee = company
    day = today() + timedelta(days=5)
    team.manager.put(f"/api/staff/companies/{company_id}", ACME | {"credit_limit": "150"})
    body = {"store": team.store_id, "rows": _rows(day, 2)}
    refused = team.clerk.post(f"/api/staff/companies/{company_id}/bulk-orders", body, headers={"idempotency-key": "b2"})
    assert refused.status == 409 and refused.body["error"] == "credit_limit_reached"
    assert {b.status for b in Booking.scan()} == {"cancelled"}  # and their places given back
    body = {"store": team.store_id, "rows": _rows(day, 3)}
    assert (
        team.clerk.post(
            f"/api/staff/companies/{company_id}/bulk-orders",
            body | {"rows": _rows(day, 1)},
            headers={"idempotency-key": "b3"},
        ).status
        == 201
    )


def test_employees_birthday_flowers_are_booked_ahead_once_on_the_account(team, company, tulips, clock):
    from datetime import timedelta

    from daily.app import HANDLERS
    from shop.dates import next_occurrence, today
    from shop.reminders import run_daily
    from shop.tables import Booking
    from tests.support import only_the_tables_of, travel_to

    company_id, _employee = company
    soon = today() + timedelta(days=20)
    row = _rows(soon, 1)[0]
    person = {"name": "员工甲", "phone": "13900000000", "address": row["recipient"]["address"]}
    body = {
        "store": team.store_id,
        "window": "10:00-12:00",
        "item_id": "tulips",
        "days_ahead": 3,
        "employees": [person | {"month": soon.month, "day": soon.day}],
    }
    assert team.manager.put(f"/api/staff/companies/{company_id}/employees", body).body == {"employees": 1}
    assert team.clerk.get(f"/api/staff/companies/{company_id}/employees").body["employees"][0]["name"] == "员工甲"
    assert team.clerk.put(f"/api/staff/companies/{company_id}/employees", body).status == 403
    birthday = next_occurrence("solar", soon.month, soon.day)
    travel_to(clock, birthday - timedelta(days=3), 10)
    for _ in range(2):  # the same day twice books once
        with only_the_tables_of("DailyFunction"):
            run_daily(today(), HANDLERS)
    (booked,) = list(Booking.scan())
    assert (booked.day, booked.recipient["name"], booked.company_id) == (birthday.isoformat(), "员工甲", company_id)
    from shop.companies import get_company

    assert int(get_company(company_id).owed_fen) == 9_000
    from shop.tables import Reminder

    following = next_occurrence("solar", soon.month, soon.day, after=birthday + timedelta(days=1))
    assert Reminder.get(f"employee-birthday#company:{company_id}#{booked_employee_id(company_id)}.{following}").due_key


def booked_employee_id(company_id):
    from shop.tables import Employee

    return next(iter(Employee.query(company_id))).employee_id
