"""The bookings function: slots and the catalog, a member's bookings, staff-entered orders, the
workroom board, and the managers' booking rules and catalog."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from bookings.requests import (
    BookingRequest,
    CatalogChange,
    CatalogRequest,
    DeliveryRecipientRequest,
    PauseRequest,
    PaymentRequest,
    PhotoRequest,
    SkipRequest,
    StaffBookingRequest,
    StatusRequest,
    SubscriptionRequest,
)
from bookings.views import booking_view
from shop import bookings, catalog
from shop.booking_rules import BookingRules, load_booking_rules
from shop.errors import RangeTooLong
from shop.idempotency import once
from web.access import MANAGER, MEMBER, PUBLIC, STAFF, principal, requires
from web.app import answer, handler_for, idempotency_key, make_app, request_lang
from web.requests import GuideSlug, IdText, NoFields

app = make_app()
LONGEST_RANGE = 62


def _lang():
    return request_lang(app.current_event.headers)


# --- public: slots and the catalog --------------------------------------------------------------


@app.get("/api/slots", middlewares=[requires(PUBLIC)])
def slots(
    store: Annotated[IdText, Query()],
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
):
    from shop.clock import now
    from shop.slots import availability
    from shop.stores import get_store

    if end < start or (end - start) > timedelta(days=LONGEST_RANGE - 1):
        raise RangeTooLong()
    found = get_store(store)
    days = availability(load_booking_rules(found.store_id), found.store_id, start, end, now(), _lang())
    return {"store": {"id": found.store_id, "name": found.name}, "days": days}


@app.get("/api/catalog", middlewares=[requires(PUBLIC)])
def public_catalog(guide: Annotated[GuideSlug | None, Query()] = None):
    """What can be booked; with ?guide=<slug>, only what a care guide is about (its page lists them)."""
    lang = _lang()
    items = catalog.list_items(active_only=True)
    if guide is not None:
        from shop.care import care_guides
        from shop.plants import NoSuchGuide

        if (found := care_guides().get(guide)) is None:
            raise NoSuchGuide()
        items = catalog.items_for_guide(found, items)
    templates = load_booking_rules().card_templates
    pick = 0 if lang == "zh" else 1
    return {
        "items": [catalog.item_view(item, lang) for item in items],
        "card_templates": {occasion: texts[pick::2] for occasion, texts in templates.items()},
    }


# --- the member's own ------------------------------------------------------------------------------


@app.post("/api/me/bookings/quote", middlewares=[requires(MEMBER)])
def member_quote(request: Annotated[BookingRequest, Body()]):
    return bookings.quote_booking(request.ask(member_id=principal(app).id), _lang())


@app.post("/api/me/bookings", middlewares=[requires(MEMBER)])
def book(request: Annotated[BookingRequest, Body()]):
    member_id, key = principal(app).id, idempotency_key(app)
    ask = request.ask(member_id=member_id)

    def run() -> dict:
        return booking_view(bookings.create_booking(ask, member_id, key, "self"), _lang(), staff=False)

    return answer(201, once(member_id, "booking", key, request.model_dump(mode="json"), run, app.lambda_context))


@app.get("/api/me/bookings", middlewares=[requires(MEMBER)])
def my_bookings():
    lang = _lang()
    return {"bookings": [booking_view(b, lang, staff=False) for b in bookings.member_bookings(principal(app).id)]}


@app.get("/api/me/bookings/<booking_id>", middlewares=[requires(MEMBER)])
def my_booking(booking_id: IdText):
    booking = bookings.get_booking(booking_id, principal(app).id)
    return booking_view(booking, _lang(), staff=False, photos=True)


@app.post("/api/me/bookings/<booking_id>/cancel", middlewares=[requires(MEMBER)])
def cancel(booking_id: IdText, request: Annotated[NoFields | None, Body()] = None):
    return booking_view(bookings.cancel_by_member(booking_id, principal(app).id), _lang(), staff=False)


@app.get("/api/me/recipients", middlewares=[requires(MEMBER)])
def my_recipients():
    from shop.points import plain_map
    from shop.tables import Recipient

    found = Recipient.query(principal(app).id)
    return {
        "recipients": [
            {"id": r.recipient_id, "name": r.name, "phone": r.phone, "address": plain_map(r.address) or None}
            for r in found
        ]
    }


# --- staff: orders and the workroom ----------------------------------------------------------------


def _staff_ask(request: StaffBookingRequest):
    from shop.contacts import parse_contact

    customer = None
    if request.customer:  # the phone is kept as the SMS channel needs it (E.164)
        customer = {"name": request.customer.name, "phone": parse_contact(request.customer.phone).value}
    return request.ask(member_id=request.member_id, customer=customer, payment=request.payment.recorded())


@app.post("/api/staff/bookings/quote", middlewares=[requires(STAFF)])
def staff_quote(request: Annotated[StaffBookingRequest, Body()]):
    return bookings.quote_booking(_staff_ask(request), _lang())


@app.post("/api/staff/bookings", middlewares=[requires(STAFF)])
def staff_book(request: Annotated[StaffBookingRequest, Body()]):
    who, key = principal(app), idempotency_key(app)
    ask = _staff_ask(request)

    def run() -> dict:
        return booking_view(bookings.create_booking(ask, who.id, key, f"staff#{who.id}"), _lang(), staff=True)

    return answer(201, once(who.id, "booking", key, request.model_dump(mode="json"), run, app.lambda_context))


@app.get("/api/staff/bookings", middlewares=[requires(STAFF)])
def board(store: Annotated[IdText, Query()], day: Annotated[date, Query(alias="date")]):
    from shop.clock import now
    from shop.slots import availability
    from shop.stores import get_store

    found = get_store(store)
    lang, rules = _lang(), load_booking_rules(found.store_id)
    todays = sorted(bookings.day_bookings(found.store_id, day), key=lambda b: (b.window, b.created_at))
    windows = [
        {"window": window, "bookings": [booking_view(b, lang, staff=True) for b in todays if b.window == window]}
        for window in rules.windows
    ]
    open_places = availability(rules, found.store_id, day, day, now(), lang)[0]
    return {
        "store": {"id": found.store_id, "name": found.name},
        "date": day.isoformat(),
        "peak": open_places["peak"],
        "windows": windows,
        "stems": [{"variety": v, "stems": n} for v, n in bookings.stems_for(todays).items()],
        "open": [
            {"window": w["window"], "pickup_left": w["pickup"]["left"], "delivery_left": w["delivery"]["left"]}
            for w in open_places["windows"]
        ],
    }


@app.get("/api/staff/bookings/<booking_id>", middlewares=[requires(STAFF)])
def staff_booking(booking_id: IdText):
    return booking_view(bookings.get_booking(booking_id), _lang(), staff=True, photos=True)


@app.post("/api/staff/bookings/<booking_id>/status", middlewares=[requires(STAFF)])
def change_status(booking_id: IdText, request: Annotated[StatusRequest, Body()]):
    changed = bookings.change_status(booking_id, request.status, principal(app).id, request.reason)
    return booking_view(changed, _lang(), staff=True)


@app.post("/api/staff/bookings/<booking_id>/payment", middlewares=[requires(STAFF)])
def record_payment(booking_id: IdText, request: Annotated[PaymentRequest, Body()]):
    paid = request.recorded()
    changed = bookings.record_payment(
        booking_id, paid["status"], paid["method"], paid["deposit_fen"], principal(app).id
    )
    return booking_view(changed, _lang(), staff=True)


@app.post("/api/staff/bookings/<booking_id>/photos", middlewares=[requires(STAFF)])
def photo(booking_id: IdText, request: Annotated[PhotoRequest, Body()]):
    from shop.photos import CONTENT_TYPE, upload_url

    key = bookings.add_photo(booking_id, request.kind)
    return {"upload_url": upload_url(key), "content_type": CONTENT_TYPE}


# --- managers: the catalog and the booking rules ---------------------------------------------------


@app.get("/api/staff/catalog", middlewares=[requires(STAFF)])
def staff_catalog():
    return {"items": [catalog.item_view(item, _lang()) for item in catalog.list_items()]}


@app.post("/api/staff/catalog", middlewares=[requires(MANAGER)])
def add_item(request: Annotated[CatalogRequest, Body()]):
    who = principal(app)
    item = catalog.add_item(catalog.ItemDetails(**request.details()), who.actor, who.store_id)
    return answer(201, catalog.item_view(item, _lang()))


@app.patch("/api/staff/catalog/<item_id>", middlewares=[requires(MANAGER)])
def change_item(item_id: IdText, request: Annotated[CatalogChange, Body()]):
    who = principal(app)
    return catalog.item_view(catalog.change_item(item_id, request.changes(), who.actor, who.store_id), _lang())


@app.get("/api/staff/booking-rules", middlewares=[requires(STAFF)])
def booking_rules():
    return load_booking_rules().model_dump(mode="json")


@app.put("/api/staff/booking-rules", middlewares=[requires(MANAGER)])
def change_booking_rules(request: Annotated[BookingRules, Body()]):
    from shop.booking_rules import save_booking_rules

    who = principal(app)
    return save_booking_rules(request, who.actor, who.store_id).model_dump(mode="json")


# --- flower cards (周花卡, 亲情花卡) ----------------------------------------------------------------


@app.post("/api/staff/subscriptions", middlewares=[requires(STAFF)])
def sell_subscription(request: Annotated[SubscriptionRequest, Body()]):
    from shop import subscriptions
    from web.requests import fen

    who, key = principal(app), idempotency_key(app)
    price = fen(request.price)
    done = once(
        who.id,
        "subscription",
        key,
        request.payload(),
        lambda: subscriptions.sell(
            request.member_id, request.plan(), price, request.payment_method, who.id, request.store, key
        ),
    )
    return answer(201, done)


@app.get("/api/staff/members/<member_id>/subscriptions", middlewares=[requires(STAFF)])
def member_subscriptions(member_id: IdText):
    from shop import subscriptions

    return {"subscriptions": [subscriptions.subscription_view(s) for s in subscriptions.list_subscriptions(member_id)]}


@app.get("/api/me/subscriptions", middlewares=[requires(MEMBER)])
def my_subscriptions():
    from shop import subscriptions

    mine = subscriptions.list_subscriptions(principal(app).id)
    return {"subscriptions": [subscriptions.subscription_view(s) for s in mine]}


@app.post("/api/me/subscriptions/<subscription_id>/skip", middlewares=[requires(MEMBER)])
def skip_period(subscription_id: IdText, request: Annotated[SkipRequest, Body()]):
    from shop import subscriptions

    return subscriptions.subscription_view(subscriptions.skip(principal(app).id, subscription_id, request.date))


@app.post("/api/me/subscriptions/<subscription_id>/pause", middlewares=[requires(MEMBER)])
def pause_subscription(subscription_id: IdText, request: Annotated[PauseRequest, Body()]):
    from shop import subscriptions

    return subscriptions.subscription_view(subscriptions.pause(principal(app).id, subscription_id, request.paused))


@app.put("/api/me/subscriptions/<subscription_id>/recipient", middlewares=[requires(MEMBER)])
def change_plan_recipient(subscription_id: IdText, request: Annotated[DeliveryRecipientRequest, Body()]):
    from shop import subscriptions

    changed = subscriptions.change_recipient(principal(app).id, subscription_id, request.recipient.model_dump())
    return subscriptions.subscription_view(changed)


lambda_handler = handler_for(app)
