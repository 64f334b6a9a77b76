"""Every route declares its role, template and handlers agree, and nobody reaches what is not theirs."""

from __future__ import annotations

import importlib

import pytest

from infra.template import functions, routes
from tests.support import join

ROLES = {"public", "member", "staff", "manager"}


def _app_routes(handler: str):
    module = importlib.import_module(handler.rpartition(".")[0].replace("/", "."))
    app = module.app
    return {(route.method, route.path): route for route in app._static_routes + app._dynamic_routes}


def _powertools_path(path: str) -> str:
    return path.replace("{", "<").replace("}", ">")


API_FUNCTIONS = [function for function in functions() if function.routes]


@pytest.mark.parametrize("function", API_FUNCTIONS, ids=lambda f: f.logical_id)
def test_every_route_of_a_function_declares_exactly_one_role(function):
    for (method, path), route in _app_routes(function.handler).items():
        roles = [m.role for m in route.middlewares if hasattr(m, "role")]
        assert len(roles) == 1 and roles[0] in ROLES, f"{method} {path} declares no role"


@pytest.mark.parametrize("function", API_FUNCTIONS, ids=lambda f: f.logical_id)
def test_template_routes_and_handler_routes_are_the_same(function):
    declared = {(route.method, _powertools_path(route.path)) for route in function.routes}
    assert declared == set(_app_routes(function.handler))


def test_member_routes_refuse_requests_without_a_session(client):
    for route in routes():
        if route.path in ("/api/me", "/api/auth/logout"):
            answer = client.request(route.method, route.path, {} if route.method == "POST" else None)
            assert answer.status == 401, route.route_key
            assert answer.body["error"] == "not_signed_in"


def test_a_member_sees_only_their_own_record(client, outbox_path, clock):
    from tests.support import ApiClient

    zhang = join(client, outbox_path, "13800138000", "+8613800138000", name="张姐")
    wang_client = ApiClient(source_ip="198.51.100.2")
    wang = join(wang_client, outbox_path, "13912345678", "+8613912345678", name="王先生")
    assert client.get("/api/me").body["id"] == zhang.body["member"]["id"]
    assert wang_client.get("/api/me").body["id"] == wang.body["member"]["id"]
    # one member's sign-out does not end the other's session
    assert wang_client.post("/api/auth/logout").status == 200
    assert client.get("/api/me").status == 200
