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
STAFF: Role = "staff"  # staff or manager
MANAGER: Role = "manager"
SESSION_COOKIE = "pp_session"  # a member's, sent to /api
STAFF_COOKIE = "pp_staff"  # staff and managers', sent only to /api/staff (a clerk may be a member too)


@dataclass(frozen=True)
class Principal:
    id: str
    role: Role
    name: str = ""
    store_id: str | None = None

    @property
    def actor(self) -> str:
        return "self" if self.role == MEMBER else f"staff#{self.id}"


def requires(role: Role):
    """Declares the role a route needs. The handler checks it before the body is even parsed
    (`authenticate`, by the event's route key); this middleware checks again should it not have."""

    def check_access(app, next_middleware) -> Response:
        if role != PUBLIC and "principal" not in app.context:
            app.append_context(principal=authenticate(app.current_event, role))
        return next_middleware(app)

    check_access.role = role  # type: ignore[attr-defined]
    return check_access


def declared_roles(app) -> dict[str, Role]:
    """The role each route declares, by API Gateway's route key (`PATCH /api/me`)."""
    found = {}
    for route in app._static_routes + app._dynamic_routes:
        roles = [m.role for m in route.middlewares if hasattr(m, "role")]
        path = route.path.replace("<", "{").replace(">", "}")
        found[f"{route.method} {path}"] = roles[0] if roles else MANAGER  # undeclared: the narrowest
    return found


def principal(router: Router) -> Principal:
    return router.context["principal"]


def _token(event, role: Role) -> str | None:
    """The bearer token, else the cookie for the role; on a staff route a member's cookie counts
    too, so that a member who tries one is told 403, not 401."""
    authorization = event.headers.get("authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    cookies = {}
    for cookie in event.cookies or []:
        name, _, value = cookie.partition("=")
        if value.strip():
            cookies.setdefault(name.strip(), value.strip())
    if role == MEMBER:
        return cookies.get(SESSION_COOKIE)
    return cookies.get(STAFF_COOKIE) or cookies.get(SESSION_COOKIE)


def authenticate(event, role: Role) -> Principal:
    """The principal behind the request's session: 401 without a valid one, 403 for a wrong role."""
    token = _token(event, role)
    if not token:
        raise NotSignedIn()
    session = read_token(token)
    if role == MEMBER:
        if session.role != MEMBER:
            raise Forbidden()
        if get_member(session.subject).token_version != session.version:
            raise NotSignedIn()
        return Principal(session.subject, MEMBER)
    if session.role not in (STAFF, MANAGER):
        raise Forbidden()
    from shop.staff import active_staff  # only staff routes need it

    staff = active_staff(session.subject, session.version)  # disabled or changed: 401
    if role == MANAGER and staff.role != MANAGER:
        raise Forbidden()
    return Principal(staff.staff_id, staff.role, staff.name, staff.store_id)


def session_cookie(token: str | None, lifetime: timedelta, role: Role = MEMBER) -> Cookie:
    """The session cookie (HttpOnly, Secure, SameSite=Strict); no token ends the session."""
    staff = role != MEMBER
    return Cookie(
        name=STAFF_COOKIE if staff else SESSION_COOKIE,
        value=token or "",
        path="/api/staff" if staff else "/api",
        secure=True,
        http_only=True,
        same_site=SameSite.STRICT_MODE,
        max_age=int(lifetime.total_seconds()) if token else 0,
    )


def ended_session_cookie(role: Role = MEMBER) -> Cookie:
    return session_cookie(None, timedelta(0), role)


def new_session(subject: str, role: Role, version: int, lifetime: timedelta) -> tuple[str, Cookie]:
    from shop.sessions import issue_token

    token = issue_token(Session(subject, role, version), lifetime)
    return token, session_cookie(token, lifetime, role)
