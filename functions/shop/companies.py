"""Corporate accounts (企业客户): a company orders on account (月结) at its standing discount, up to
its credit limit, and settles monthly. Each order is a sale recorded at the counter with payment
method `on-account` (no points: a company's reward is a rebate on the year's spend); in the sale's
own transaction the company's amount owed grows, conditional on the amount read, and the order is
written under its month, so a month's statement is one Query. The company's contact confirms a
statement from a signed link; a payment received lowers what is owed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.concurrency import with_retries
from shop.errors import InvalidLink, NotFound, ShopError
from shop.i18n import N_
from shop.settings import get_settings
from shop.tables import Company, CompanyEntry, Purchase, transaction_connection

CHAIN = "chain"  # one partition: the list of companies is a Query


class CreditLimitReached(ShopError):
    code = "credit_limit_reached"
    message = N_("This order would take the company over its credit limit of {limit} yuan.")


class NotAllowedToOrder(ShopError):
    code = "not_allowed_to_order"
    message = N_("This member may not order on the company's account.")


@dataclass(frozen=True)
class CompanyDetails:
    name: str
    invoice_title: str
    tax_id: str
    address: str
    contact_name: str
    contact_phone: str
    discount_percent: int = 0
    credit_limit_fen: int = 0
    rebate_percent: int = 0
    members: tuple[str, ...] = ()  # members who may order on its account


def add_company(details: CompanyDetails, actor: str, actor_store: str | None) -> Company:
    company = Company(chain=CHAIN, company_id=f"co{secrets.token_hex(4)}", created_at=now(), **_fields(details))
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(company, condition=Company.company_id.does_not_exist())
        transaction.save(audit_entry(f"company#{company.company_id}", "company.added", actor, actor_store))
    return company


def change_company(company_id: str, details: CompanyDetails, actor: str, actor_store: str | None) -> Company:
    def attempt() -> Company:
        company = get_company(company_id)
        for name, value in _fields(details).items():
            setattr(company, name, value)
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(company)
            transaction.save(audit_entry(f"company#{company_id}", "company.changed", actor, actor_store))
        return company

    return with_retries(attempt)


def _fields(details: CompanyDetails) -> dict:
    values = dict(vars(details))
    values["members"] = list(details.members)
    return values


def get_company(company_id: str) -> Company:
    try:
        return Company.get(CHAIN, company_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def list_companies() -> list[Company]:
    return sorted(Company.query(CHAIN), key=lambda c: c.name)


def may_order(company: Company, member_id: str | None) -> None:
    """Staff may order for the company; a member only when the company lists them."""
    if member_id is not None and member_id not in company.members:
        raise NotAllowedToOrder()


def charge(transaction, company: Company, total_fen: int, purchase_id: str, sale, sold_at) -> None:
    """The company's side of an order on account, inside the sale's transaction: what it owes
    grows (conditional on the amount read, so concurrent orders re-read and the limit holds), and
    the order is written under its month for the statement."""
    from shop.dates import business_day
    from shop.points import plain_map

    owed = int(company.owed_fen)
    if owed + total_fen > int(company.credit_limit_fen):
        raise CreditLimitReached(limit=int(company.credit_limit_fen) // 100)
    day = business_day(sold_at)
    spend = plain_map(company.spend_by_year)
    spend[str(day.year)] = int(spend.get(str(day.year), 0)) + total_fen
    transaction.update(
        company,
        actions=[Company.owed_fen.set(owed + total_fen), Company.spend_by_year.set(spend)],
        condition=Company.owed_fen == owed,
    )
    transaction.save(
        CompanyEntry(
            company_id=company.company_id,
            entry=f"{day.isoformat()[:7]}#order#{purchase_id}",
            kind="order",
            at=sold_at,
            amount_fen=total_fen,
            purchase_id=purchase_id,
            member_id=sale.ordered_by,
            staff_id=sale.staff_id,
            store_id=sale.store_id,
        ),
        condition=CompanyEntry.entry.does_not_exist(),
    )


def order_on_account(company_id: str, ordered_by: str | None, lines, staff_id: str, store_id: str, key: str) -> dict:
    """An order on the company's account, at the counter (or by phone): a sale without points (the
    company gets a rebate on the year's spend instead), once for the clerk's key."""
    from shop.sales import Sale, record_sale

    may_order(get_company(company_id), ordered_by)
    sale = Sale(store_id, staff_id, tuple(lines), "on-account", company_id=company_id, ordered_by=ordered_by)
    return record_sale(sale, f"company:{key}")


def record_payment(company_id: str, amount_fen: int, month: str, actor: str, actor_store: str | None) -> dict:
    """The company paid (by bank transfer, outside Petalpoint): what it owes drops."""

    def attempt() -> dict:
        company = get_company(company_id)
        owed = int(company.owed_fen)
        paid = min(amount_fen, owed)
        entry = CompanyEntry(
            company_id=company_id,
            entry=f"{month}#payment#{secrets.token_hex(4)}",
            kind="payment",
            at=now(),
            amount_fen=-paid,
            staff_id=actor,
            store_id=actor_store,
        )
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(company, actions=[Company.owed_fen.set(owed - paid)], condition=Company.owed_fen == owed)
            transaction.save(entry)
            transaction.save(audit_entry(f"company#{company_id}", "company.paid", actor, actor_store, fen=paid))
        return {"paid_fen": paid, "owed_fen": owed - paid}

    return with_retries(attempt)


def statement(company_id: str, month: str) -> dict:
    """A month's orders, payments and total, and whether the company's contact confirmed it."""
    company = get_company(company_id)
    entries = list(CompanyEntry.query(company_id, CompanyEntry.entry.startswith(f"{month}#")))
    orders = [e for e in entries if e.kind == "order"]
    confirmed = next((e for e in entries if e.kind == "confirmation"), None)
    lines = []
    for order in sorted(orders, key=lambda e: e.at):
        purchase = Purchase.get(order.purchase_id)
        lines.append(
            {
                "purchase_id": order.purchase_id,
                "at": order.at.isoformat(),
                "store": order.store_id,
                "items": [f"{line.name} ×{int(line.quantity)}" for line in purchase.lines],
                "subtotal_fen": int(purchase.subtotal_fen),
                "discount_fen": int(purchase.discount_fen),
                "amount_fen": int(order.amount_fen),
            }
        )
    return {
        "company": {"id": company.company_id, "name": company.name, "invoice_title": company.invoice_title},
        "month": month,
        "orders": lines,
        "total_fen": sum(line["amount_fen"] for line in lines),
        "paid_fen": -sum(int(e.amount_fen) for e in entries if e.kind == "payment"),
        "owed_fen": int(company.owed_fen),
        "confirmed_at": confirmed.at.isoformat() if confirmed else None,
        "confirm_link": f"{get_settings().site_url}/statement/?t={statement_token(company_id, month)}",
    }


def statement_csv(document: dict) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "order", "store", "items", "subtotal (yuan)", "discount (yuan)", "amount (yuan)"])
    for line in document["orders"]:
        writer.writerow(
            [
                line["at"][:10],
                line["purchase_id"],
                line["store"],
                "; ".join(line["items"]),
                f"{line['subtotal_fen'] / 100:.2f}",
                f"{line['discount_fen'] / 100:.2f}",
                f"{line['amount_fen'] / 100:.2f}",
            ]
        )
    writer.writerow(["total", "", "", "", "", "", f"{document['total_fen'] / 100:.2f}"])
    return "\ufeff" + out.getvalue()  # a byte-order mark: Excel in China opens it as UTF-8


# --- the contact's confirmation: a signed link, no sign-in ------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def statement_token(company_id: str, month: str) -> str:
    from shop.keys import keyring

    payload = f"{company_id}.{month}".encode()
    return f"{_b64(payload)}.{_b64(hmac.new(keyring().derive('statement'), payload, hashlib.sha256).digest()[:16])}"


def confirm_statement(token: str) -> dict:
    """The company's contact confirms a month's statement (once; a second click says when)."""
    from pynamodb.exceptions import PutError

    from shop.concurrency import is_conflict
    from shop.keys import keyring

    try:
        encoded, signature = token.split(".")
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        company_id, month = payload.decode().split(".")
    except ValueError as error:
        raise InvalidLink() from error
    ring = keyring()
    expected = [hmac.new(ring.derive("statement", kid), payload, hashlib.sha256).digest()[:16] for kid, _ in ring.all()]
    if not any(hmac.compare_digest(given, e) for e in expected):
        raise InvalidLink()
    get_company(company_id)
    entry = CompanyEntry(
        company_id=company_id, entry=f"{month}#confirmation", kind="confirmation", at=now(), amount_fen=0
    )
    try:
        entry.save(condition=CompanyEntry.entry.does_not_exist())
    except PutError as error:
        if not is_conflict(error):
            raise
    found = statement(company_id, month)
    return {
        "company": found["company"],
        "month": month,
        "total_fen": found["total_fen"],
        "confirmed_at": found["confirmed_at"],
    }


def _name_of(member_id: str) -> str | None:
    """How staff know a member who may order for a company (None once erased)."""
    from shop.tables import Member

    try:
        member = Member.get(member_id)
    except DoesNotExist:
        return None
    return None if member.erased_at is not None else (member.salutation or member.name)


def company_view(company: Company) -> dict:
    """A company as staff see it, with the rebate its year's spend has earned (instead of points)."""
    from shop.points import plain_map

    spend = {year: int(fen) for year, fen in plain_map(company.spend_by_year).items()}
    return {
        "id": company.company_id,
        "name": company.name,
        "invoice_title": company.invoice_title,
        "tax_id": company.tax_id,
        "address": company.address,
        "contact_name": company.contact_name,
        "contact_phone": company.contact_phone,
        "discount_percent": int(company.discount_percent),
        "credit_limit_fen": int(company.credit_limit_fen),
        "owed_fen": int(company.owed_fen),
        "rebate_percent": int(company.rebate_percent),
        "members": [{"id": member_id, "name": _name_of(member_id)} for member_id in company.members],
        "spend_by_year": spend,
        "rebate_by_year": {year: fen * int(company.rebate_percent) // 100 for year, fen in spend.items()},
    }


# --- bulk orders: every employee's bouquet from one list (Women's Day) ---------------------------


@dataclass(frozen=True)
class BulkRow:
    """One line of the list: who gets which bouquet, where and when."""

    recipient: dict  # {name, phone, address: {province, city, district, street, building_room}}
    day: date
    window: str
    item_id: str
    quantity: int = 1
    card_message: str | None = None


def bulk_order(company_id: str, rows: list[BulkRow], staff_id: str, store_id: str, key: str) -> dict:
    """Book a delivery per row (capacity applies; a row whose slot is full or closed, or whose item
    is unknown or cannot be delivered, is reported, not booked), then charge what was booked to
    the account as one order on its statement. Over the credit limit nothing stays booked. Each
    row's booking and the order are keyed by the clerk's key, so the list sent again books
    nothing twice."""
    from shop.bookings import Ask, NotDeliverable, change_status, create_booking
    from shop.catalog import get_item
    from shop.sales import Line
    from shop.slots import DayClosed, PastCutoff, SlotFull

    company = get_company(company_id)
    note = f"企业订单 {company.name}（{company.contact_name} {company.contact_phone}）"
    booked, refused, lines = [], [], []
    for n, row in enumerate(rows):
        ask = Ask(
            store_id=store_id,
            day=row.day,
            window=row.window,
            mode="delivery",
            items=((row.item_id, row.quantity),),
            recipient=row.recipient,
            card_message=row.card_message,
            notes=note,
            payment={"status": "paid", "method": "on-account", "deposit_fen": 0},
            company_id=company_id,
        )
        try:
            booking = create_booking(ask, f"company#{company_id}", f"{key}:{n}", f"staff#{staff_id}")
        except (SlotFull, DayClosed, PastCutoff, NotFound, NotDeliverable) as error:
            refused.append({"row": n + 1, "error": error.code})
            continue
        booked.append(booking)
        item = get_item(row.item_id)
        lines.append(Line(item.kind, f"{item.name_zh} → {row.recipient['name']}", row.quantity, int(item.price_fen)))
    if not booked:
        return {"booked": [], "refused": refused, "receipt": None}
    try:
        receipt = order_on_account(company_id, None, lines, staff_id, store_id, f"bulk:{key}")
    except CreditLimitReached:
        for booking in booked:
            change_status(booking.booking_id, "cancelled", staff_id, "credit limit")  # gives the place back
        raise
    return {"booked": [b.booking_id for b in booked], "refused": refused, "receipt": receipt}


# --- employees' birthday flowers, booked ahead of each date ------------------------------------


@dataclass(frozen=True)
class BirthdayPlan:
    """How a company's birthday flowers go out: from which store, in which window, which item,
    how many days before the birthday they are booked."""

    store_id: str
    window: str
    item_id: str
    days_ahead: int = 3
    card_message: str | None = None


def keep_employees(company_id: str, plan: BirthdayPlan, people: list[dict], actor: str, store: str | None) -> int:
    """Replace the company's list of employees' birthdays (name, phone, address, month, day):
    each gets a reminder item ahead of their next birthday; those no longer listed are gone."""
    from shop.dates import today
    from shop.tables import Employee

    company = get_company(company_id)
    for old in Employee.query(company_id):
        old.delete()
    on = today()
    for person in people:
        employee_id = hashlib.sha256(f"{person['name']}:{person['phone']}".encode()).hexdigest()[:12]
        employee = Employee(
            company_id=company_id,
            employee_id=employee_id,
            name=person["name"],
            phone=person["phone"],
            address=person["address"],
            month=person["month"],
            day=person["day"],
            plan=dict(vars(plan)),
        )
        employee.save()
        birthday_item(employee, on).save()
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(audit_entry(f"company#{company.company_id}", "company.employees", actor, store, n=len(people)))
    return len(people)


def birthday_item(employee, after: date):
    """The reminder that books an employee's birthday flowers `days_ahead` before it (the item is
    keyed by the birthday's year, so a rerun puts the same one)."""
    from datetime import timedelta

    from shop.dates import next_occurrence
    from shop.reminders import reminder

    ahead = int(employee.plan["days_ahead"])
    birthday = next_occurrence("solar", int(employee.month), int(employee.day), after=after + timedelta(days=ahead))
    due = max(birthday - timedelta(days=ahead), after + timedelta(days=1))
    what = f"{employee.employee_id}.{birthday.isoformat()}"
    return reminder("employee-birthday", f"company:{employee.company_id}", what, due)


def book_birthday(company_id: str, employee_id: str, birthday: date) -> dict:
    """An employee's birthday flowers, on the company's account, once; then next year's item."""
    from datetime import timedelta

    from pynamodb.exceptions import DoesNotExist

    from shop.points import plain_map
    from shop.tables import Employee

    try:
        employee = Employee.get(company_id, employee_id, consistent_read=True)
    except DoesNotExist:
        return {"booked": [], "refused": [], "receipt": None}  # taken off the list since
    plan = plain_map(employee.plan)
    row = BulkRow(
        {"name": employee.name, "phone": employee.phone, "address": plain_map(employee.address)},
        birthday,
        plan["window"],
        plan["item_id"],
        1,
        plan.get("card_message") or "生日快乐！",
    )
    done = bulk_order(company_id, [row], "auto", plan["store_id"], f"birthday:{employee_id}:{birthday.year}")
    birthday_item(employee, birthday + timedelta(days=1)).save()
    return done


def employees_view(company_id: str) -> list[dict]:
    from shop.points import plain_map
    from shop.tables import Employee

    get_company(company_id)
    return [
        {
            "id": e.employee_id,
            "name": e.name,
            "phone": e.phone,
            "address": plain_map(e.address),
            "month": int(e.month),
            "day": int(e.day),
        }
        for e in sorted(Employee.query(company_id), key=lambda e: (int(e.month), int(e.day)))
    ]
