"""At the counter with only the keyboard, in a real browser at a phone's width: after signing in,
the clerk never touches the mouse. A member found by the last digits of her phone, an item, points
as money off, the sale recorded with Ctrl+Enter, the receipt, the next sale; a walk-in with two
items, then F2 to the member search, for a customer who turns out to be a member after her items
are in. Focus lands where the clerk goes on at every step, and always shows."""

from __future__ import annotations

import re

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_staff_journey import staff_sign_in

FOCUS_SHOWS = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


def clerk_at_the_counter(browser, base: str):
    clerk = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    staff_sign_in(clerk, base, "139 0000 0001", "+8613900000001")
    clerk.goto(f"{base}/staff/counter/")
    clerk.wait_for_selector("#sale-form:visible")
    return clerk


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def assert_focus_shows(page) -> None:
    assert page.evaluate(FOCUS_SHOWS), f"no focus ring on #{focused(page)}"


def tab_to(page, target: str, most: int) -> None:
    """Tab forward to #target, in at most `most` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"#{target} is not within {most} Tabs (focus on #{focused(page)})")


def test_a_clerk_sells_to_a_member_with_only_the_keyboard(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.sales import adjust
    from shop.tables import Contact

    member_id = Contact.get(parse_contact("13800138000").value).member_id
    adjust(member_id, 500, "开业赠送", "test", None)
    clerk = clerk_at_the_counter(browser, counter)
    assert focused(clerk) == "counter-q"  # the page opens ready to find the customer

    # The last digits of her phone, Enter to search, the arrow down to her, Enter to choose her.
    clerk.keyboard.type("8000")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector(".counter-member:has-text('张丽华')")
    clerk.keyboard.press("ArrowDown")
    assert clerk.evaluate("document.activeElement.classList.contains('counter-member')")
    assert_focus_shows(clerk)
    snap(clerk, test_output, "counter-keyboard-result-zh")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#customer-chosen:has-text('张丽华')")
    assert focused(clerk) == "line-category-1"  # on to the first item

    # The item: category by arrow key, then Tab through name, quantity and unit price.
    clerk.keyboard.press("ArrowDown")
    assert clerk.input_value("#line-category-1") == "cut-flowers"
    assert_focus_shows(clerk)
    clerk.keyboard.press("Tab")
    assert focused(clerk) == "line-name-1"
    clerk.keyboard.type("红玫瑰 11枝")
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("2")  # Tab selects the 1 already there
    clerk.keyboard.press("Tab")
    assert focused(clerk) == "line-price-1"
    clerk.keyboard.type("149.50")

    # Points as money off: a few Tabs on, past the coupon and the payment method.
    tab_to(clerk, "redeem-points", most=5)
    clerk.keyboard.type("300")
    clerk.wait_for_selector("#preview-total:has-text('296')")
    assert clerk.input_value("#line-quantity-1") == "2"
    check_accessibility(clerk, "counter-keyboard")
    snap(clerk, test_output, "counter-keyboard-zh")

    # Ctrl+Enter records the sale; the receipt takes the focus.
    clerk.keyboard.press("Control+Enter")
    clerk.wait_for_selector("#receipt:visible")
    assert focused(clerk) == "receipt"
    assert_focus_shows(clerk)
    receipt = clerk.inner_text("#receipt")
    assert "296" in receipt and "红玫瑰 11枝" in receipt
    check_accessibility(clerk, "counter-keyboard-receipt")
    snap(clerk, test_output, "counter-keyboard-receipt-zh")

    # One Tab to "New sale", Enter, and the search is ready for the next customer.
    clerk.keyboard.press("Tab")
    assert focused(clerk) == "new-sale"
    assert_focus_shows(clerk)
    clerk.keyboard.press("Enter")
    assert focused(clerk) == "counter-q"
    assert clerk.is_visible("#sale-form") and clerk.is_hidden("#receipt")
    assert clerk.input_value("#line-price-1") == "" and clerk.input_value("#redeem-points") == "0"


def test_a_walk_in_then_a_member_found_after_her_items_with_only_the_keyboard(browser, counter, clock, test_output):
    clerk = clerk_at_the_counter(browser, counter)

    # A walk-in: one Tab from the search to the walk-in button, Enter, and on to the first item.
    clerk.keyboard.press("Tab")
    assert focused(clerk) == "walk-in"
    assert_focus_shows(clerk)
    clerk.keyboard.press("Enter")
    assert focused(clerk) == "line-category-1"
    assert clerk.is_disabled("#redeem-points")
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("绣球")
    clerk.keyboard.press("Tab")
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("88")
    clerk.keyboard.press("Enter")  # Enter in the last price: another item
    assert focused(clerk) == "line-name-2"
    clerk.keyboard.type("贺卡")
    clerk.keyboard.press("Tab")
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("5")
    clerk.wait_for_selector("#preview-total:has-text('93')")
    clerk.keyboard.press("Control+Enter")
    clerk.wait_for_selector("#receipt:visible")
    assert focused(clerk) == "receipt"
    receipt = clerk.inner_text("#receipt")
    assert "绣球" in receipt and "贺卡" in receipt and "93" in receipt

    # F2 from the receipt (the keys are shown under the title): the next sale, at the member search.
    assert clerk.is_visible("#counter-keys kbd:text-is('F2')")
    clerk.keyboard.press("F2")
    assert focused(clerk) == "counter-q"
    assert clerk.is_hidden("#receipt")

    # Her items go in first; then she shows her phone: F2, its last digits, Enter, Enter.
    tab_to(clerk, "line-category-1", most=3)
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("向日葵")
    clerk.keyboard.press("Tab")
    clerk.keyboard.press("Tab")
    clerk.keyboard.type("120")
    clerk.keyboard.press("F2")
    assert focused(clerk) == "counter-q"
    clerk.keyboard.type("8000")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#counter-status:has-text('1')")
    clerk.keyboard.press("Enter")  # the only one found
    clerk.wait_for_selector("#customer-chosen:has-text('张丽华')")
    assert focused(clerk) == "redeem-points"  # her items are in: on to the points
    assert clerk.input_value("#line-name-1") == "向日葵"
    clerk.keyboard.press("F2")  # with a member chosen, F2 goes to the button that changes her
    assert focused(clerk) == "change-customer"
    assert_focus_shows(clerk)
    clerk.keyboard.press("Control+Enter")  # records from anywhere in the sale
    clerk.wait_for_selector("#receipt-earned:visible")
    assert re.search(r"\+\d+", clerk.inner_text("#receipt-earned"))  # her points, though she came as a walk-in
    snap(clerk, test_output, "counter-keyboard-member-after-zh")
