"""Headless Chromium (the system's, never a downloaded one) driven by Playwright."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import chromium_path

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
