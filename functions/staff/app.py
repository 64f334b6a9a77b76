"""The staff function: staff sign-in, finding a member, the member card, staff accounts, stores."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from pydantic import StringConstraints

from shop import staff, stores
from shop.contacts import mask, parse_contact
from shop.i18n import translate
from shop.stores import StoreDetails
from staff.requests import (
    NewStaffRequest,
    NoteRequest,
    StaffChange,
    StoreChange,
    StoreRequest,
)
from web.access import MANAGER, PUBLIC, STAFF, ended_session_cookie, new_session, principal, requires
from web.app import answer, handler_for, make_app, request_lang
from web.requests import ContactAndCode, IdText, NoFields
from web.views import qr_svg, store_view

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
    store = stores.get_store(store_id)
    return qr_svg(_join_url(store.store_id, by), store.name)


# --- outreach: today's plan, the sent log, offers against their holdouts (managers) -------------


@app.get("/api/staff/outreach/plan", middlewares=[requires(MANAGER)])
def outreach_plan(day: Annotated[date, Query(alias="date")]):
    from shop.clock import now
    from shop.outreach_report import plan
    from shop.rules import load_rules

    return {"date": day.isoformat(), "items": plan([day], now(), load_rules().holdouts)}


@app.get("/api/staff/outreach/sent", middlewares=[requires(MANAGER)])
def outreach_sent(day: Annotated[date, Query(alias="date")]):
    from shop.outreach_report import sent_log

    return {"date": day.isoformat(), "messages": sent_log(day)}


@app.get("/api/staff/outreach/holdouts", middlewares=[requires(MANAGER)])
def outreach_holdouts(
    kind: Annotated[Literal["win-back", "birthday", "festival-invite"], Query()],
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
):
    from shop.errors import RangeTooLong
    from shop.outreach_report import holdout_report

    if end < start or (end - start).days > 92:
        raise RangeTooLong()
    return holdout_report(kind, start, end)


lambda_handler = handler_for(app)
