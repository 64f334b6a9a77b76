"""Bookings: a member's or a staff-entered order for pickup or delivery in a time window.

A booking takes its place in the same transaction that writes it (shop.slots); its id is derived
from who asked and the request's key, so the same request sent again meets the booking already
written and takes no second place. Completing a booking records its sale through the counter's
`record_sale` under a source derived from the booking: points then, once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from shop import catalog
from shop.booking_rules import BookingRules, load_booking_rules
from shop.clock import now
from shop.concurrency import with_retries
from shop.dates import business_day, today
from shop.errors import NotFound, ShopError
from shop.i18n import N_, translate
from shop.idempotency import KeyReused
from shop.reminders import reminder
from shop.slots import SlotFull, check_open, give_back, places_left, read_slot, take_place
from shop.tables import Booking, CatalogItem, Member, Recipient, transaction_connection
from shop.vocabulary import VARIETIES

STATUSES = ("requested", "confirmed", "in-workroom", "ready", "out-for-delivery", "completed", "cancelled", "failed")
FORWARD = STATUSES[:6]
CLOSED = {"completed", "cancelled", "failed"}
NOTIFIED = {"confirmed", "ready", "out-for-delivery", "completed", "cancelled"}

WARNINGS = {
    "pollen": N_("Contains {variety}, which has pollen: this member has a pollen allergy."),
    "scent": N_("Contains {variety}, which is strongly scented: this member is sensitive to scent."),
    "toxic-cat": N_("Contains {variety}, which is toxic to cats: there is a cat at home."),
    "toxic-dog": N_("Contains {variety}, which is toxic to dogs: there is a dog at home."),
    "white-chrysanthemum": N_("White chrysanthemums are for mourning: not for this occasion."),
    "potted-plant-hospital": N_("A potted plant is not given for a hospital visit (it is said to root the illness)."),
    "four-stems": N_("Four stems sounds like death (四/死): choose another number."),
}


class NotDeliverable(ShopError):
    code = "not_deliverable"
    message = N_("This item cannot be delivered: please choose pickup.")


class TooLateToCancel(ShopError):
    code = "too_late_to_cancel"
    message = N_("It is too late to cancel online: please call the shop.")


class WrongStatus(ShopError):
    code = "wrong_status"
    message = N_("The booking cannot go to that step from where it is.")


class AddressNeeded(ShopError):
    code = "address_needed"
    message = N_("A delivery needs the recipient's name, phone and address.")


@dataclass(frozen=True)
class Ask:
    """What is asked for, by a member or by staff for anyone."""

    store_id: str
    day: date
    window: str
    mode: str
    items: tuple[tuple[str, int], ...]  # (catalog item id, quantity)
    occasion: str | None = None
    recipient: dict | None = None  # {name, phone, address, save} or {recipient_id}
    card_message: str | None = None
    anonymous: bool = False
    no_call: bool = False
    notes: str | None = None
    member_id: str | None = None
    customer: dict | None = None  # {name, phone} for a staff-entered order without a member
    payment: dict | None = None  # {status, method, deposit_fen} (staff)
    occasion_id: str | None = None  # the gift notebook's entry it is booked for
    subscription_id: str | None = None  # a flower card's period (prepaid)
    company_id: str | None = None  # a company's order on account (charged when it was ordered)


@dataclass
class Priced:
    subtotal_fen: int
    early_bird_fen: int
    discount_percent: int
    discount_fen: int
    total_fen: int
    points: int
    lines: tuple = ()
    warnings: list[dict] = field(default_factory=list)

    delivery_fen: int = 0

    def price(self) -> dict:
        return {
            "subtotal_fen": self.subtotal_fen,
            "delivery_fen": self.delivery_fen,
            "early_bird_fen": self.early_bird_fen,
            "discount_percent": self.discount_percent,
            "discount_fen": self.discount_fen,
            "total_fen": self.total_fen,
            "points": self.points,
        }


# --- pricing and warnings ---------------------------------------------------------------------


def warnings_for(items: list[tuple[CatalogItem, int]], member: Member | None, occasion: str | None) -> list[dict]:
    """Allergies and pets (only kept with the member's consent) and the taboos of the trade."""
    sensitive = member.sensitive if member is not None else None
    allergies = set(sensitive.allergies) if sensitive else set()
    pets = {f"toxic-{pet}" for pet in (sensitive.pets if sensitive else [])}
    found: dict[tuple, dict] = {}

    def warn(kind: str, item: CatalogItem, code: str, variety: str | None = None) -> None:
        found.setdefault(
            (item.item_id, code), {"kind": kind, "item_id": item.item_id, "code": code, "variety": variety}
        )

    for item, _quantity in items:
        recipe = catalog.recipe_of(item)
        for variety, stems in recipe:
            flags = VARIETIES.get(variety, ("", set()))[1]
            for code in flags & allergies:
                warn("allergy", item, code, variety)
            for code in flags & pets:
                warn("pet", item, code, variety)
            if variety == "chrysanthemum-white" and occasion not in ("sympathy", "memorial"):
                warn("taboo", item, "white-chrysanthemum")
            if stems == 4:
                warn("taboo", item, "four-stems")
        if recipe and sum(stems for _, stems in recipe) == 4:
            warn("taboo", item, "four-stems")
        if item.kind == "potted-plant" and occasion == "get-well":
            warn("taboo", item, "potted-plant-hospital")
    return list(found.values())


def warning_view(warning: dict, lang: str) -> dict:
    variety = warning.get("variety")
    name = translate(lang, VARIETIES[variety][0]) if variety in VARIETIES else ""
    text = translate(lang, WARNINGS[warning["code"]], variety=name)
    return {"kind": warning["kind"], "item_id": warning["item_id"], "code": warning["code"], "text": text}


def price(ask: Ask, member: Member | None, rules: BookingRules, on: date) -> tuple[Priced, list]:
    """The price as the counter would charge it at hand-over: the early-bird price on a peak day
    booked early enough, the delivery fee, the tier discount; and the points it will earn."""
    from shop.rules import load_rules
    from shop.sales import Line, Sale, quote

    items = []
    for item_id, quantity in ask.items:
        item = catalog.get_item(item_id)
        if not item.active:
            raise NotFound()
        if ask.mode == "delivery" and not item.deliverable:
            raise NotDeliverable()
        items.append((item, quantity))
    peak = rules.peak_on(ask.day)
    early = peak.early_bird_percent if peak and on <= ask.day - timedelta(days=peak.early_bird_days) else 0
    lines = [
        Line(item.kind, item.name_zh, quantity, int(item.price_fen) * (100 - early) // 100) for item, quantity in items
    ]
    if ask.mode == "delivery" and rules.delivery_fee_fen:
        lines.append(Line("delivery-fee", "配送", 1, rules.delivery_fee_fen))
    full = sum(int(item.price_fen) * quantity for item, quantity in items) + (
        rules.delivery_fee_fen if ask.mode == "delivery" else 0
    )
    sale = Sale(ask.store_id, "booking", tuple(lines), "other", member.member_id if member else None)
    quoted = quote(sale, member, load_rules(), on)
    priced = Priced(
        full,
        full - quoted.subtotal_fen,
        quoted.discount_percent,
        quoted.discount_fen,
        quoted.total_fen,
        quoted.points,
        tuple(lines),
        warnings_for(items, member, ask.occasion),
        rules.delivery_fee_fen if ask.mode == "delivery" else 0,
    )
    return priced, items


def _member(ask: Ask) -> Member | None:
    from shop.points import member_for_points

    return member_for_points(ask.member_id) if ask.member_id else None


def quote_booking(ask: Ask, lang: str) -> dict:
    priced, _ = price(ask, _member(ask), load_booking_rules(ask.store_id), today())
    return {**priced.price(), "warnings": [warning_view(w, lang) for w in priced.warnings]}


# --- booking -----------------------------------------------------------------------------------


def _fingerprint(ask: Ask) -> str:
    return hashlib.sha256(repr(ask).encode()).hexdigest()


def _is_gold(member: Member | None, on: date) -> bool:
    from shop.points import tier_of
    from shop.rules import load_rules

    return member is not None and tier_of(member, load_rules(), on).key == "gold"


def _recipient(ask: Ask) -> tuple[dict | None, Recipient | None]:
    """The recipient as written on the booking, and a notebook entry to save, if asked."""
    import secrets

    if not ask.recipient:
        if ask.mode == "delivery":
            raise AddressNeeded()
        return None, None
    if "recipient_id" in ask.recipient:
        try:
            saved = Recipient.get(ask.member_id or "", ask.recipient["recipient_id"], consistent_read=True)
        except DoesNotExist as error:
            raise NotFound() from error
        from shop.points import plain_map

        written = {"name": saved.name, "phone": saved.phone, "address": plain_map(saved.address) or None}
        new = None
    else:
        written = {key: ask.recipient.get(key) for key in ("name", "phone", "address")}
        new = None
        if ask.recipient.get("save") and ask.member_id:
            new = Recipient(
                member_id=ask.member_id,
                recipient_id=f"p{secrets.token_hex(4)}",
                name=written["name"],
                phone=written["phone"],
                address=written["address"],
                created_at=now(),
            )
    if ask.mode == "delivery" and not (written.get("name") and written.get("phone") and written.get("address")):
        raise AddressNeeded()
    return written, new


def create_booking(ask: Ask, principal: str, key: str, by: str) -> Booking:
    """Book once per (principal, key): the booking, its place, a saved recipient and its
    reminders in one transaction. A staff-entered peak-day order without a deposit holds its
    place until the hold time runs out."""
    from shop.sales import derived_id

    booking_id = derived_id(principal, f"booking:{key}")
    fingerprint = _fingerprint(ask)

    def attempt() -> Booking:
        existing = find_booking(booking_id)
        if existing is not None:
            if existing.fingerprint != fingerprint:
                raise KeyReused()
            return existing
        rules, on, moment = load_booking_rules(ask.store_id), today(), now()
        check_open(rules, ask.day, ask.window, moment)
        member = _member(ask)
        if ask.occasion_id:  # one of the member's own notebook entries, or none at all
            from shop.occasions import get_occasion

            get_occasion(ask.member_id or "", ask.occasion_id)
        priced, _items = price(ask, member, rules, on)
        written, new_recipient = _recipient(ask)
        gold = _is_gold(member, on)
        slot = read_slot(ask.store_id, ask.day, ask.window)
        anyone, gold_only = places_left(rules, ask.day, ask.window, ask.mode, slot)
        if anyone <= 0 and not (gold and gold_only > 0):
            raise SlotFull()
        payment = ask.payment or {"status": "unpaid", "method": None, "deposit_fen": 0}  # members pay at the shop
        hold = by != "self" and rules.peak_on(ask.day) is not None and payment["status"] == "unpaid"
        status = "requested" if hold else "confirmed"
        booking = Booking(
            booking_id=booking_id,
            member_id=ask.member_id,
            customer=ask.customer,
            store_id=ask.store_id,
            day=ask.day.isoformat(),
            window=ask.window,
            mode=ask.mode,
            place="general",
            items=[
                _line(item, quantity, line.unit_fen)
                for (item, quantity), line in zip(_items, priced.lines, strict=False)
            ],
            occasion=ask.occasion,
            occasion_id=ask.occasion_id,
            subscription_id=ask.subscription_id,
            company_id=ask.company_id,
            recipient=written,
            card_message=ask.card_message,
            options={"anonymous": ask.anonymous, "no_call": ask.no_call},
            notes=ask.notes,
            price=priced.price(),
            warnings=priced.warnings,
            payment=payment,
            status=status,
            hold_until=moment + timedelta(hours=rules.hold_hours) if hold else None,
            history=[{"at": moment.isoformat(), "status": status, "by": by, "reason": None}],
            fingerprint=fingerprint,
            created_by=by,
            created_at=moment,
            store_day=f"{ask.store_id}#{ask.day.isoformat()}",
            window_booking=f"{ask.window}#{booking_id}",
        )
        with TransactWrite(connection=transaction_connection()) as transaction:
            booking.place = take_place(
                transaction, rules, ask.store_id, ask.day, ask.window, ask.mode, gold and anyone <= 0
            )
            transaction.save(booking, condition=Booking.booking_id.does_not_exist())
            if member is not None:  # the summary segments read: when they last booked, and for which festival
                transaction.update(member, actions=_booked_summary(rules, ask.day, on), add_version_condition=False)
            if new_recipient is not None:
                transaction.save(new_recipient)
            for item in _reminders(booking, on):
                transaction.save(item)
        notify(booking, status if status in NOTIFIED else "requested")
        return booking

    return with_retries(attempt)


def _booked_summary(rules, day: date, on: date) -> list:
    actions = [Member.last_booked_on.set(on.isoformat())]
    peak = rules.peak_on(day)
    if peak is not None:
        actions.append(Member.festivals.add({f"{peak.key}#{day.year}"}))
    return actions


def _line(item: CatalogItem, quantity: int, unit_fen: int) -> dict:
    """A booked item as written on the booking: its price then (early-bird included) and recipe."""
    recipe = [{"variety": variety, "stems": stems} for variety, stems in catalog.recipe_of(item)]
    names = {"name_zh": item.name_zh, "name_en": item.name_en}
    return {
        "item_id": item.item_id,
        **names,
        "kind": item.kind,
        "quantity": quantity,
        "unit_fen": unit_fen,
        "recipe": recipe,
    }


def _reminders(booking: Booking, on: date) -> list:
    """The day-before reminder, and for a hold, the day its place may be freed."""
    who = booking.member_id or booking.booking_id
    day = date.fromisoformat(booking.day)
    items = []
    if day - timedelta(days=1) >= on:
        items.append(reminder("booking-reminder", who, booking.booking_id, day - timedelta(days=1)))
    if booking.hold_until is not None:
        items.append(reminder("booking-hold", who, booking.booking_id, business_day(booking.hold_until)))
    return items + festival_invitations(booking)


def festival_invitations(booking: Booking) -> list:
    """A member who books for a festival is invited back next year (decision 8's lead times),
    with a last call a few days before where the festival has one."""
    peak = load_booking_rules(booking.store_id).peak_on(date.fromisoformat(booking.day))
    if peak is None or booking.member_id is None:
        return []
    next_time = peak.on(date.fromisoformat(booking.day).year + 1)
    if next_time is None:
        return []
    items = [reminder("festival-invite", booking.member_id, peak.key, next_time - timedelta(days=peak.invite_days))]
    if peak.last_call_days:
        due = next_time - timedelta(days=peak.last_call_days)
        items.append(reminder("festival-last-call", booking.member_id, peak.key, due))
    return items


def booked_for(member_id: str, day: date) -> bool:
    """Whether the member has a booking still on for that day."""
    found = Booking.by_member.query(member_id, Booking.day == day.isoformat())
    return any(booking.status not in ("cancelled", "failed") for booking in found)


def booked_items(booking: Booking, lang: str) -> list[dict]:
    """A booking's items as shown: name in the reader's language, quantity, the price booked."""
    from shop.points import plain_map

    return [
        {
            "item_id": item["item_id"],
            "name": item["name_zh"] if lang == "zh" else item["name_en"],
            "quantity": int(item["quantity"]),
            "unit_fen": int(item["unit_fen"]),
        }
        for item in map(plain_map, booking.items)
    ]


def find_booking(booking_id: str) -> Booking | None:
    try:
        return Booking.get(booking_id, consistent_read=True)
    except DoesNotExist:
        return None


def get_booking(booking_id: str, member_id: str | None = None) -> Booking:
    """A booking; for a member, only their own (another's is simply not there)."""
    booking = find_booking(booking_id)
    if booking is None or (member_id is not None and booking.member_id != member_id):
        raise NotFound()
    return booking


def member_bookings(member_id: str) -> list[Booking]:
    return list(Booking.by_member.query(member_id, scan_index_forward=False, limit=100))


def day_bookings(store_id: str, day: date) -> list[Booking]:
    return list(Booking.by_store_day.query(f"{store_id}#{day.isoformat()}"))


# --- changing a booking ------------------------------------------------------------------------


def _move(
    booking_id: str, status: str, by: str, reason: str | None, member_id: str | None = None, expect: str | None = None
) -> Booking:
    """One step of a booking, written on the version read (a step from `expect` only, if given:
    a hold that lapses just as its deposit is recorded stays confirmed); cancelling gives the
    place back."""

    def attempt() -> Booking:
        booking = get_booking(booking_id, member_id)
        if booking.status == status or (expect is not None and booking.status != expect):
            return booking  # sent twice: already done
        _check_step(booking, status)
        booking.status = status
        booking.history = [*booking.history, {"at": now().isoformat(), "status": status, "by": by, "reason": reason}]
        if status != "requested":
            booking.hold_until = None
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(booking)
            if status == "cancelled":
                give_back(transaction, booking.store_id, booking.day, booking.window, booking.mode, booking.place)
        if status in NOTIFIED:
            notify(booking, status)
        return booking

    return with_retries(attempt)


def _check_step(booking: Booking, status: str) -> None:
    if booking.status in CLOSED or status not in STATUSES or status == "requested":
        raise WrongStatus()
    if status in ("cancelled", "failed"):
        return
    if FORWARD.index(status) <= FORWARD.index(booking.status):
        raise WrongStatus()
    if status == "out-for-delivery" and booking.mode != "delivery":
        raise WrongStatus()


def cancel_by_member(booking_id: str, member_id: str) -> Booking:
    """Members cancel until the cut-off of the day before."""
    from shop.slots import past_cutoff

    booking = get_booking(booking_id, member_id)
    if past_cutoff(load_booking_rules(booking.store_id), date.fromisoformat(booking.day) - timedelta(days=1), now()):
        raise TooLateToCancel()
    return _move(booking_id, "cancelled", "self", None, member_id)


def change_status(booking_id: str, status: str, staff_id: str, reason: str | None) -> Booking:
    """A staff step; completing records the sale (points, once) before the booking says so."""
    if status == "completed":
        _record_sale(get_booking(booking_id), staff_id)
    return _move(booking_id, status, f"staff#{staff_id}", reason)


def _record_sale(booking: Booking, staff_id: str) -> None:
    from shop.points import plain_map
    from shop.sales import Line, Sale, record_sale

    if booking.status in CLOSED or booking.subscription_id or booking.company_id:
        return  # paid for before: a flower card when it was sold, a company's order on its account
    items = [plain_map(item) for item in booking.items]
    lines = [Line(i["kind"], i["name_zh"], int(i["quantity"]), int(i["unit_fen"])) for i in items]
    rules = load_booking_rules(booking.store_id)
    if booking.mode == "delivery" and rules.delivery_fee_fen:
        lines.append(Line("delivery-fee", "配送", 1, rules.delivery_fee_fen))
    method = plain_map(booking.payment).get("method") or "other"
    note = f"booking {booking.booking_id}"
    for_occasion = bool(booking.occasion_id or booking.occasion not in (None, "everyday"))
    sale = Sale(
        booking.store_id, staff_id, tuple(lines), method, booking.member_id, note=note, for_occasion=for_occasion
    )
    receipt = record_sale(sale, booking.booking_id, source="booking")
    booking.update(actions=[Booking.purchase_id.set(receipt["id"])], add_version_condition=False)  # the same id


def record_payment(booking_id: str, status: str, method: str | None, deposit_fen: int, staff_id: str) -> Booking:
    """A deposit or a payment confirms a held booking."""

    def attempt() -> Booking:
        booking = get_booking(booking_id)
        if booking.status in CLOSED:
            raise WrongStatus()
        booking.payment = {"status": status, "method": method, "deposit_fen": deposit_fen}
        confirms = booking.status == "requested" and status in ("deposit", "paid")
        if confirms:
            booking.status, booking.hold_until = "confirmed", None
            entry = {"at": now().isoformat(), "status": "confirmed", "by": f"staff#{staff_id}", "reason": "payment"}
            booking.history = [*booking.history, entry]
        booking.save()
        if confirms:
            notify(booking, "confirmed")
        return booking

    return with_retries(attempt)


def hold_settled(booking_id: str) -> bool:
    """The job's step for a hold: a booking still held past its time lapses and frees its place.
    True when nothing is left to wait for (lapsed now, or confirmed, cancelled or gone before)."""
    booking = find_booking(booking_id)
    if booking is None or booking.status != "requested":
        return True
    if booking.hold_until is not None and booking.hold_until > now():
        return False
    _move(booking_id, "cancelled", "system", "hold expired", expect="requested")
    return True


def photo_key(booking_id: str, kind: str) -> str:
    return f"bookings/{booking_id}/{kind}.jpg"


def add_photo(booking_id: str, kind: str) -> str:
    booking = get_booking(booking_id)
    key = photo_key(booking_id, kind)
    booking.update(actions=[Booking.photos[kind].set(key)], add_version_condition=False)
    return key


# --- notices (service messages) ------------------------------------------------------------------


def notify(booking: Booking, what: str) -> None:
    """Tell the customer: the member's phone (or email), or the phone a clerk took down. The
    delivered notice links to the booking's page, where the hand-over photo is."""
    from shop.messaging import send_service_message
    from shop.points import plain_map
    from shop.stores import find_store

    recipient, lang = None, "zh"
    if booking.member_id:
        member = Member.get(booking.member_id)
        contacts = list(member.contacts)
        recipient = next((c for c in contacts if c.startswith("+")), contacts[0] if contacts else None)
        lang = member.lang
    elif booking.customer:
        recipient = plain_map(booking.customer).get("phone")
    if not recipient:
        return
    from shop.settings import get_settings

    store = find_store(booking.store_id)
    site = get_settings().site_url
    has_photo = booking.mode == "delivery" and "handover" in plain_map(booking.photos)
    params = {
        "link": f"{site}/bookings/?id={booking.booking_id}" if site and has_photo and booking.member_id else "",
        "what": what,
        "date": booking.day,
        "window": booking.window,
        "store": store.name if store else "",
        "until": booking.hold_until.astimezone(_zone()).strftime("%Y-%m-%dT%H:%M") if booking.hold_until else "",
        "rate": "",
    }
    if what == "completed" and booking.member_id and site:
        from shop.feedback import rate_token

        params["rate"] = f"{site}/rate/?t={rate_token(booking.member_id, f'booking#{booking.booking_id}')}"
    send_service_message("email" if "@" in recipient else "sms", "booking_notice", params, recipient, lang)


def _zone():
    from shop.settings import get_settings

    return get_settings().time_zone


def send_reminder(booking_id: str) -> None:
    booking = find_booking(booking_id)
    if booking is not None and booking.status not in CLOSED:
        notify(booking, "reminder")


# --- the workroom ---------------------------------------------------------------------------------


def stems_for(bookings: list[Booking]) -> dict[str, int]:
    """The stems to buy by variety, summed from the recipes of the bookings still on."""
    from shop.points import plain_map

    stems: dict[str, int] = {}
    for booking in bookings:
        if booking.status in ("cancelled", "failed"):
            continue
        for item in map(plain_map, booking.items):
            for line in map(plain_map, item.get("recipe", [])):
                stems[line["variety"]] = stems.get(line["variety"], 0) + int(line["stems"]) * int(item["quantity"])
    return dict(sorted(stems.items(), key=lambda pair: -pair[1]))
