"""The dev server builds events as API Gateway's HTTP API (payload 2.0) does, and writes answers back."""

from __future__ import annotations

import base64
import threading

import httpx

from infra.devserver import CompiledRoute, build_event, make_server
from infra.dynamodb import free_port
from infra.template import Route

ROUTE = Route("POST", "/api/things/{thing_id}", "ThingsFunction", "things/app.lambda_handler")


def test_the_event_has_what_api_gateway_fills_in():
    event = build_event(
        "POST",
        "/api/things/42?colour=red&colour=white&empty=",
        [
            ("Host", "localhost:8000"),
            ("Content-Type", "application/json"),
            ("Cookie", "pp_session=abc; lang=zh"),
            ("X-Forwarded-For", "1.1.1.1"),
            ("X-Forwarded-For", "2.2.2.2"),
            ("User-Agent", "MicroMessenger"),
        ],
        b'{"a": "\xe8\x8a\xb1"}',
        ROUTE,
        {"thing_id": "42"},
        "203.0.113.9",
    )
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /api/things/{thing_id}"
    assert event["rawPath"] == "/api/things/42"
    assert event["rawQueryString"] == "colour=red&colour=white&empty="
    assert event["queryStringParameters"] == {"colour": "red,white", "empty": ""}
    assert event["cookies"] == ["pp_session=abc", "lang=zh"]
    assert "cookie" not in event["headers"]
    assert event["headers"]["x-forwarded-for"] == "1.1.1.1,2.2.2.2"
    assert event["pathParameters"] == {"thing_id": "42"}
    assert event["body"] == '{"a": "花"}' and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["http"] == {
        "method": "POST",
        "path": "/api/things/42",
        "protocol": "HTTP/1.1",
        "sourceIp": "203.0.113.9",
        "userAgent": "MicroMessenger",
    }
    assert context["routeKey"] == event["routeKey"] and context["stage"] == "$default"
    assert context["requestId"] and context["timeEpoch"] > 0


def test_a_binary_body_is_base64_encoded():
    event = build_event("POST", "/api/things/1", [("Content-Type", "image/png")], b"\x89PNG\x00", ROUTE, {}, "::1")
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x89PNG\x00"


def test_path_templates_match_like_api_gateway():
    compiled = CompiledRoute.compile(ROUTE)
    assert compiled.pattern.match("/api/things/42").groupdict() == {"thing_id": "42"}
    assert compiled.pattern.match("/api/things/42/more") is None
    greedy = CompiledRoute.compile(Route("GET", "/api/files/{proxy+}", "F", "f.handler"))
    assert greedy.pattern.match("/api/files/a/b/c").groupdict() == {"proxy": "a/b/c"}


def test_answers_are_written_back_with_every_cookie(tmp_path, monkeypatch):
    answer = {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json"},
        "cookies": ["a=1; Path=/api; HttpOnly", "b=2; Path=/api"],
        "body": '{"ok": true}',
        "isBase64Encoded": False,
    }
    seen = {}

    def invoke(self, route, event):
        seen.update(event)
        return answer

    monkeypatch.setattr("infra.devserver.Api.invoke", invoke)
    server = make_server(free_port(), tmp_path, tmp_path / "outbox.jsonl")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        response = httpx.post(
            f"http://127.0.0.1:{server.server_address[1]}/api/auth/code",
            json={"contact": "x"},
            headers={"Cookie": "pp_session=t"},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 201
    assert response.headers.get_list("set-cookie") == answer["cookies"]
    assert response.json() == {"ok": True}
    assert seen["routeKey"] == "POST /api/auth/code" and seen["cookies"] == ["pp_session=t"]


def test_pages_and_answers_carry_the_same_security_headers_as_cloudfront(tmp_path):
    from infra.template import security_headers

    (tmp_path / "index.html").write_text("<!doctype html><title>花点</title>")
    server = make_server(free_port(), tmp_path, tmp_path / "outbox.jsonl")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page, missing = httpx.get(f"{base}/"), httpx.get(f"{base}/nowhere/")
        outbox = httpx.get(f"{base}/dev/outbox")
    finally:
        server.shutdown()
        server.server_close()
    expected = dict(security_headers())
    assert "script-src 'self'" in expected["Content-Security-Policy"]
    assert "unsafe-inline" not in expected["Content-Security-Policy"]
    for answer in (page, missing):
        assert {name: answer.headers[name] for name in expected} == expected
    assert "content-security-policy" not in outbox.headers  # the dev server's own page, never deployed
