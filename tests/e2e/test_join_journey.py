"""A visitor joins with a one-time code and lands on their member page, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

AXE = Path(__file__).resolve().parents[2] / ".local" / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = {"zh": "", "en": "/en"}


def code_for(base: str, recipient: str) -> str:
    messages = httpx.get(f"{base}/dev/outbox.json").json()
    text = next(m["text"] for m in reversed(messages) if m["recipient"] == recipient)
    return re.search(r"(?<!\d)\d{6}(?!\d)", text).group()


def check_accessibility(page, name: str) -> None:
    assert AXE.exists(), "axe-core is installed into .local by make test"
    page.evaluate(AXE.read_text())  # evaluated, not a <script> tag: the pages' CSP allows no inline script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: {serious}"


def snap(page, test_output: Path, name: str) -> None:
    page.screenshot(path=str(test_output / f"{name}.png"), full_page=True)


def ask_for_code(page, contact: str) -> None:
    page.fill("#contact", contact)
    page.click("#send-code")
    page.wait_for_selector("#code:visible")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_join_with_a_phone_sign_out_and_sign_in_again(page, dev_server, clock, test_output, lang):
    base, prefix = dev_server, PREFIX[lang]
    phone, e164 = ("138 0013 8000", "+8613800138000") if lang == "zh" else ("139 1234 5678", "+8613912345678")
    name = "张姐" if lang == "zh" else "Mrs Zhang"

    # the join page
    page.goto(f"{base}{prefix}/join/")
    check_accessibility(page, f"join-{lang}")
    snap(page, test_output, f"join-{lang}")
    ask_for_code(page, phone)
    page.fill("#code", code_for(base, e164))
    page.fill("#name", name)
    page.check("#marketing-consent")
    page.check("#confirms-age")
    snap(page, test_output, f"join-filled-{lang}")
    page.click("#join")

    # lands on my account with the name shown
    page.wait_for_url(f"{base}{prefix}/account/")
    page.wait_for_selector(f"#member-name:has-text('{name}')")
    check_accessibility(page, f"account-{lang}")
    snap(page, test_output, f"account-{lang}")

    # signs out, and the session is gone
    page.click("#sign-out")
    page.wait_for_url(re.compile(rf"{re.escape(base + prefix)}/(signin/)?$"))
    assert page.request.get(f"{base}/api/me").status == 401

    # signs in again with the same number a minute later
    clock.advance(seconds=61)
    page.goto(f"{base}{prefix}/signin/")
    check_accessibility(page, f"signin-{lang}")
    snap(page, test_output, f"signin-{lang}")
    ask_for_code(page, phone)
    page.fill("#code", code_for(base, e164))
    page.click("#sign-in")
    page.wait_for_url(f"{base}{prefix}/account/")
    page.wait_for_selector(f"#member-name:has-text('{name}')")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_second_member_joins_with_an_email_address(page, dev_server, test_output, lang):
    base, prefix = dev_server, PREFIX[lang]
    email = f"member.{lang}@example.com"
    page.goto(f"{base}{prefix}/join/")
    ask_for_code(page, email)
    page.fill("#code", code_for(base, email))
    page.fill("#name", "李阿姨" if lang == "zh" else "Emma")
    page.check("#confirms-age")
    page.click("#join")
    page.wait_for_url(f"{base}{prefix}/account/")
    page.wait_for_selector("#member-name:has-text('" + ("李阿姨" if lang == "zh" else "Emma") + "')")
    snap(page, test_output, f"account-email-{lang}")


@pytest.mark.parametrize("path", ["/", "/care/", "/care/pothos/", "/en/", "/en/care/", "/en/care/rose/"])
def test_the_shop_pages_are_accessible_and_switch_language_in_place(page, dev_server, test_output, path):
    page.goto(f"{dev_server}{path}")
    check_accessibility(page, path)
    snap(page, test_output, "page" + path.replace("/", "-").rstrip("-"))
    page.click("#lang-switch")
    other = path[3:] if path.startswith("/en/") else "/en" + path
    page.wait_for_url(f"{dev_server}{other}")
