"""The dev server: the built site, plus every route of template.yaml turned into an API Gateway
HTTP API v2 event (payload format 2.0, as API Gateway fills it) and handed to the handler.

Also the local-only outbox at /dev/outbox (HTML) and /dev/outbox.json: every message sent,
newest last. None of this is part of template.yaml; it never runs in AWS.
"""

from __future__ import annotations

import base64
import html
import importlib
import json
import mimetypes
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from infra.template import ROOT, Route, routes, security_headers

API_GATEWAY_MAX_BODY = 10 * 1024 * 1024
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")
JSON = [("Content-Type", "application/json")]
SECURITY_HEADERS = security_headers()  # the same as CloudFront's (template.yaml's SecurityHeaders)


@dataclass(frozen=True)
class CompiledRoute:
    route: Route
    pattern: re.Pattern

    @classmethod
    def compile(cls, route: Route) -> CompiledRoute:
        regex = re.sub(r"\\\{(\w+)\\\+\\\}", r"(?P<\1>.+)", re.escape(route.path))
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", regex)
        return cls(route, re.compile(f"^{regex}$"))


class LambdaContext:
    """What a handler's `context` offers in Lambda, enough for powertools."""

    def __init__(self, function: str) -> None:
        self.function_name = function
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{function}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + 10

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class Api:
    """Routes from template.yaml, each bound to its handler, called one at a time (as one
    Lambda instance would be)."""

    def __init__(self) -> None:
        functions_dir = str(ROOT / "functions")
        if functions_dir not in sys.path:
            sys.path.insert(0, functions_dir)
        self.routes = [CompiledRoute.compile(route) for route in routes()]
        self._handlers: dict[str, object] = {}
        self._lock = threading.Lock()

    def match(self, method: str, path: str) -> tuple[Route, dict] | None:
        for compiled in self.routes:
            found = compiled.pattern.match(path)
            if found and compiled.route.method in (method, "ANY"):
                return compiled.route, {k: unquote(v) for k, v in found.groupdict().items()}
        return None

    def handler(self, route: Route):
        if route.handler not in self._handlers:
            module_path, _, name = route.handler.rpartition(".")
            module = importlib.import_module(module_path.replace("/", "."))
            self._handlers[route.handler] = getattr(module, name)
        return self._handlers[route.handler]

    def invoke(self, route: Route, event: dict) -> dict:
        handler = self.handler(route)
        with self._lock:
            return handler(event, LambdaContext(route.function))


def build_event(
    method: str,
    target: str,
    header_items: list[tuple[str, str]],
    body: bytes,
    route: Route,
    path_parameters: dict,
    source_ip: str,
) -> dict:
    """An HTTP API v2 event: lower-case headers (repeats joined by commas), cookies in their own
    list, repeated query values joined by commas, a base64 body when it is not text."""
    url = urlsplit(target)
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in header_items:
        key = name.lower()
        if key == "cookie":
            cookies += [part.strip() for part in value.split(";") if part.strip()]
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    query: dict[str, str] = {}
    for key, value in parse_qsl(url.query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    is_text = headers.get("content-type", "").startswith(TEXT_TYPES)
    now = datetime.now(UTC)
    event = {
        "version": "2.0",
        "routeKey": route.route_key,
        "rawPath": url.path,
        "rawQueryString": url.query,
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "localhost"),
            "domainPrefix": headers.get("host", "localhost").split(".")[0],
            "http": {
                "method": method,
                "path": url.path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": route.route_key,
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": bool(body) and not is_text,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body:
        event["body"] = body.decode("utf-8", "replace") if is_text else base64.b64encode(body).decode()
    return event


def read_outbox(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def outbox_page(messages: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(m['at'][:19])}</td><td>{html.escape(m['channel'])}</td>"
        f"<td>{html.escape(m['recipient'])}</td><td>{html.escape(m.get('subject', ''))}</td>"
        f"<td>{html.escape(m['text'])}</td></tr>"
        for m in messages
    )
    return (
        "<!doctype html><html lang='zh-Hans'><head><meta charset='utf-8'><title>发件箱 Outbox (local)</title>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<style>body{font:15px system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}"
        "td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}</style></head>"
        "<body><h1>发件箱 Outbox</h1><p>本地开发专用：所有发出的短信和邮件，最新的在最后。"
        " Local only: every message sent, newest last.</p><table><thead><tr><th>时间 Time</th>"
        "<th>渠道 Channel</th><th>收件人 Recipient</th><th>主题 Subject</th><th>内容 Text</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></body></html>"
    )


class Handler(BaseHTTPRequestHandler):
    """One request: the API through its handler, the outbox, or a file of the built site."""

    api: Api
    site_dir: Path
    outbox: Path
    protocol_version = "HTTP/1.1"
    server_version = "petalpoint-dev"

    def log_message(self, format: str, *args) -> None:  # quiet: the tests and make dev print enough
        pass

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        if not urlsplit(self.path).path.startswith("/dev/"):  # the outbox is the dev server's own page
            headers = [*SECURITY_HEADERS, *headers]
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/api/"):
            return self._api(path)
        if path in ("/dev/outbox", "/dev/outbox.json"):
            messages = read_outbox(self.outbox)
            if path.endswith(".json"):
                body = json.dumps(messages, ensure_ascii=False).encode()
                return self._send(200, body, [("Content-Type", "application/json; charset=utf-8")])
            return self._send(200, outbox_page(messages).encode(), [("Content-Type", "text/html; charset=utf-8")])
        if path.startswith("/dev/photos/"):
            return self._photo(path.removeprefix("/dev/photos/"))
        return self._static(path)

    def _photo(self, key: str) -> None:
        """The local stand-in for the photos bucket: PUT a JPEG, GET it back."""
        import os
        import re

        folder = Path(os.environ.get("PHOTOS_DIR") or self.outbox.parent / "photos")
        if not re.fullmatch(r"bookings/[a-f0-9]{1,40}/(before|handover)\.jpg", key):
            return self._send(404, b"not found", [("Content-Type", "text/plain")])
        target = folder / key
        if self.command == "PUT":
            length = int(self.headers.get("Content-Length") or 0)
            if length > 10 * 1024 * 1024:
                return self._send(413, b"too large", [("Content-Type", "text/plain")])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.rfile.read(length))
            return self._send(200, b"", [("Content-Type", "text/plain")])
        if not target.is_file():
            return self._send(404, b"not found", [("Content-Type", "text/plain")])
        self._send(200, target.read_bytes(), [("Content-Type", "image/jpeg"), ("Cache-Control", "no-cache")])

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch

    def _api(self, path: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > API_GATEWAY_MAX_BODY:
            self.close_connection = True
            return self._send(413, b'{"message":"Request Entity Too Large"}', [("Content-Type", "application/json")])
        body = self.rfile.read(length) if length else b""
        found = self.api.match(self.command, path)
        if found is None:
            return self._send(404, b'{"message":"Not Found"}', JSON)
        route, parameters = found
        event = build_event(
            self.command, self.path, list(self.headers.items()), body, route, parameters, self.client_address[0]
        )
        try:
            result = self.api.invoke(route, event)
        except Exception:  # API Gateway's own answer when a function fails
            import traceback

            traceback.print_exc()
            return self._send(500, b'{"message":"Internal Server Error"}', JSON)
        self._write_result(result)

    def _write_result(self, result: object) -> None:
        if not (isinstance(result, dict) and "statusCode" in result):
            body = json.dumps(result).encode()
            return self._send(200, body, [("Content-Type", "application/json")])
        raw = result.get("body") or ""
        body = base64.b64decode(raw) if result.get("isBase64Encoded") else raw.encode()
        headers = list((result.get("headers") or {}).items())
        headers += [("Set-Cookie", cookie) for cookie in result.get("cookies") or []]
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers += [(name, value) for value in values]
        self._send(int(result["statusCode"]), body, headers)

    def _static(self, path: str) -> None:
        target = (self.site_dir / unquote(path).lstrip("/")).resolve()
        if self.site_dir.resolve() not in target.parents and target != self.site_dir.resolve():
            return self._send(404, b"not found", [("Content-Type", "text/plain")])
        if target.is_dir():
            if not path.endswith("/"):
                return self._send(301, b"", [("Location", path + "/")])
            target = target / "index.html"
        if not target.is_file():
            language_root = "en/" if path.startswith("/en/") else ""  # the 404 page in the visitor's language
            missing = self.site_dir / language_root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"not found"
            return self._send(404, body, [("Content-Type", "text/html; charset=utf-8")])
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "svg+xml")):
            kind += "; charset=utf-8"
        self._send(200, target.read_bytes(), [("Content-Type", kind), ("Cache-Control", "no-cache")])


def make_server(port: int, site_dir: Path, outbox: Path, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("PetalpointHandler", (Handler,), {"api": Api(), "site_dir": site_dir, "outbox": outbox})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
