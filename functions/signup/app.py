"""The signup function: codes, joining, signing in and out, the member's profile and privacy."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from shop import members, privacy, profile
from shop.codes import request_code
from shop.contacts import parse_contact
from shop.i18n import translate
from shop.settings import get_settings
from shop.stores import list_stores
from signup.requests import CodeRequest, JoinRequest, OptOutRequest, ProfileChange
from signup.views import member_view
from web.access import MEMBER, PUBLIC, ended_session_cookie, new_session, principal, requires
from web.app import answer, client_address, handler_for, make_app, request_lang
from web.requests import ContactAndCode, NoFields
from web.views import store_view

app = make_app()


def _lang():
    return request_lang(app.current_event.headers)


def _signed_in(member, status: int, **extra):
    lifetime = timedelta(days=get_settings().member_session_days)
    _, cookie = new_session(member.member_id, MEMBER, member.token_version, lifetime)
    return answer(status, {"member": member_view(member), **extra}, [cookie])


@app.post("/api/auth/code", middlewares=[requires(PUBLIC)])
def send_code(request: Annotated[CodeRequest, Body()]):
    contact = parse_contact(request.contact)
    request_code(contact, request.purpose, client_address(app.current_event), _lang())
    minutes = get_settings().code_ttl_seconds // 60
    message = translate(
        _lang(),
        "We sent a code to {contact}. It is valid for {minutes} minutes.",
        contact=contact.masked(),
        minutes=minutes,
    )
    return answer(202, {"sent_to": contact.masked(), "message": message})


@app.post("/api/members", middlewares=[requires(PUBLIC)])
def join(request: Annotated[JoinRequest, Body()]):
    birthday = members.BirthdayDate(**request.birthday.model_dump()) if request.birthday else None
    new = members.NewMember(
        request.name,
        request.marketing_consent,
        _lang(),
        birthday,
        salutation=request.salutation,
        home_store=request.store,
        invited_by=request.invited_by,
        referral=request.referral,
    )
    joined = members.join(parse_contact(request.contact), request.code, new)
    return _signed_in(joined.member, 200 if joined.already_member else 201, already_member=joined.already_member)


@app.post("/api/auth/verify", middlewares=[requires(PUBLIC)])
def sign_in(request: Annotated[ContactAndCode, Body()]):
    return _signed_in(members.sign_in(parse_contact(request.contact), request.code), 200)


@app.post("/api/auth/logout", middlewares=[requires(MEMBER)])
def sign_out(request: Annotated[NoFields | None, Body()] = None):
    members.sign_out(principal(app).id)
    return answer(200, {"message": translate(_lang(), "You are signed out.")}, [ended_session_cookie()])


@app.get("/api/me", middlewares=[requires(MEMBER)])
def me():
    """The member's record with their points at a glance (balance, lapsing soon, tier, progress)."""
    from shop.points import points_view
    from shop.rules import load_rules

    member = members.get_member(principal(app).id)
    return {**member_view(member), "points": points_view(member, load_rules(), _lang())}


@app.patch("/api/me", middlewares=[requires(MEMBER)])
def change_me(request: Annotated[ProfileChange, Body()]):
    return member_view(profile.change_profile(principal(app).id, request.changes()))


@app.post("/api/me/contacts", middlewares=[requires(MEMBER)])
def add_contact(request: Annotated[ContactAndCode, Body()]):
    member = profile.add_contact(principal(app).id, parse_contact(request.contact), request.code)
    return answer(201, member_view(member))


@app.get("/api/me/export", middlewares=[requires(MEMBER)])
def export_me():
    document = json.dumps(privacy.export_member(principal(app).id), ensure_ascii=False, indent=1)
    disposition = 'attachment; filename="petalpoint-my-data.json"'
    return Response(200, "application/json", document, headers={"Content-Disposition": disposition})


@app.delete("/api/me", middlewares=[requires(MEMBER)])
def erase_me(request: Annotated[ContactAndCode, Body()]):
    privacy.erase_myself(principal(app).id, parse_contact(request.contact), request.code)
    message = translate(_lang(), "Your membership and your data have been erased.")
    return answer(200, {"message": message}, [ended_session_cookie()])


@app.post("/api/optout", middlewares=[requires(PUBLIC)])
def opt_out(request: Annotated[OptOutRequest, Body()]):
    channel = privacy.opt_out(request.token)
    message = translate(_lang(), "You will get no more offers by this channel. Service messages still reach you.")
    return answer(200, {"channel": channel, "message": message})


@app.get("/api/stores", middlewares=[requires(PUBLIC)])
def stores():
    return {"stores": [store_view(store) for store in list_stores()]}


lambda_handler = handler_for(app)
