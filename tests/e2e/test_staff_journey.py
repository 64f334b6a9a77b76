"""The counter in a real browser: a manager adds a clerk; the clerk finds a member by the last
four digits and sees the allergy warning; a member edits preferences and downloads the export."""

from __future__ import annotations

import json
import re

from tests.e2e.test_join_journey import check_accessibility, code_for, snap


def staff_sign_in(page, base: str, phone: str, e164: str) -> None:
    page.goto(f"{base}/staff/")
    page.fill("#contact", phone)
    page.click("#send-code")
    page.wait_for_selector("#code:visible")
    page.fill("#code", code_for(base, e164))
    page.click("#sign-in")
    page.wait_for_url(f"{base}/staff/members/")


def test_a_manager_adds_a_clerk_who_finds_a_member_and_sees_the_allergy(browser, counter, clock, test_output):
    base = counter
    manager = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.goto(f"{base}/staff/team/")
    manager.wait_for_selector("#staff-store option[value='jingan']", state="attached")
    check_accessibility(manager, "staff-team")
    manager.fill("#staff-contact", "137 0000 1111")
    manager.fill("#staff-name", "小王")
    manager.select_option("#staff-role", "staff")
    manager.select_option("#staff-store", "jingan")
    manager.click("#add-staff")
    manager.wait_for_selector("text=小王")
    snap(manager, test_output, "staff-team-zh")

    clerk = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    check_accessibility(clerk, "staff-search")
    clerk.fill("#q", "8000")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector(".member-result")
    snap(clerk, test_output, "staff-search-zh")
    clerk.click(".member-result")
    clerk.wait_for_url(re.compile(r".*/staff/member/\?id=\w+"))
    clerk.wait_for_selector("#member-name:has-text('张姐')")
    warnings = clerk.locator("#warnings")
    warnings.wait_for()
    assert "花粉" in warnings.inner_text() and "猫" in warnings.inner_text()
    check_accessibility(clerk, "staff-card")
    snap(clerk, test_output, "staff-card-zh")


def test_a_member_edits_preferences_and_downloads_the_export(page, counter, clock, test_output):
    base = counter
    clock.advance(seconds=61)
    page.goto(f"{base}/signin/")
    page.fill("#contact", "138 0013 8000")
    page.click("#send-code")
    page.wait_for_selector("#code:visible")
    page.fill("#code", code_for(base, "+8613800138000"))
    page.click("#sign-in")
    page.wait_for_url(f"{base}/account/")
    page.goto(f"{base}/profile/")
    page.wait_for_selector("input[name=flowers][value=lily]", state="attached")
    check_accessibility(page, "profile")
    page.check("input[name=flowers][value=lily]")
    page.check("input[name=flowers][value=peony]")
    page.click("#save-profile")
    page.wait_for_selector("#form-message:not(:empty)")
    snap(page, test_output, "profile-zh")
    assert page.request.get(f"{base}/api/me").json()["preferences"]["flowers"] == ["lily", "peony"]
    with page.expect_download() as download:
        page.click("#download-export")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["member"]["name"] == "张丽华"
    assert exported["member"]["preferences"]["flowers"] == ["lily", "peony"]
