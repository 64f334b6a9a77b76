"""The outreach in a real browser: two members are due a win-back offer, one contacted and one
held out, and the contacted one comes back to buy; the manager sees the day's plan (who, why,
by which channel, held out or not), the sent log, and the offer against its holdout with 'too
few to conclude' said plainly, in both languages. A clerk is told the page is for managers.
Axe on the page, screenshots at 390px and 1280px."""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import new_page
from tests.e2e.test_staff_journey import staff_sign_in
from tests.support import travel_to


def enrol_member(contact: str, name: str):
    from shop.contacts import parse_contact
    from shop.members import NewMember, enrol

    return enrol(parse_contact(contact), NewMember(name, True, "zh"), "test")


def seed_a_win_back_day(clock):
    """Given two members due a win-back offer on a day, one contacted and one held out, and a
    purchase by the contacted one three days later: the day."""
    from shop.dates import today
    from shop.outreach import deliver
    from shop.reminders import reminder
    from shop.sales import Line, Sale, record_sale
    from shop.tables import Member

    contacted = enrol_member("13700000011", "王芳")
    held_out = enrol_member("13700000012", "陈静")
    day = today() + timedelta(days=1)
    travel_to(clock, day, 10)  # marketing waits out the quiet hours
    for member in (contacted, held_out):
        reminder("win-back", member.member_id, "2030-01-01", day).save()
    reminder("points-lapse", contacted.member_id, (day - timedelta(days=1)).isoformat(), day).save()
    params = {"flowers": "", "code": "WELCOME2", "value": 20, "date": (day + timedelta(days=30)).isoformat()}
    sent = deliver(Member.get(contacted.member_id), "win-back:a", day, "win_back", params, True, holdout=0)
    kept = deliver(Member.get(held_out.member_id), "win-back:a", day, "win_back", params, True, holdout=100)
    assert (sent, kept) == ("queued", "held-out")
    clock.advance(days=3)
    lines = (Line("bouquet", "粉玫瑰", 1, 19_900),)
    record_sale(Sale("jingan", "test", lines, "cash", contacted.member_id), "came-back")
    return day


def open_outreach(page, base: str, day, prefix: str = "") -> None:
    page.goto(f"{base}{prefix}/staff/outreach/?date={day.isoformat()}")
    page.wait_for_selector("#plan-counts:not([hidden])")
    page.fill("#holdout-from", day.isoformat())
    page.fill("#holdout-to", day.isoformat())
    page.dispatch_event("#holdout-to", "change")
    page.wait_for_selector("#holdout-result:not([hidden])")


def test_a_manager_sees_the_plan_the_sent_log_and_the_offer_against_its_holdout(browser, counter, clock, test_output):
    base = counter
    day = seed_a_win_back_day(clock)
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")

    # the managers' link leads to the page
    manager.click(".staff-nav a[href$='/staff/outreach/']")
    manager.wait_for_selector("#outreach-body:not([hidden])")
    open_outreach(manager, base, day)

    # the plan: both members, why in words, a link to each card, and the counts at the top
    plan = manager.locator("#plan-groups")
    assert plan.locator("a", has_text="王芳").get_attribute("href").startswith("/staff/member/?id=")
    assert plan.locator(".plan-item", has_text="陈静").locator(".plan-item__kind").inner_text() == "回店关怀"
    assert plan.locator(".plan-item--no-message", has_text="积分清零").count() == 1
    counts = [int(n) for n in manager.locator(".outreach-count__n").all_inner_texts()]
    assert sum(counts) == 3 and counts[3] == 1

    # the sent log: one sent by SMS, one held out, said in words
    rows = manager.locator("#sent-rows tr")
    assert rows.count() == 2
    log = manager.locator("#sent-rows").inner_text()
    assert "已发送" in log and "短信" in log and "对照组" in log and "回店关怀" in log

    # the offer against its holdout: everyone contacted bought, nobody held out did; too few
    bars = manager.locator("#holdout-bars")
    assert "100%" in bars.locator(".holdout-bar--contacted").inner_text()
    assert "0%" in bars.locator(".holdout-bar--held-out").inner_text()
    assert "1 人中 1 人买了" in bars.inner_text()
    assert manager.locator("#holdout-too-few").inner_text() == "两组人数太少，还不能下结论"
    assert "+100" in manager.locator("#holdout-uplift").inner_text()
    assert manager.locator("#holdout-interval svg[role='img']").count() == 1
    check_accessibility(manager, "staff-outreach")
    snap(manager, test_output, "staff-outreach-zh")
    manager.set_viewport_size({"width": 1280, "height": 900})
    snap(manager, test_output, "staff-outreach-zh-desktop")

    # in English, the same in English words
    english = new_page(browser, "en-GB")
    english.context.add_cookies(manager.context.cookies())
    open_outreach(english, base, day, "/en")
    assert english.locator(".plan-item", has_text="陈静").locator(".plan-item__kind").inner_text() == "Win-back care"
    assert "too small" in english.locator("#holdout-too-few").inner_text()
    check_accessibility(english, "staff-outreach-en")
    snap(english, test_output, "staff-outreach-en")
    english.set_viewport_size({"width": 1280, "height": 900})
    snap(english, test_output, "staff-outreach-en-desktop")

    # a range of more than 92 days is refused beside the dates, before asking
    manager.fill("#holdout-from", (day - timedelta(days=120)).isoformat())
    manager.dispatch_event("#holdout-from", "change")
    manager.wait_for_selector("#holdout-range-error:not([hidden])")
    assert manager.locator("#holdout-result").is_hidden()


def test_a_clerk_is_told_the_outreach_is_for_managers(browser, counter, clock):
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff

    base = counter
    add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None)
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    assert clerk.locator(".staff-nav a[href$='/staff/outreach/']").is_hidden()
    clerk.goto(f"{base}/staff/outreach/")
    clerk.wait_for_selector("#managers-only:not([hidden])")
    assert clerk.locator("#outreach-body").is_hidden()
    assert clerk.locator("#page-loading").is_hidden()
    assert clerk.request.get(f"{base}/api/staff/outreach/plan?date=2030-06-03").status == 403
