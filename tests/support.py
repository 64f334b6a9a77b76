"""Test helpers: call the API exactly as the dev server does (template routes, v2 events)."""

from __future__ import annotations

import json
import re
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


class ApiClient:
    """Sends requests to the handlers in-process, through the same event builder as the dev server."""

    def __init__(self, lang: str = "zh", source_ip: str = "203.0.113.7") -> None:
        self.api = Api()
        self.lang = lang
        self.source_ip = source_ip
        self.session: str | None = None

    def request(
        self,
        method: str,
        path: str,
        json_body: object = None,
        raw: bytes | None = None,
        headers: dict | None = None,
        session: str | None = None,
    ) -> Answer:
        found = self.api.match(method, path.split("?")[0])
        assert found, f"no route for {method} {path}"
        route, parameters = found
        all_headers = {"content-type": "application/json", "accept-language": self.lang, **(headers or {})}
        token = session if session is not None else self.session
        if token:
            all_headers["cookie"] = f"pp_session={token}"
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
        result = self.api.invoke(route, event)
        text = result.get("body") or ""
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
        "/api/members", {"contact": contact, "code": last_code(outbox_path, recipient), "name": name, **extra}
    )
    client.session = answer.cookie("pp_session")
    return answer
