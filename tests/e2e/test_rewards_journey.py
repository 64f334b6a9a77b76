"""Rewards in a real browser: a member exchanges points for a reward and sees its coupon and QR
code, a clerk takes the coupon at the counter and the receipt shows it; a friend joins with the
member's invitation link; a manager changes a rule and adds a reward on the managers' pages."""

from __future__ import annotations

import re

from tests.e2e.test_join_journey import check_accessibility, code_for, snap
from tests.e2e.test_staff_journey import staff_sign_in
from tests.support import wait_until


def new_page(browser, locale: str = "zh-CN"):
    return browser.new_context(viewport={"width": 390, "height": 844}, locale=locale).new_page()


def sign_in_here(page, base: str, phone: str, e164: str) -> None:
    """On the sign-in page: the phone, the code from the outbox, sign in."""
    page.fill("#contact", phone)
    page.click("#send-code")
    page.wait_for_selector("#code:visible")
    page.fill("#code", code_for(base, e164))
    page.click("#sign-in")


def member_sign_in(page, base: str, phone: str, e164: str, prefix: str = "") -> None:
    page.goto(f"{base}{prefix}/signin/")
    sign_in_here(page, base, phone, e164)
    page.wait_for_url(re.compile(r".*/account/"))


def offer_reward(reward_id: str, name_zh: str, name_en: str, kind: str, points: int, value_fen: int = 0):
    from shop.rewards import RewardDetails, add_reward

    details = RewardDetails(name_zh, name_en, kind, points, value_fen, (), 10, 1, 90)
    return add_reward(details, actor="test", actor_store=None, reward_id=reward_id)


def test_a_member_redeems_a_reward_and_a_clerk_takes_the_coupon(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.sales import adjust
    from shop.tables import Contact

    base = counter
    member_id = Contact.get(parse_contact("13800138000").value).member_id
    adjust(member_id, 500, "开业赠送", "test", None)
    offer_reward("vase", "玻璃花瓶", "Glass vase", "gift", 300)
    offer_reward("twenty", "20元代金券", "20 yuan off", "money-off", 2000, 2000)

    # the member: the rewards say what each costs and why one is out of reach
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")
    member.goto(f"{base}/points/")
    vase = member.locator(".reward", has_text="玻璃花瓶")
    vase.wait_for()
    assert "300" in vase.inner_text()
    assert "还差 1,500 积分" in member.locator(".reward", has_text="20元代金券").inner_text()
    check_accessibility(member, "points-rewards")

    # exchanging asks to confirm, and the request carries an idempotency key
    keys = []
    member.on("request", lambda r: keys.append(r.headers.get("idempotency-key")) if "/redemptions" in r.url else None)
    vase.locator(".reward__redeem").click()
    confirm = vase.locator(".reward__confirm")
    assert "300" in confirm.inner_text() and "玻璃花瓶" in confirm.inner_text()
    check_accessibility(member, "points-confirm")
    confirm.locator(".button--primary").click()

    # the coupon: its code large, its QR code open and loaded, the balance down by its cost
    coupon = member.locator(".coupon--issued").first
    coupon.wait_for()
    code = coupon.locator(".code-text").inner_text().strip()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{8}", code)
    qr = coupon.locator(".coupon__qr img")
    qr.wait_for()
    wait_until(member, "img => img.complete && img.naturalWidth > 0", qr.element_handle())
    assert qr.bounding_box()["width"] >= 200
    assert len(keys) == 1 and keys[0]
    member.wait_for_selector("#balance:has-text('200')")
    member.wait_for_selector(".ledger__line--reward:has-text('玻璃花瓶')")
    check_accessibility(member, "points-coupon")
    snap(member, test_output, "points-coupon-zh")

    # the clerk types the code in lower case: the coupon's member becomes the customer
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "139 0000 0001", "+8613900000001")
    clerk.goto(f"{base}/staff/counter/")
    clerk.wait_for_selector("#counter-q:focus")
    clerk.fill("#coupon-code", code.lower())
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#coupon-chosen:not([hidden])")
    assert "张丽华" in clerk.locator("#customer-chosen").inner_text()
    assert "玻璃花瓶" in clerk.locator("#coupon-chosen").inner_text()
    clerk.fill(".line-name", "粉玫瑰 9枝")
    clerk.fill(".line-price", "199")
    clerk.wait_for_selector("#preview-coupon-row:not([hidden]):has-text('玻璃花瓶')")
    check_accessibility(clerk, "counter-coupon")
    snap(clerk, test_output, "counter-coupon-zh")
    clerk.keyboard.press("Control+Enter")
    receipt = clerk.locator("#receipt")
    receipt.wait_for()
    assert "玻璃花瓶" in receipt.locator("#receipt-totals").inner_text()
    assert "玻璃花瓶" in clerk.locator("#receipt-hand-over").inner_text()
    snap(clerk, test_output, "counter-coupon-receipt-zh")

    # the coupon is used: the counter refuses it a second time, beside the field
    clerk.click("#new-sale")
    clerk.fill("#coupon-code", code)
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#coupon-code-error:not([hidden])")
    assert "使用过" in clerk.locator("#coupon-code-error").inner_text()
    used = member.request.get(f"{base}/api/me/coupons").json()["coupons"][0]
    assert used["code"] == code and used["status"] == "used"


def test_a_friend_joins_with_the_members_invitation_link(browser, counter, clock, test_output):
    base = counter
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")
    member.goto(f"{base}/points/")
    member.wait_for_selector("#invite-body:not([hidden])")
    link = member.input_value("#invite-link")
    code = member.locator("#invite-code").inner_text()
    assert link.endswith(f"/join/?ref={code}")
    member.locator("#invite-qr").scroll_into_view_if_needed()  # lazy: it loads once in sight
    wait_until(member, "() => document.querySelector('#invite-qr').naturalWidth > 0")

    friend = new_page(browser)
    friend.goto(f"{base}/join/?ref={code}")
    friend.wait_for_selector("#join-friend:not([hidden])")
    check_accessibility(friend, "join-invited")
    snap(friend, test_output, "join-invited-zh")
    friend.fill("#contact", "137 1234 0000")
    friend.click("#send-code")
    friend.wait_for_selector("#code:visible")
    friend.fill("#code", code_for(base, "+8613712340000"))
    friend.fill("#name", "陈静")
    friend.check("#confirms-age")
    friend.click("#join")
    friend.wait_for_url(f"{base}/account/")
    assert member.request.get(f"{base}/api/me/referral").json()["joined"] == 1


def test_a_manager_changes_a_rule_and_adds_a_reward(browser, counter, clock, test_output):
    base = counter
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")

    # the rules: a field the API refuses is marked beside it; a good change is saved
    manager.goto(f"{base}/staff/rules/")
    manager.wait_for_selector("#rules-form:not([hidden])")
    assert manager.input_value("#rules-fen-per-point") == "1"
    check_accessibility(manager, "staff-rules")
    manager.fill("#rules-points-per-yuan", "101")
    manager.click("#save-rules")
    manager.wait_for_selector("#rules-points-per-yuan-error:not([hidden])")
    assert manager.get_attribute("#rules-points-per-yuan", "aria-invalid") == "true"
    manager.fill("#rules-points-per-yuan", "2")
    manager.fill("#rules-first-purchase", "150")
    manager.fill("#tier-silver-spend", "1800")
    manager.click("#add-event")
    manager.fill("#event-name-zh-1", "七夕双倍积分")
    manager.fill("#event-name-en-1", "Qixi double points")
    manager.fill("#event-starts-1", "2027-08-06")
    manager.fill("#event-ends-1", "2027-08-08")
    manager.fill("#event-multiplier-1", "2")
    manager.check(".event-stores input[value='jingan']")
    manager.click("#save-rules")
    manager.wait_for_selector("#rules-message.message--success")
    snap(manager, test_output, "staff-rules-zh")
    rules = manager.request.get(f"{base}/api/staff/rules").json()
    assert (rules["points_per_yuan"], rules["first_purchase_bonus"]) == (2, 150)
    assert next(t for t in rules["tiers"] if t["key"] == "silver")["spend_fen"] == 180_000
    assert rules["events"] == [
        {
            "name_zh": "七夕双倍积分",
            "name_en": "Qixi double points",
            "starts_on": "2027-08-06",
            "ends_on": "2027-08-08",
            "multiplier": 2.0,
            "tiers": [],
            "stores": ["jingan"],
        }
    ]

    # the rewards catalog: add one, then withdraw it
    manager.goto(f"{base}/staff/rewards/")
    manager.wait_for_selector("#rewards:not([hidden])")
    check_accessibility(manager, "staff-rewards")
    manager.fill("#reward-name-zh", "满200减20")
    manager.fill("#reward-name-en", "20 off 200")
    manager.select_option("#reward-kind", "money-off")
    manager.fill("#reward-value", "20")
    manager.fill("#reward-cost", "1500")
    manager.fill("#reward-stock", "50")
    manager.click("#save-reward")
    row = manager.locator(".admin-row", has_text="满200减20")
    row.wait_for()
    assert "¥20" in row.inner_text() and "1,500" in row.inner_text()
    row.get_by_role("button", name=re.compile("下架")).click()
    manager.wait_for_selector(".admin-row--off:has-text('满200减20')")
    snap(manager, test_output, "staff-rewards-zh")
    listed = manager.request.get(f"{base}/api/staff/rewards").json()["rewards"]
    reward = next(r for r in listed if r["name_zh"] == "满200减20")
    assert (reward["kind"], reward["value_fen"], reward["stock"], reward["active"]) == ("money-off", 2000, 50, False)

    # the same pages in English
    manager.goto(f"{base}/en/staff/rules/")
    manager.wait_for_selector("#rules-form:not([hidden])")
    assert manager.locator("h1").inner_text() == "Points rules"
    check_accessibility(manager, "staff-rules-en")
    manager.goto(f"{base}/en/staff/rewards/")
    manager.wait_for_selector(".admin-row:has-text('Withdrawn')")
    snap(manager, test_output, "staff-rewards-en")


def test_a_clerk_sees_the_rules_but_cannot_change_them(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff

    base = counter
    add_staff(NewStaff(parse_contact("13700001111"), "小周", "staff", "jingan"), "test", "jingan")
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    clerk.goto(f"{base}/staff/rules/")
    clerk.wait_for_selector("#read-only:not([hidden])")
    assert clerk.locator("#rules-points-per-yuan").is_disabled()
    assert clerk.locator("#save-rules").is_hidden()
    assert clerk.locator(".staff-nav a[href$='/staff/rules/']").is_hidden()
    check_accessibility(clerk, "staff-rules-read-only")
