"""The staff function: staff sign-in, finding a member, the member card, staff accounts, stores."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from pydantic import StringConstraints

from shop import staff, stores
from shop.contacts import mask, parse_contact
from shop.i18n import translate
from shop.rules import LoyaltyRules
from shop.stores import StoreDetails
from staff.requests import (
    AdjustmentRequest,
    NewStaffRequest,
    NoteRequest,
    RefundRequest,
    SaleRequest,
    StaffChange,
    StoreChange,
    StoreRequest,
    TierRequest,
    fen,
)
from web.access import MANAGER, PUBLIC, STAFF, ended_session_cookie, new_session, principal, requires
from web.app import answer, handler_for, make_app, request_lang
from web.requests import ContactAndCode, IdText, NoFields
from web.views import store_view

app = make_app()
STAFF_SESSION = timedelta(hours=12)  # one working day
SearchText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


def _lang():
    return request_lang(app.current_event.headers)


def _viewer():
    from shop.card import Viewer

    who = principal(app)
    return Viewer(who.id, who.name, who.role, who.store_id)


def _join_url(store_id: str, staff_id: str | None = None) -> str:
    from shop.settings import get_settings

    base = get_settings().site_url or f"https://{app.current_event.request_context.domain_name}"
    return f"{base}/join/?store={store_id}" + (f"&by={staff_id}" if staff_id else "")


def staff_view(member, reader_role: str) -> dict:
    store = stores.find_store(member.store_id)
    return {
        "id": member.staff_id,
        "name": member.name,
        "role": member.role,
        "contact": member.contact if reader_role == MANAGER else mask(member.contact),
        "store": {"id": member.store_id, "name": store.name if store else ""},
        "active": member.active,
    }


# --- signing in and out ------------------------------------------------------------------------


@app.post("/api/staff/auth/verify", middlewares=[requires(PUBLIC)])
def sign_in(request: Annotated[ContactAndCode, Body()]):
    member = staff.staff_sign_in(parse_contact(request.contact), request.code)
    _, cookie = new_session(member.staff_id, member.role, member.token_version, STAFF_SESSION)
    return answer(200, {"staff": staff_view(member, member.role)}, [cookie])


@app.post("/api/staff/auth/logout", middlewares=[requires(STAFF)])
def sign_out(request: Annotated[NoFields | None, Body()] = None):
    staff.staff_sign_out(principal(app).id)
    body = {"message": translate(_lang(), "You are signed out.")}
    return answer(200, body, [ended_session_cookie(STAFF)])


@app.get("/api/staff/me", middlewares=[requires(STAFF)])
def me():
    who = principal(app)
    member = staff.get_staff(who.id)
    return {**staff_view(member, who.role), "invite_url": _join_url(member.store_id, member.staff_id)}


# --- members -------------------------------------------------------------------------------


@app.get("/api/staff/members", middlewares=[requires(STAFF)])
def search(q: Annotated[SearchText, Query()]):
    from shop.search import find_members

    kind, found = find_members(q)
    viewer = _viewer()
    show = (lambda v: v) if viewer.role == MANAGER else mask
    results = []
    for member in found:
        phone = next((c for c in member.contacts if c.startswith("+")), None)
        store = stores.find_store(member.home_store)
        results.append(
            {
                "id": member.member_id,
                "name": member.name,
                "salutation": member.salutation,
                "phone": show(phone) if phone else None,
                "home_store": store.name if store else None,
            }
        )
    return {"kind": kind, "results": results}


@app.get("/api/staff/members/<member_id>", middlewares=[requires(STAFF)])
def member_card(member_id: IdText):
    from shop import card

    return card.read_card(member_id, _viewer(), _lang())


@app.post("/api/staff/members/<member_id>/notes", middlewares=[requires(STAFF)])
def add_note(member_id: IdText, request: Annotated[NoteRequest, Body()]):
    from shop import card

    return answer(201, card.add_note(member_id, request.text, _viewer(), _lang()))


@app.delete("/api/staff/members/<member_id>", middlewares=[requires(MANAGER)])
def erase_member(member_id: IdText):
    from shop import privacy

    who = principal(app)
    privacy.erase_member(member_id, who.actor, who.store_id)
    return {"message": translate(_lang(), "The member has been erased.")}


# --- staff accounts (managers) ---------------------------------------------------------------


@app.get("/api/staff/staff", middlewares=[requires(MANAGER)])
def list_staff():
    return {"staff": [staff_view(member, MANAGER) for member in staff.list_staff()]}


@app.post("/api/staff/staff", middlewares=[requires(MANAGER)])
def add_staff(request: Annotated[NewStaffRequest, Body()]):
    who = principal(app)
    new = staff.NewStaff(parse_contact(request.contact), request.name, request.role, request.store)
    return answer(201, staff_view(staff.add_staff(new, who.actor, who.store_id), MANAGER))


@app.patch("/api/staff/staff/<staff_id>", middlewares=[requires(MANAGER)])
def change_staff(staff_id: IdText, request: Annotated[StaffChange, Body()]):
    who = principal(app)
    return staff_view(staff.change_staff(staff_id, request.changes(), who.actor, who.store_id), MANAGER)


# --- stores ----------------------------------------------------------------------------------


@app.get("/api/staff/stores", middlewares=[requires(STAFF)])
def list_stores():
    return {"stores": [store_view(store) for store in stores.list_stores()]}


@app.post("/api/staff/stores", middlewares=[requires(MANAGER)])
def open_store(request: Annotated[StoreRequest, Body()]):
    who = principal(app)
    store = stores.open_store(StoreDetails(**request.model_dump()), who.actor, who.store_id)
    return answer(201, store_view(store))


@app.patch("/api/staff/stores/<store_id>", middlewares=[requires(MANAGER)])
def change_store(store_id: IdText, request: Annotated[StoreChange, Body()]):
    who = principal(app)
    return store_view(stores.change_store(store_id, request.model_dump(exclude_unset=True), who.actor, who.store_id))


@app.get("/api/staff/stores/<store_id>/poster", middlewares=[requires(STAFF)])
def poster(store_id: IdText, by: Annotated[IdText | None, Query()] = None):
    """The join page's QR code for a store's counter poster (with a clerk's own invitation)."""
    import io

    import segno

    store = stores.get_store(store_id)
    qr = segno.make(_join_url(store.store_id, by), error="m")
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=8, border=2, dark="#1f3d2b", title=store.name)
    return Response(200, "image/svg+xml", svg.getvalue().decode(), headers={"Cache-Control": "private, max-age=300"})


# --- the counter: sales, refunds, adjustments, tiers, rules -------------------------------


def _sale(request: SaleRequest):
    from shop import sales

    who = principal(app)
    lines = tuple(sales.Line(line.category, line.name, line.quantity, fen(line.unit_price)) for line in request.lines)
    return sales.Sale(
        who.store_id or "",
        who.id,
        lines,
        request.payment_method,
        request.member_id,
        request.redeem_points,
        request.note,
    )


def _idempotency_key() -> str | None:
    key = (app.current_event.headers.get("idempotency-key") or "").strip()
    return key if 0 < len(key) <= 100 else None


@app.post("/api/staff/purchases/preview", middlewares=[requires(STAFF)])
def preview_sale(request: Annotated[SaleRequest, Body()]):
    from shop import sales

    priced, member = sales.preview(_sale(request))
    result = asdict(priced)
    if member is not None:
        from shop.points import points_view
        from shop.rules import load_rules

        result["member_points"] = points_view(member, load_rules(), _lang())
    return result


@app.post("/api/staff/purchases", middlewares=[requires(STAFF)])
def record_sale(request: Annotated[SaleRequest, Body()]):
    from shop import sales
    from shop.idempotency import once

    sale, key = _sale(request), _idempotency_key()
    done = once(sale.staff_id, "sale", key, request.payload(), lambda: sales.record_sale(sale, key), app.lambda_context)
    return answer(201, done)


@app.get("/api/staff/purchases/<purchase_id>", middlewares=[requires(STAFF)])
def purchase(purchase_id: IdText):
    from shop import sales

    return sales.get_receipt(purchase_id)


@app.post("/api/staff/purchases/<purchase_id>/refunds", middlewares=[requires(STAFF)])
def refund(purchase_id: IdText, request: Annotated[RefundRequest, Body()]):
    from shop import sales
    from shop.idempotency import once

    who, key = principal(app), _idempotency_key()
    amount = fen(request.amount)
    payload = {"purchase": purchase_id, **request.model_dump()}
    done = once(
        who.id,
        "refund",
        key,
        payload,
        lambda: sales.refund(purchase_id, amount, request.reason, who.id, who.store_id, key),
    )
    return answer(201, done)


@app.post("/api/staff/members/<member_id>/adjustments", middlewares=[requires(MANAGER)])
def adjust(member_id: IdText, request: Annotated[AdjustmentRequest, Body()]):
    from shop import sales

    who = principal(app)
    return answer(201, sales.adjust(member_id, request.points, request.reason, who.id, who.store_id))


@app.put("/api/staff/members/<member_id>/tier", middlewares=[requires(MANAGER)])
def set_tier(member_id: IdText, request: Annotated[TierRequest, Body()]):
    from shop import card
    from shop.points import set_tier as keep_tier

    who = principal(app)
    keep_tier(member_id, request.tier, request.reason, request.until, who.actor, who.store_id)
    return card.read_card(member_id, _viewer(), _lang())


@app.get("/api/staff/rules", middlewares=[requires(STAFF)])
def rules():
    from shop.rules import load_rules

    return load_rules().model_dump(mode="json")


@app.put("/api/staff/rules", middlewares=[requires(MANAGER)])
def change_rules(request: Annotated[LoyaltyRules, Body()]):
    from shop.rules import save_rules

    who = principal(app)
    return save_rules(request, who.actor, who.store_id).model_dump(mode="json")


lambda_handler = handler_for(app)
