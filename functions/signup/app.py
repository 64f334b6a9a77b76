"""The signup function: one-time codes, joining, signing in and out, and the member's own record."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from shop import members
from shop.codes import MEMBER_SIGN_IN, request_code
from shop.contacts import parse_contact
from shop.i18n import translate
from shop.settings import get_settings
from signup.requests import CodeRequest, JoinRequest, NoFields, SignInRequest
from signup.views import member_view
from web.access import (
    MEMBER,
    PUBLIC,
    ended_session_cookie,
    new_session,
    principal,
    requires,
)
from web.app import answer, handler_for, make_app, request_lang

app = make_app()


def _lang():
    return request_lang(app.current_event.headers)


def _client_address() -> str:
    return app.current_event.request_context.http.source_ip or "unknown"


def _signed_in(member, status: int, **extra):
    lifetime = timedelta(days=get_settings().member_session_days)
    _, cookie = new_session(member.member_id, MEMBER, member.token_version, lifetime)
    body = {"member": member_view(member), **extra}
    return answer(status, body, [cookie])


@app.post("/api/auth/code", middlewares=[requires(PUBLIC)])
def send_code(request: Annotated[CodeRequest, Body()]):
    contact = parse_contact(request.contact)
    request_code(contact, MEMBER_SIGN_IN, _client_address(), _lang())
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
    new = members.NewMember(request.name, request.marketing_consent, _lang(), birthday)
    joined = members.join(parse_contact(request.contact), request.code, new)
    return _signed_in(joined.member, 200 if joined.already_member else 201, already_member=joined.already_member)


@app.post("/api/auth/verify", middlewares=[requires(PUBLIC)])
def sign_in(request: Annotated[SignInRequest, Body()]):
    member = members.sign_in(parse_contact(request.contact), request.code)
    return _signed_in(member, 200)


@app.post("/api/auth/logout", middlewares=[requires(MEMBER)])
def sign_out(request: Annotated[NoFields | None, Body()] = None):
    members.sign_out(principal(app).id)
    body = {"message": translate(_lang(), "You are signed out.")}
    return answer(200, body, [ended_session_cookie()])


@app.get("/api/me", middlewares=[requires(MEMBER)])
def me():
    return member_view(members.get_member(principal(app).id))


lambda_handler = handler_for(app)
