"""Access: every route declares the role it needs with `requires(...)`; anything else is refused.

One middleware reads the session (cookie or `Authorization: Bearer`), checks the token, then the
holder's token version with a consistent read, then the role: 401 when there is no valid session,
403 when the role is wrong. A route without `requires` fails a test (tests/unit/test_access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from shop.errors import Forbidden, NotSignedIn
from shop.members import get_member
from shop.sessions import Session, read_token

Role = Literal["public", "member", "staff", "manager"]
PUBLIC: Role = "public"
MEMBER: Role = "member"
SESSION_COOKIE = "pp_session"


@dataclass(frozen=True)
class Principal:
    id: str
    role: Role


def requires(role: Role):
    """The route middleware that admits only `role` (`public` admits everyone)."""

    def check_access(app, next_middleware) -> Response:
        if role != PUBLIC:
            app.append_context(principal=_authenticate(app.current_event, role))
        return next_middleware(app)

    check_access.role = role  # type: ignore[attr-defined]
    return check_access


def principal(router: Router) -> Principal:
    return router.context["principal"]


def _token(event) -> str | None:
    authorization = event.headers.get("authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    for cookie in event.cookies or []:
        name, _, value = cookie.partition("=")
        if name.strip() == SESSION_COOKIE and value:
            return value.strip()
    return None


def _authenticate(event, role: Role) -> Principal:
    token = _token(event)
    if not token:
        raise NotSignedIn()
    session = read_token(token)
    if role == MEMBER:
        if session.role != MEMBER:
            raise Forbidden()
        if get_member(session.subject).token_version != session.version:
            raise NotSignedIn()
        return Principal(session.subject, MEMBER)
    raise Forbidden()  # staff and manager sessions arrive with the staff portal


def session_cookie(token: str, lifetime: timedelta) -> Cookie:
    return Cookie(
        name=SESSION_COOKIE,
        value=token,
        path="/api",
        secure=True,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
        max_age=int(lifetime.total_seconds()),
    )


def ended_session_cookie() -> Cookie:
    return Cookie(
        name=SESSION_COOKIE,
        value="",
        path="/api",
        secure=True,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
        max_age=0,
    )


def new_session(subject: str, role: Role, version: int, lifetime: timedelta) -> tuple[str, Cookie]:
    from shop.sessions import issue_token

    token = issue_token(Session(subject, role, version), lifetime)
    return token, session_cookie(token, lifetime)
