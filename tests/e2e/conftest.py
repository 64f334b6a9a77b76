"""Headless Chromium (the system's, never a downloaded one) driven by Playwright."""

from __future__ import annotations

import sys

import httpx
import pytest

from tests.conftest import chromium_path
from tests.e2e.test_join_journey import code_for

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    banner = "\n" + "!" * 78 + "\n!! Chromium is missing (/usr/bin/chromium): the BROWSER TESTS ARE SKIPPED.\n"
    banner += "!! Install it with: apt-get install chromium fonts-noto-cjk\n" + "!" * 78 + "\n"
    sys.stderr.write(banner)
    skip = pytest.mark.skip(reason="Chromium is missing: browser tests skipped")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def counter(dev_server):
    """A store, its manager, and a member with a pollen allergy and a cat (made through the API)."""
    from shop.contacts import parse_contact
    from shop.staff import ensure_manager
    from shop.stores import StoreDetails, open_store

    store = open_store(
        StoreDetails("静安店", "上海市静安区南京西路1266号", "021-6288 1266", "每天 9:00-21:00"),
        "test",
        None,
        store_id="jingan",
    )
    ensure_manager(parse_contact("13900000001"), "林店长", store.store_id)
    with httpx.Client(base_url=dev_server, headers={"Accept-Language": "zh"}) as http:
        http.post("/api/auth/code", json={"contact": "13800138000"})
        joined = http.post(
            "/api/members",
            json={
                "contact": "13800138000",
                "code": code_for(dev_server, "+8613800138000"),
                "name": "张丽华",
                "salutation": "张姐",
                "confirms_age": True,
            },
        )
        token = joined.cookies.get("pp_session") or joined.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        http.patch(
            "/api/me",
            json={"sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["cat"]}},
            headers={"Cookie": f"pp_session={token}", "Content-Type": "application/json"},
        )
    return dev_server
