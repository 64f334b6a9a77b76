"""Stored value (储值) and flower cards at the counter, in a real browser at a desktop's width: a
manager sets the top-up offers; a clerk tops up a member (the offer's bonus is added), pays a sale
from the balance, is refused clearly when a sale is more than the balance, and sells a family
flower card; the clerk cannot change the offers; the manager sees the offer a top-up would reach
and refunds the principal from the member's card, the bonus forfeited. Axe on every page."""

from __future__ import annotations

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_staff_journey import staff_sign_in

DESKTOP = {"width": 1280, "height": 900}


def desktop_page(browser):
    return browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()


def seed_a_clerk_and_a_bouquet() -> str:
    """小王, a clerk at the store, and a bouquet the shop sells on flower cards. Returns the
    member's id."""
    from shop.catalog import ItemDetails, add_item
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff
    from shop.tables import Contact

    add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None)
    roses = ItemDetails(
        "bouquet", "粉玫瑰花束", "Pink roses", 19900, "rose",
        (("rose-pink", 11), ("eucalyptus", 2)), True, ("love", "everyday"),
    )  # fmt: skip
    add_item(roses, actor="test", actor_store=None, item_id="roses")
    return Contact.get(parse_contact("13800138000").value).member_id


def wallet_of(member_id: str) -> dict:
    from shop import wallet
    from shop.points import member_for_points

    return wallet.wallet_view(member_for_points(member_id))


def choose_member(page, search: str = "#counter-q") -> None:
    page.fill(search, "8000")
    page.keyboard.press("Enter")
    page.click(".counter-member")
    page.wait_for_selector("#customer-chosen:has-text('张丽华')")


def test_stored_value_and_a_family_card_from_the_counter(browser, counter, clock, test_output):
    base = counter
    member_id = seed_a_clerk_and_a_bouquet()

    # A manager sets the offers: top up 1,000, get 150; top up 3,000, get 600 and Gold for a year.
    manager = desktop_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.goto(f"{base}/staff/wallet/")
    manager.wait_for_selector("#wallet-form:visible")
    assert manager.input_value("#wallet-cap") == "5000"
    manager.click("#add-offer")
    manager.keyboard.type("1000")
    offer = manager.locator("[data-offer-row]").nth(0)
    offer.locator("[data-part=bonus]").fill("150")
    manager.click("#add-offer")
    offer = manager.locator("[data-offer-row]").nth(1)
    offer.locator("[data-part=pay]").fill("3000")
    offer.locator("[data-part=bonus]").fill("600")
    offer.locator("[data-part=tier]").select_option("gold")
    assert "20%" in offer.locator("[data-offer-summary]").inner_text()
    # ...and a flower card on sale: 周花卡, four weekly bouquets of roses for 599 (list 796).
    manager.click("#add-plan")
    assert manager.evaluate("document.activeElement.dataset.part") == "name_zh"
    manager.keyboard.type("周花卡")
    plan = manager.locator("[data-plan-row]").nth(0)
    plan.locator("[data-part=name_en]").fill("Weekly flowers")
    plan.locator("[data-part=item_id]").select_option("roses")
    plan.locator("[data-part=count]").fill("4")
    plan.locator("[data-part=cadence]").select_option("weekly")
    plan.locator("[data-part=price]").fill("599")
    summary = plan.locator("[data-plan-summary]").inner_text()
    assert "¥599.00" in summary and "¥796.00" in summary, summary
    manager.click("#save-wallet")
    manager.wait_for_selector("#wallet-message.message--success")
    check_accessibility(manager, "staff-wallet")
    snap(manager, test_output, "staff-wallet-zh")
    saved = manager.request.get(f"{base}/api/staff/wallet-rules").json()
    assert saved["offers"] == [
        {"pay_fen": 100000, "bonus_fen": 15000, "tier": None},
        {"pay_fen": 300000, "bonus_fen": 60000, "tier": "gold"},
    ]
    assert saved["card_plans"] == [
        {
            "name_zh": "周花卡",
            "name_en": "Weekly flowers",
            "item_id": "roses",
            "count": 4,
            "cadence": "weekly",
            "price_fen": 59900,
        }
    ]
    manager.reload()  # the card on sale comes back from the API as saved
    manager.wait_for_selector("[data-plan-row]")
    assert manager.locator("[data-plan-row] [data-part=price]").input_value() == "599"

    # The clerk may not change them, and is told so.
    clerk = desktop_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    clerk.goto(f"{base}/staff/wallet/")
    clerk.wait_for_selector("#managers-only:visible, #read-only:visible")
    assert not clerk.locator("#save-wallet").is_visible()
    assert clerk.locator("#wallet-fields:disabled").count() or not clerk.locator("#wallet-form").is_visible()
    check_accessibility(clerk, "staff-wallet-clerk")
    snap(clerk, test_output, "staff-wallet-clerk-zh")

    # The clerk tops up 1,000 by WeChat Pay: the offer's 150 is added.
    clerk.goto(f"{base}/staff/counter/")
    choose_member(clerk)
    clerk.wait_for_selector("#customer-wallet:has-text('储值')")
    clerk.click("#open-topup")
    clerk.keyboard.type("1000")
    clerk.select_option("#topup-method", "wechat-pay")
    clerk.focus("#topup-amount")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#topup-confirm:visible")
    assert "¥1,000.00" in clerk.inner_text("#topup-confirm-text")
    check_accessibility(clerk, "counter-topup")
    snap(clerk, test_output, "counter-topup-confirm-zh")
    clerk.keyboard.press("Enter")  # the confirm button has the focus
    clerk.wait_for_selector("#topup-done:visible")
    done = clerk.inner_text("#topup-done")
    assert "¥150.00" in done and "¥1,150.00" in done, done
    assert "¥1,150.00" in clerk.inner_text("#customer-wallet")
    snap(clerk, test_output, "counter-topped-up-zh")
    topped = wallet_of(member_id)
    assert (topped["principal_fen"], topped["bonus_fen"]) == (100000, 15000)

    # A bouquet paid from the balance.
    clerk.select_option(".line-category", "bouquet")
    clerk.fill(".line-name", "向日葵花束")
    clerk.fill(".line-price", "200")
    clerk.select_option("#payment-method", "stored-value")
    clerk.wait_for_selector("#payment-method-hint:has-text('¥1,150.00')")
    clerk.click("#record-sale")
    clerk.locator("#receipt").wait_for()
    clerk.wait_for_selector("#receipt-wallet:visible")
    assert "储值余额支付" in clerk.inner_text("#receipt-meta")
    snap(clerk, test_output, "counter-stored-value-receipt-zh")
    paid = wallet_of(member_id)
    spent = topped["balance_fen"] - paid["balance_fen"]
    assert spent > 0 and paid["movements"][0]["kind"] == "pay"
    assert f"¥{paid['balance_fen'] // 100:,}." in clerk.inner_text("#receipt-wallet")

    # A sale larger than the balance is refused before it is sent, and says by how much.
    clerk.click("#new-sale")
    choose_member(clerk)
    clerk.fill(".line-name", "开业花篮")
    clerk.fill(".line-price", "2000")
    clerk.select_option("#payment-method", "stored-value")
    clerk.wait_for_selector("#payment-method-error:visible")
    assert "不足" in clerk.inner_text("#payment-method-error")
    clerk.click("#record-sale")
    clerk.wait_for_selector("#sale-message.message--error")
    assert "不足" in clerk.inner_text("#sale-message")
    assert clerk.locator("#receipt").is_hidden()
    snap(clerk, test_output, "counter-stored-value-refused-zh")
    assert wallet_of(member_id)["balance_fen"] == paid["balance_fen"]

    # Selling a card starts from the cards on sale: 周花卡 fills the bouquet, count, how often and
    # its own price, all still editable.
    clerk.goto(f"{base}/staff/cards/")
    choose_member(clerk, "#cards-q")
    clerk.wait_for_selector("#card-plans:visible")
    clerk.click("#card-plan-list button:has-text('周花卡')")
    assert clerk.input_value("#card-item") == "roses" and clerk.input_value("#card-count") == "4"
    assert clerk.input_value("#card-cadence") == "weekly" and clerk.input_value("#card-price") == "599"
    assert clerk.get_attribute("#card-plan-list button", "aria-pressed") == "true"
    clerk.wait_for_selector("#card-totals:has-text('¥599.00')")
    check_accessibility(clerk, "staff-cards-plan")
    snap(clerk, test_output, "staff-cards-plan-zh")
    clerk.fill("#card-count", "5")  # changed: no longer the card on sale
    assert clerk.get_attribute("#card-plan-list button", "aria-pressed") == "false"
    assert clerk.input_value("#card-price") == "599"

    # A family card (亲情花卡): four weekly bouquets delivered to her mother in Hangzhou.
    clerk.goto(f"{base}/staff/cards/")
    choose_member(clerk, "#cards-q")
    clerk.check("#kind-family")
    assert clerk.is_checked("#mode-delivery") and clerk.is_disabled("#mode-pickup")
    clerk.select_option("#card-item", "roses")
    clerk.fill("#card-count", "4")
    clerk.select_option("#card-cadence", "weekly")
    clerk.fill("#recipient-name", "王秀英")
    clerk.fill("#recipient-phone", "139 1234 5678")
    for part, value in [("province", "浙江省"), ("city", "杭州市"), ("district", "西湖区")]:
        clerk.fill(f"#address-{part}", value)
    clerk.fill("#address-street", "文三路100号")
    clerk.fill("#address-building-room", "3幢201室")
    clerk.fill("#card-message", "妈妈，每周一束花")
    assert clerk.input_value("#card-price") == "796"
    clerk.select_option("#payment-method", "cash")
    clerk.wait_for_selector("#card-totals:has-text('¥796.00')")
    check_accessibility(clerk, "staff-cards")
    snap(clerk, test_output, "staff-cards-zh")
    clerk.keyboard.press("Control+Enter")
    clerk.wait_for_selector("#sold:visible")
    assert "亲情花卡" in clerk.inner_text("#sold-text")
    snap(clerk, test_output, "staff-cards-sold-zh")
    cards = clerk.request.get(f"{base}/api/staff/members/{member_id}/subscriptions").json()["subscriptions"]
    assert [(c["family"], c["count"], c["remaining"], c["mode"]) for c in cards] == [(True, 4, 4, "delivery")]
    assert cards[0]["recipient"]["address"]["city"] == "杭州市"

    # The manager sees the offer a larger top-up would reach...
    manager.goto(f"{base}/staff/counter/?member={member_id}")
    manager.wait_for_selector("#wallet-part:visible")
    manager.click("#open-topup")
    manager.keyboard.type("3000")
    offer_line = manager.inner_text("#topup-offer")
    assert "¥600.00" in offer_line and "金卡" in offer_line, offer_line

    # ...and, asked at the counter, refunds the principal from the member's card: the bonus goes.
    before = wallet_of(member_id)
    manager.goto(f"{base}/staff/member/?id={member_id}")
    manager.wait_for_selector("#movements li")
    manager.wait_for_selector("#subscriptions li:has-text('粉玫瑰花束')")
    assert manager.inner_text("#wallet-balance") == f"¥{before['balance_fen'] / 100:,.2f}"
    check_accessibility(manager, "staff-card-wallet")
    snap(manager, test_output, "staff-card-wallet-zh")
    manager.click("#refund-principal")
    manager.wait_for_selector("#refund-dialog[open]")
    assert "作废" in manager.inner_text("#refund-dialog-text")
    manager.click("#confirm-refund")  # no reason yet: asked for one, nothing refunded
    manager.wait_for_selector("#refund-reason-error:visible")
    manager.fill("#refund-reason", "顾客搬家，申请退款")
    snap(manager, test_output, "staff-card-refund-dialog-zh")
    manager.click("#confirm-refund")
    manager.wait_for_selector("#wallet-message:visible")
    assert "作废" in manager.inner_text("#wallet-message")
    assert manager.inner_text("#wallet-balance") == "¥0.00"
    snap(manager, test_output, "staff-card-refunded-zh")
    after = wallet_of(member_id)
    refund = after["movements"][0]
    assert after["balance_fen"] == 0
    assert (refund["kind"], refund["principal_fen"], refund["bonus_fen"]) == (
        "refund",
        -before["principal_fen"],
        -before["bonus_fen"],
    )
