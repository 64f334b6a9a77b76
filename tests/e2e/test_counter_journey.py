"""At the counter in a real browser: a clerk sells to a member with points as money off, the
receipt shows the points, a refund takes some back, and the member sees every line explained."""

from __future__ import annotations

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import member_sign_in
from tests.e2e.test_staff_journey import staff_sign_in


def test_a_clerk_sells_redeems_and_refunds_and_the_member_sees_why(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.sales import adjust
    from shop.tables import Contact

    base = counter
    member_id = Contact.get(parse_contact("13800138000").value).member_id
    adjust(member_id, 500, "开业赠送", "test", None)
    clerk = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    staff_sign_in(clerk, base, "139 0000 0001", "+8613900000001")
    clerk.goto(f"{base}/staff/counter/")
    clerk.fill("#counter-q", "8000")
    clerk.keyboard.press("Enter")
    clerk.click(".counter-member")
    clerk.select_option(".line-category", "bouquet")
    clerk.fill(".line-name", "红玫瑰 11枝")
    clerk.fill(".line-quantity", "1")
    clerk.fill(".line-price", "299")
    clerk.fill("#redeem-points", "300")
    clerk.wait_for_selector("#preview-total:has-text('296')")
    check_accessibility(clerk, "counter")
    snap(clerk, test_output, "counter-zh")
    clerk.click("#record-sale")
    receipt = clerk.locator("#receipt")
    receipt.wait_for()
    assert "296" in receipt.inner_text()
    snap(clerk, test_output, "counter-receipt-zh")
    clerk.fill("#refund-amount", "100")
    clerk.fill("#refund-reason", "花有损伤")
    clerk.click("#refund")
    clerk.wait_for_selector("text=/扣回|taken back/")

    member = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")
    member.goto(f"{base}/points/")
    member.wait_for_selector("text=花有损伤")
    points = member.request.get(f"{base}/api/me/points").json()
    assert sum(line["points"] for line in points["history"]) == points["balance"]
    assert {line["kind"] for line in points["history"]} == {"adjust", "redeem", "earn", "refund"}
    check_accessibility(member, "points")
    snap(member, test_output, "points-zh")
