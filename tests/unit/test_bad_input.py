"""Bad input on every route: a clear 4xx, never a 5xx, and nothing written."""

from __future__ import annotations

import boto3
import pytest

from infra.template import routes, tables
from tests.support import join, outbox

# A valid body per route: the starting point for each kind of damage.
VALID = {
    "POST /api/auth/code": {"contact": "13700000001"},
    "POST /api/members": {"contact": "13700000001", "code": "123456", "name": "张姐", "marketing_consent": False},
    "POST /api/auth/verify": {"contact": "13700000001", "code": "123456"},
    "POST /api/auth/logout": {},
    "GET /api/me": None,
}
BODY_ROUTES = [key for key, body in VALID.items() if body is not None]


def test_every_template_route_has_a_bad_input_case():
    assert {route.route_key for route in routes()} == set(VALID)


def _items(shop) -> dict[str, int]:
    dynamodb = boto3.client("dynamodb")
    return {t.suffix: len(dynamodb.scan(TableName=t.name("test"))["Items"]) for t in tables()}


@pytest.fixture
def signed_in(client, outbox_path, clock):
    join(client, outbox_path, "13800138000", "+8613800138000")
    clock.advance(seconds=61)
    return client


def _damaged(body: dict) -> list[tuple[str, object]]:
    cases = [("unknown field", {**body, "balance": 100, "tier": "gold"}), ("not an object", ["x"])]
    for field, value in body.items():
        cases.append((f"{field}: wrong type", {**body, field: {"nested": [1, 2]}}))
        if isinstance(value, str):
            cases.append((f"{field}: 10,000 characters", {**body, field: "花" * 10_000}))
            cases.append((f"{field}: number", {**body, field: 12345}))
        else:
            cases.append((f"{field}: string", {**body, field: "yes please"}))
        cases.append((f"{field}: missing", {k: v for k, v in body.items() if k != field}))
    return cases


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_damaged_bodies_get_a_422_naming_the_field_and_write_nothing(signed_in, shop, outbox_path, route_key):
    method, path = route_key.split()
    before, sent = _items(shop), len(outbox(outbox_path))
    for label, body in _damaged(VALID[route_key]):
        answer = signed_in.request(method, path, body)
        if label.endswith("missing") and answer.status != 422:
            continue  # an optional field
        assert answer.status == 422, (label, answer.body)
        assert answer.body["error"] == "invalid_request"
        assert answer.body["message"] and answer.body["fields"], label
        assert all(f["message"] for f in answer.body["fields"])
    assert _items(shop) == before
    assert len(outbox(outbox_path)) == sent


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_malformed_json_is_a_400(signed_in, shop, route_key):
    method, path = route_key.split()
    before = _items(shop)
    for raw in (b'{"contact": ', b"\xff\xfe", b"{'single': 'quotes'}", b"NaN-ish"):
        answer = signed_in.request(method, path, raw=raw)
        assert answer.status == 400, (raw, answer.body)
        assert answer.body["error"] == "invalid_json"
    assert _items(shop) == before


@pytest.mark.parametrize("route_key", list(VALID))
def test_a_one_megabyte_body_is_a_413(signed_in, shop, route_key):
    method, path = route_key.split()
    before = _items(shop)
    answer = signed_in.request(method, path, raw=b'{"contact": "' + b"1" * 1_000_000 + b'"}')
    assert answer.status == 413
    assert answer.body["error"] == "too_large"
    assert _items(shop) == before


@pytest.mark.parametrize("route_key", BODY_ROUTES)
def test_a_write_that_is_not_json_is_a_415(signed_in, shop, route_key):
    method, path = route_key.split()
    before = _items(shop)
    answer = signed_in.request(method, path, raw=b"contact=13700000001", headers={"content-type": "text/plain"})
    assert answer.status == 415
    form = signed_in.request(
        method, path, raw=b"contact=1", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status == 415
    assert _items(shop) == before


def test_errors_speak_the_request_language(shop):
    from tests.support import ApiClient

    chinese = ApiClient(lang="zh-CN,zh;q=0.9").post("/api/auth/code", {"contact": "not a phone"})
    english = ApiClient(lang="en-GB,en;q=0.9").post("/api/auth/code", {"contact": "not a phone"})
    assert chinese.status == english.status == 400
    assert english.body["message"] == "Enter a mobile number or an email address."
    assert chinese.body["message"] != english.body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.body["message"])


def test_an_unexpected_error_is_a_500_with_a_fixed_body_and_no_details(client, monkeypatch, log_text):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail +8613800138000")

    monkeypatch.setattr("signup.app.request_code", broken)
    answer = client.post("/api/auth/code", {"contact": "13800138000"})
    assert answer.status == 500
    assert set(answer.body) == {"error", "message", "request_id"}
    assert "secret" not in str(answer.body)
    assert "RuntimeError" in log_text()
    assert "8613800138000" not in log_text()
