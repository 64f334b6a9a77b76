"""Test helpers: call the API exactly as the dev server does (template routes, v2 events)."""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from infra.devserver import Api, build_event


@dataclass
class Answer:
    status: int
    body: dict | list | None
    cookies: list[str] = field(default_factory=list)
    headers: dict = field(default_factory=dict)

    def cookie(self, name: str) -> str | None:
        for cookie in self.cookies:
            if cookie.startswith(f"{name}="):
                return cookie.split(";")[0].split("=", 1)[1]
        return None


@contextmanager
def only_the_tables_of(function_id: str):
    """Run as the deployed function would: a model whose table template.yaml does not hand the
    function has no table name, so using it fails, as it would in AWS."""
    from infra.template import functions, tables
    from shop.tables import MODELS

    given = next(f for f in functions() if f.logical_id == function_id).environment.values()
    refs = {value["Ref"] for value in given if isinstance(value, dict) and "Ref" in value}
    handed = {t.suffix for t in tables() if t.logical_id in refs}
    hidden = {model: model.Meta.table_name for model in MODELS if model.table not in handed}
    for model in hidden:
        model.Meta.table_name = None
    try:
        yield
    finally:
        for model, name in hidden.items():
            model.Meta.table_name = name


def run_pending_jobs() -> None:
    """The jobs a request started, run as the jobs function would, once the request is done."""
    from shop.jobs import PENDING, run_job

    while PENDING:
        job = PENDING.pop(0)
        with only_the_tables_of("JobsFunction"):
            run_job(job)


class ApiClient:
    """Sends requests to the handlers in-process, through the same event builder as the dev server,
    each as the function the template routes it to, with only the tables that function is handed."""

    def __init__(self, lang: str = "zh", source_ip: str = "203.0.113.7") -> None:
        self.api = Api()
        self.lang = lang
        self.source_ip = source_ip
        self.session: str | None = None  # a member's token (pp_session)
        self.staff_session: str | None = None  # a staff member's token (pp_staff)

    def request(
        self,
        method: str,
        path: str,
        json_body: object = None,
        raw: bytes | None = None,
        headers: dict | None = None,
        session: str | None = None,
        staff_session: str | None = None,
    ) -> Answer:
        found = self.api.match(method, path.split("?")[0])
        assert found, f"no route for {method} {path}"
        route, parameters = found
        all_headers = {"content-type": "application/json", "accept-language": self.lang, **(headers or {})}
        member_token = session if session is not None else self.session
        staff_token = staff_session if staff_session is not None else self.staff_session
        cookies = [f"pp_session={member_token}"] * bool(member_token) + [f"pp_staff={staff_token}"] * bool(staff_token)
        if cookies:
            all_headers["cookie"] = "; ".join(cookies)
        body = raw if raw is not None else (b"" if json_body is None else json.dumps(json_body).encode())
        event = build_event(
            method,
            path,
            [(k, v) for k, v in all_headers.items() if v is not None],
            body,
            route,
            parameters,
            self.source_ip,
        )
        with only_the_tables_of(route.function):
            result = self.api.invoke(route, event)
        run_pending_jobs()
        text = result.get("body") or ""
        if not (result.get("headers") or {}).get("Content-Type", "application/json").startswith("application/json"):
            return Answer(
                result["statusCode"], {"text": text}, result.get("cookies") or [], result.get("headers") or {}
            )
        return Answer(
            result["statusCode"],
            json.loads(text) if text else None,
            result.get("cookies") or [],
            result.get("headers") or {},
        )

    def post(self, path: str, json_body: object = None, **kwargs) -> Answer:
        return self.request("POST", path, json_body if json_body is not None else {}, **kwargs)

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def patch(self, path: str, json_body: object, **kwargs) -> Answer:
        return self.request("PATCH", path, json_body, **kwargs)

    def put(self, path: str, json_body: object, **kwargs) -> Answer:
        return self.request("PUT", path, json_body, **kwargs)

    def delete(self, path: str, json_body: object = None, **kwargs) -> Answer:
        return self.request("DELETE", path, json_body, **kwargs)


def outbox(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def last_code(outbox_path: Path, recipient: str) -> str:
    for message in reversed(outbox(outbox_path)):
        if message["recipient"] == recipient:
            return re.search(r"(?<!\d)\d{6}(?!\d)", message["text"]).group()
    raise AssertionError(f"no code was sent to {recipient}")


def join(client: ApiClient, outbox_path: Path, contact: str, recipient: str, name: str = "张姐", **extra) -> Answer:
    """Ask for a code and join with it; keeps the session on the client."""
    assert client.post("/api/auth/code", {"contact": contact}).status == 202
    answer = client.post(
        "/api/members",
        {"contact": contact, "code": last_code(outbox_path, recipient), "name": name, "confirms_age": True, **extra},
    )
    client.session = answer.cookie("pp_session")
    return answer


def sign_in_staff(client: ApiClient, outbox_path: Path, contact: str, recipient: str) -> Answer:
    """Ask for a staff code and sign in with it; keeps the staff session on the client."""
    assert client.post("/api/auth/code", {"contact": contact, "purpose": "staff"}).status == 202
    answer = client.post("/api/staff/auth/verify", {"contact": contact, "code": last_code(outbox_path, recipient)})
    client.staff_session = answer.cookie("pp_staff")
    return answer


@dataclass
class Team:
    store_id: str
    manager_id: str
    clerk_id: str
    manager: ApiClient
    clerk: ApiClient


def make_team(outbox_path: Path) -> Team:
    """A store, its manager (139 0000 0001) and a clerk (139 0000 0002), both signed in."""
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff, ensure_manager
    from shop.stores import StoreDetails, open_store

    store = open_store(
        StoreDetails("静安店", "上海市静安区南京西路1000号", "021-6288 0000", "每天 9:00-21:00"),
        actor="test",
        actor_store=None,
        store_id="jingan",
    )
    manager, _ = ensure_manager(parse_contact("13900000001"), "林店长", store.store_id)
    clerk = add_staff(NewStaff(parse_contact("13900000002"), "小周", "staff", store.store_id), "test", None)
    manager_client, clerk_client = ApiClient(source_ip="198.51.100.101"), ApiClient(source_ip="198.51.100.102")
    assert sign_in_staff(manager_client, outbox_path, "13900000001", "+8613900000001").status == 200
    assert sign_in_staff(clerk_client, outbox_path, "13900000002", "+8613900000002").status == 200
    return Team(store.store_id, manager.staff_id, clerk.staff_id, manager_client, clerk_client)


def travel_to(clock, day, hour: int) -> None:
    """Move the shop's (travelling) clock forward to a business day at an hour, business time."""
    from datetime import datetime, timedelta

    from shop.clock import now
    from shop.settings import get_settings

    moment = datetime.combine(day, datetime.min.time(), get_settings().time_zone) + timedelta(hours=hour)
    clock.advance(seconds=(moment - now()).total_seconds())


def wait_until(page, function: str, arg=None, timeout: float = 15) -> None:
    """Wait until `function` (JavaScript, called with `arg`) is true in the page. The pages' CSP
    forbids eval, which Playwright's wait_for_function polls with; page.evaluate is not eval."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(function, arg):
        assert time.monotonic() < deadline, f"not true within {timeout} s: {function}"
        page.wait_for_timeout(100)
