"""Feedback and tags in a real browser: a member rates the lilies she bought 2 stars ("百合不新鲜")
on her ratings page, choosing the stars with the keyboard; she rates her roses 5 from the link in
a message, without signing in (a bad link is refused plainly, and the link once used says it is
rated). The store's manager sees the low rating as a follow-up, opens the member's card (the
ratings and their average, the automatic tags with their reasons, the shop's own tags added and
removed, the suggestions read from the comments, accepted), and closes the follow-up with a note.
Axe on every page; screenshots at 390px and 1280px."""

from __future__ import annotations

import re

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import member_sign_in, new_page
from tests.e2e.test_staff_journey import staff_sign_in


def snap_both(page, test_output, name: str) -> None:
    """A full-page screenshot at phone width and at desktop width."""
    snap(page, test_output, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    snap(page, test_output, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})


def sell(member_id: str, name: str, price_fen: int) -> str:
    from shop.sales import Line, Sale, record_sale

    sale = Sale("jingan", "test", (Line("bouquet", name, 1, price_fen),), "cash", member_id)
    return record_sale(sale, f"sale-{name}")["id"]


def test_a_low_rating_is_followed_up_and_the_card_learns_from_it(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.feedback import rate_token
    from shop.tables import Contact

    base = counter
    member_id = Contact.get(parse_contact("13800138000").value).member_id
    sell(member_id, "香水百合花束", 26_800)

    # the member, from her account page to her ratings: the lilies to rate, nothing rated yet
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")
    member.click("#feedback-link")
    member.wait_for_url(re.compile(r".*/feedback/$"))
    lilies = member.locator(".rate-item", has_text="香水百合花束")
    lilies.wait_for()
    assert member.locator("#given-empty").is_visible()
    assert lilies.locator("textarea").is_hidden()  # the comment comes once a star is chosen
    check_accessibility(member, "feedback")
    snap_both(member, test_output, "feedback-to-rate-zh")

    # two stars, with the keyboard: the radio group moves with the arrows
    lilies.locator("input[value='1']").focus()
    member.keyboard.press("ArrowRight")
    assert lilies.locator("input[value='2']").is_checked()
    assert lilies.locator(".stars__word").inner_text() != ""
    lilies.locator("textarea").fill("百合不新鲜")
    check_accessibility(member, "feedback-rating")
    snap_both(member, test_output, "feedback-rating-zh")
    lilies.locator("button[type=submit]").click()
    member.wait_for_selector("#feedback-status:not([hidden])")
    assert member.evaluate("document.activeElement.id") == "feedback-status"
    assert member.locator("#to-rate-empty").is_visible()
    rated = member.locator("#given .rated")
    assert rated.count() == 1 and "百合不新鲜" in rated.inner_text()
    assert "2" in rated.locator(".stars-shown").get_attribute("aria-label")
    given = member.request.get(f"{base}/api/me/feedback").json()["given"]
    assert [(g["rating"], g["comment"]) for g in given] == [(2, "百合不新鲜")]
    check_accessibility(member, "feedback-rated")
    snap_both(member, test_output, "feedback-rated-zh")

    # the roses, rated from the link in a message, signed out; a bad link is refused
    roses = sell(member_id, "红玫瑰11枝", 29_900)
    visitor = new_page(browser)
    visitor.goto(f"{base}/rate/?t=not-a-real-link.abc")
    visitor.wait_for_selector("#rate-failed:not([hidden])")
    assert visitor.locator("#rate-error").inner_text() != ""
    assert visitor.locator("#rate-form").is_hidden()
    link = f"{base}/rate/?t={rate_token(member_id, f'purchase#{roses}')}"
    visitor.goto(link)
    visitor.wait_for_selector("#rate-ask:not([hidden])")
    assert visitor.locator("#rate-what").inner_text() == "红玫瑰11枝"
    check_accessibility(visitor, "rate")
    snap_both(visitor, test_output, "rate-zh")
    visitor.click("#send-rating")  # no stars yet: said beside them, nothing sent
    assert visitor.locator("#rating-error").is_visible()
    visitor.locator(".star").nth(4).click()
    assert visitor.locator("input[name=rating][value='5']").is_checked()
    visitor.fill("#comment", "玫瑰很好看")
    visitor.click("#send-rating")
    visitor.wait_for_selector("#rate-done:not([hidden])")
    assert visitor.evaluate("document.activeElement.id") == "rate-message"
    check_accessibility(visitor, "rate-done")
    snap_both(visitor, test_output, "rate-done-zh")
    visitor.goto(link)  # the link again: rated already, no second form
    visitor.wait_for_selector("#rate-done:not([hidden])")
    assert visitor.locator("#rate-ask").is_hidden()
    member.reload()
    member.wait_for_selector("#given .rated >> nth=1")
    assert "玫瑰很好看" in member.locator("#given").inner_text()

    # the store's manager: the low rating is a follow-up, the high one is not
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.click(".staff-nav a[href='/staff/follow-ups/']")
    manager.wait_for_url(re.compile(r".*/staff/follow-ups/"))
    follow_up = manager.locator(".follow-up", has_text="百合不新鲜")
    follow_up.wait_for()
    assert manager.locator(".follow-up").count() == 1
    text = follow_up.inner_text()
    assert "张姐" in text and "香水百合花束" in text
    assert "2" in follow_up.locator(".stars-shown").get_attribute("aria-label")
    assert manager.input_value("#follow-ups-store") == "jingan"
    card_link = follow_up.locator("a.follow-up__member")
    assert card_link.get_attribute("href") == f"/staff/member/?id={member_id}"
    check_accessibility(manager, "follow-ups")
    snap_both(manager, test_output, "follow-ups-zh")

    # her card: the ratings, the tags with their reasons, the suggestions from the comments
    card_link.click()
    manager.wait_for_url(re.compile(r".*/staff/member/\?id=.*"))
    manager.wait_for_selector("#ratings-section:not([hidden])")
    ratings = manager.locator("#ratings-section")
    assert manager.locator("#ratings .rating-line").count() == 2
    assert "百合不新鲜" in ratings.inner_text() and "玫瑰很好看" in ratings.inner_text()
    assert "3.5" in manager.inner_text("#ratings-summary")
    suggestions = manager.locator("#suggestions .suggestion")
    assert suggestions.count() == 2
    lily = manager.locator(".suggestion--avoid", has_text="百合")
    rose = manager.locator(".suggestion--likes", has_text="玫瑰")
    assert "百合不新鲜" in lily.inner_text() and "玫瑰很好看" in rose.inner_text()
    new_tag = manager.locator(".auto-tag--new")  # she joined today
    assert new_tag.locator(".chip").get_attribute("title") == new_tag.locator(".auto-tag__reason").inner_text()
    assert new_tag.locator(".auto-tag__reason").is_visible()  # the reason is on the card, not only on hover
    check_accessibility(manager, "card-feedback")
    snap_both(manager, test_output, "card-feedback-zh")

    # the shop's own tags: two added, one removed, the keyboard kept in place
    manager.fill("#new-tag", "爱玫瑰")
    manager.press("#new-tag", "Enter")
    manager.wait_for_selector("#tags .own-tag:has-text('爱玫瑰')")
    assert manager.evaluate("document.activeElement.id") == "new-tag"
    manager.fill("#new-tag", "爱玫瑰")
    manager.click("#add-tag")
    assert manager.get_attribute("#new-tag", "aria-invalid") == "true"  # she has it already
    manager.fill("#new-tag", "婚礼客户")
    manager.click("#add-tag")
    manager.wait_for_selector("#tags .own-tag:has-text('婚礼客户')")
    card = manager.request.get(f"{base}/api/staff/members/{member_id}").json()
    assert card["tags"]["own"] == ["爱玫瑰", "婚礼客户"]
    manager.locator("#tags .own-tag", has_text="婚礼客户").locator("button").click()
    manager.wait_for_selector("#tags .own-tag:has-text('婚礼客户')", state="detached")
    assert manager.locator("#tags .own-tag").count() == 1
    assert manager.evaluate("document.activeElement.closest('.own-tag').textContent").startswith("爱玫瑰")

    # accepting: the lilies to avoid become a note, the roses a flower she likes
    lily.locator("[data-action=accept]").click()
    manager.wait_for_selector(".suggestion--avoid", state="detached")
    manager.wait_for_selector("#notes .notes__item:has-text('百合')")
    assert manager.evaluate("document.activeElement.id") == "suggestions-status"
    rose.locator("[data-action=accept]").click()
    manager.wait_for_selector("#suggestions-part", state="hidden")
    assert "玫瑰" in manager.inner_text("#preferences")
    card = manager.request.get(f"{base}/api/staff/members/{member_id}").json()
    assert card["tags"]["own"] == ["爱玫瑰"]
    assert "rose" in [flower["value"] for flower in card["preferences"]["flowers"]]
    assert card["feedback"]["suggestions"] == []
    assert any("百合" in note["text"] for note in card["notes"])
    check_accessibility(manager, "card-accepted")
    snap_both(manager, test_output, "card-accepted-zh")

    # back to the follow-up: closed with a note of what was done
    manager.go_back()
    follow_up = manager.locator(".follow-up", has_text="百合不新鲜")
    follow_up.wait_for()
    opener = follow_up.locator("[data-action=close]")
    opener.click()
    assert opener.is_hidden() and manager.evaluate("document.activeElement.tagName") == "TEXTAREA"
    follow_up.locator("[data-action=close-yes]").click()  # no note yet
    assert follow_up.locator("textarea").get_attribute("aria-invalid") == "true"
    follow_up.locator("textarea").fill("已致电张姐，明天补送一束新鲜百合")
    check_accessibility(manager, "follow-up-closing")
    snap_both(manager, test_output, "follow-up-closing-zh")
    follow_up.locator("[data-action=close-yes]").click()
    manager.wait_for_selector("#follow-ups-empty:not([hidden])")
    assert manager.locator("#follow-ups-status").is_visible()
    assert manager.request.get(f"{base}/api/staff/follow-ups").json()["follow_ups"] == []
    snap_both(manager, test_output, "follow-ups-closed-zh")
