"""The first journey over HTTP, through the dev server, against DynamoDB Local."""

from __future__ import annotations

import re

import httpx


def _code(base: str, recipient: str) -> str:
    messages = httpx.get(f"{base}/dev/outbox.json").json()
    text = next(m["text"] for m in reversed(messages) if m["recipient"] == recipient)
    return re.search(r"\d{6}", text).group()


def _session(response: httpx.Response) -> str:
    cookies = response.headers.get_list("set-cookie")
    cookie = next(c for c in cookies if c.startswith("pp_session="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie and "Path=/api" in cookie
    return cookie.split(";")[0].split("=", 1)[1]


def test_join_sign_out_and_sign_in_again_over_http(dev_server, clock):
    base = dev_server
    headers = {"Content-Type": "application/json", "Accept-Language": "zh-CN"}
    with httpx.Client(base_url=base, headers=headers) as http:
        assert http.post("/api/auth/code", json={"contact": "138-0013-8000"}).status_code == 202
        code = _code(base, "+8613800138000")
        joined = http.post(
            "/api/members",
            json={
                "contact": "13800138000",
                "code": code,
                "name": "张姐",
                "confirms_age": True,
                "marketing_consent": True,
            },
        )
        assert joined.status_code == 201, joined.text
        token = _session(joined)

        me = http.get("/api/me", headers={"Cookie": f"pp_session={token}"})
        assert me.status_code == 200 and me.json()["name"] == "张姐"

        out = http.post("/api/auth/logout", json={}, headers={"Cookie": f"pp_session={token}"})
        assert out.status_code == 200
        assert "Max-Age=0" in out.headers["set-cookie"]
        assert http.get("/api/me", headers={"Cookie": f"pp_session={token}"}).status_code == 401

        clock.advance(seconds=61)
        assert http.post("/api/auth/code", json={"contact": "13800138000"}).status_code == 202
        again = http.post("/api/auth/verify", json={"contact": "13800138000", "code": _code(base, "+8613800138000")})
        assert again.status_code == 200
        assert http.get("/api/me", headers={"Authorization": f"Bearer {_session(again)}"}).json()["name"] == "张姐"


def test_a_second_member_joins_with_email_in_english_over_http(dev_server):
    with httpx.Client(base_url=dev_server, headers={"Accept-Language": "en"}) as http:
        assert http.post("/api/auth/code", json={"contact": "emma@example.com"}).status_code == 202
        message = http.get("/dev/outbox.json").json()[-1]
        assert message["channel"] == "email" and message["lang"] == "en"
        joined = http.post(
            "/api/members",
            json={
                "contact": "emma@example.com",
                "code": _code(dev_server, "emma@example.com"),
                "name": "Emma",
                "confirms_age": True,
            },
        )
        assert joined.status_code == 201
        assert joined.json()["member"]["lang"] == "en"
        outbox_page = http.get("/dev/outbox")
        assert outbox_page.status_code == 200 and "emma@example.com" in outbox_page.text


def test_the_dev_server_serves_the_site_and_refuses_what_api_gateway_refuses(dev_server):
    with httpx.Client(base_url=dev_server) as http:
        home = http.get("/")
        assert home.status_code == 200 and 'lang="zh-Hans"' in home.text
        assert http.get("/en/").status_code == 200
        assert http.get("/care/index.json").json()["guides"]
        assert http.get("/no/such/page").status_code == 404
        assert http.get("/api/no-such-route").status_code == 404
        assert http.put("/api/me", json={}).status_code == 404  # no such method in the template
        too_big = http.post(
            "/api/auth/code", content=b"x" * (11 * 1024 * 1024), headers={"Content-Type": "application/json"}
        )
        assert too_big.status_code == 413
