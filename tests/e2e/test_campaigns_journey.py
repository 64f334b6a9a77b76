"""Segments and campaigns in a real browser. Members bought flowers on Mother's Day last year; one
of them has booked again this year. A manager builds the segment "bought for Mother's Day last
year, no booking this year", follows its count (a progress bar) to the count, a sample and the
CSV; creates a campaign for it with a 10% holdout, sees the live preview (both languages, the SMS
in a phone's bubble with its length) and confirms it after the confirmation step. The daily job
sends it the next morning and some of each group buy within the window: the campaign's page
shows both groups side by side, their conversion rates, the uplift with its interval, and says
plainly that the groups are too small to conclude. A clerk is told the pages are for managers.
Axe on every page; screenshots at 390px and 1280px."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import new_page
from tests.e2e.test_staff_journey import staff_sign_in
from tests.support import travel_to

BUYERS = 40  # with 10% held out, both groups have members (and both are far below 30: too small)
SHOTS = Path("/tmp/shots")


def snap_both(page, test_output: Path, name: str, full_page: bool = True) -> None:
    """A screenshot from the top at phone width and at desktop width (also under /tmp/shots);
    the whole page, or what is in view (a dialog)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        if full_page:
            page.evaluate("window.scrollTo(0, 0)")
            snap(page, test_output, f"{name}-{width}")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=full_page)
    page.set_viewport_size({"width": 390, "height": 844})


def mothers_day(year: int) -> date:
    from shop.booking_rules import load_booking_rules

    (peak,) = [p for p in load_booking_rules("jingan").peak_days if p.key == "mothers-day"]
    return peak.on(year)


def buy_on(clock, day: date, first: int, how_many: int) -> list[str]:
    """Members who join and buy a bouquet at 静安 on `day` (the clock goes there and back): their
    ids. On a festival's day the sale counts as bought for that festival."""
    from shop.contacts import parse_contact
    from shop.members import NewMember, enrol
    from shop.sales import Line, Sale, record_sale

    before = clock.offset
    travel_to(clock, day, 11)
    names = "王芳 李娜 陈静 刘洋 杨敏 赵丽 黄婷 周雪 吴佳 徐慧".split()
    ids = []
    for n in range(first, first + how_many):
        name = names[n % len(names)] + str(n)
        member = enrol(parse_contact(f"1370000{n:04d}"), NewMember(name, True, "zh", home_store="jingan"), "test")
        sale = Sale("jingan", "test", (Line("bouquet", "康乃馨花束", 1, 19_900),), "wechat-pay", member.member_id)
        record_sale(sale, f"mothers-day-{n}")
        ids.append(member.member_id)
    clock.offset = before
    return ids


def seed_last_years_mothers_day(clock) -> tuple[list[str], str]:
    """Given 40 members who bought for Mother's Day last year, one more who did and has booked
    this year, and one who bought on an ordinary day: the 40, and the one who booked."""
    from shop.bookings import Ask, create_booking
    from shop.catalog import ItemDetails, add_item
    from shop.dates import today

    festival = mothers_day(today().year - 1)
    buyers = buy_on(clock, festival, 1, BUYERS)
    (booked,) = buy_on(clock, festival, 900, 1)
    item = add_item(ItemDetails("bouquet", "红玫瑰", "Roses", 19_900, "rose", (("rose-red", 11),)), "test", None)
    day = today() + timedelta(days=3)
    create_booking(
        Ask("jingan", day, "10:00-12:00", "pickup", ((item.item_id, 1),), member_id=booked), booked, "b", "self"
    )
    buy_on(clock, festival + timedelta(days=7), 950, 1)  # an ordinary day
    return buyers, booked


def make_sure_some_are_held_out(clock, campaign_id: str, buyers: list[str], least: int = 3) -> list[str]:
    """The holdout is drawn by a hash of member and campaign: with 40 members and 10%, rarely
    fewer than 3. Should it happen, more members bought for that Mother's Day too."""
    from shop.dates import today
    from shop.outreach import held_out

    def held() -> int:
        return sum(held_out(member_id, f"campaign:{campaign_id}", 10) for member_id in buyers)

    while held() < least:
        buyers = buyers + buy_on(clock, mothers_day(today().year - 1), 100 + len(buyers), 10)
    return buyers


def groups_of(campaign_id: str, member_ids: list[str]) -> dict[str, list[str]]:
    from shop.points import plain_map
    from shop.tables import Member

    found: dict[str, list[str]] = {"contacted": [], "held_out": []}
    for member_id in member_ids:
        window = plain_map(Member.get(member_id).campaigns).get(campaign_id)
        if window and window["group"] in found:
            found[window["group"]].append(member_id)
    return found


def build_the_segment(page, base: str, last_year: int, this_year: int) -> None:
    page.fill("#segment-name", "去年母亲节·今年未预订")
    page.select_option("#seg-festivals-key", "mothers-day")
    page.select_option("#seg-festivals-year", str(last_year))
    page.click("#seg-festivals-add")
    page.wait_for_selector(f"#seg-festivals-list li[data-value='mothers-day#{last_year}']")
    page.fill("#seg-no-booking-since", f"{this_year}-01-01")


def test_a_manager_builds_a_segment_and_a_campaign_and_reads_its_results(browser, counter, clock, test_output):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.sales import Line, Sale, record_sale

    base = counter
    buyers, booked = seed_last_years_mothers_day(clock)
    this_year, last_year = today().year, today().year - 1
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")

    # The managers' link leads to the segments; with none yet, the builder is open, said helpfully.
    manager.click(".staff-nav a[href$='/staff/segments/']")
    manager.wait_for_selector("#segment-builder:visible")
    assert "还没有分组" in manager.inner_text("#segments-empty")
    assert manager.locator("#seg-tiers input[type=checkbox]").count() >= 3  # the options are the shop's
    build_the_segment(manager, base, last_year, this_year)
    summary = manager.inner_text("#segment-summary")
    assert f"{last_year}年母亲节" in summary and "起没有预订" in summary, summary
    check_accessibility(manager, "staff-segments-builder")
    snap_both(manager, test_output, "staff-segments-builder-zh")

    # Saved: counted in the background, then the count, a sample and the CSV.
    manager.click("#save-segment")
    manager.wait_for_selector("#segment-detail:visible")
    manager.wait_for_selector("#detail-ready:visible", timeout=20_000)
    assert manager.inner_text("#detail-count") == str(BUYERS)
    assert manager.locator("#detail-sample tr").count() == 10
    assert manager.locator("#detail-sample a").first.get_attribute("href").startswith("/staff/member/?id=")
    row = manager.locator("#segment-list li", has_text="去年母亲节·今年未预订")
    assert "已统计" in row.inner_text() and f"{BUYERS} 位会员" in row.inner_text()
    assert "id=" in manager.url  # the segment's own address
    check_accessibility(manager, "staff-segments-counted")
    snap_both(manager, test_output, "staff-segments-counted-zh")
    with manager.expect_download() as downloading:
        manager.click("#detail-csv")
    text = Path(downloading.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == BUYERS + 1 and {r[0] for r in rows[1:]} == set(buyers) and booked not in text

    # A campaign for it, from the segment: the form, the variables, a live preview.
    manager.click("#detail-campaign")
    manager.wait_for_selector("#campaign-form:visible")
    segment_id = manager.input_value("#campaign-segment")
    assert segment_id and f"（{BUYERS} 位会员）" in manager.locator("#campaign-segment option:checked").inner_text()
    manager.fill("#campaign-name", "母亲节回访")
    manager.fill("#campaign-text-zh", "")
    manager.click("#campaign-text-zh")
    manager.locator("[data-variables-for='campaign-text-zh'] .campaign-var", has_text="name").click()
    manager.keyboard.type("，去年母亲节您在我们店为妈妈选了花，今年也来看看吧：")
    manager.locator("[data-variables-for='campaign-text-zh'] .campaign-var", has_text="link").click()
    assert manager.input_value("#campaign-text-zh").startswith("{{ name }}，去年母亲节")
    manager.fill(
        "#campaign-text-en",
        "Dear {{ name }}, last Mother's Day you chose flowers with us. Book this year's: {{ link }}",
    )
    assert manager.input_value("#campaign-holdout") == "10"
    manager.fill("#campaign-holdout", "10")
    send_day = today() + timedelta(days=1)
    manager.fill("#campaign-send-on", send_day.isoformat())
    manager.wait_for_selector("#preview-zh-sms:has-text('张女士，去年母亲节')")
    manager.wait_for_selector("#preview-en-sms:has-text('Ms Zhang')")
    assert "条短信" in manager.inner_text("#preview-zh-count")
    assert "约 4 位留作对照组" in manager.inner_text("#holdout-words")
    check_accessibility(manager, "staff-campaign-form")
    snap_both(manager, test_output, "staff-campaign-preview-zh")

    # Confirming asks first, saving the draft; going back changes nothing.
    manager.click("#confirm-campaign")
    manager.wait_for_selector("#confirm-dialog[open]")
    facts = manager.inner_text("#confirm-facts")
    assert "去年母亲节·今年未预订" in facts and "10%" in facts, facts
    assert "id=" in manager.url
    snap_both(manager, test_output, "staff-campaign-confirm-zh", full_page=False)
    manager.click("#confirm-no")
    assert manager.locator("#campaign-status").inner_text().startswith("草稿")
    manager.click("#confirm-campaign")
    manager.wait_for_selector("#confirm-dialog[open]")
    manager.click("#confirm-yes")
    manager.wait_for_selector("#campaign-status:has-text('已于')")
    assert manager.locator("#campaign-name").is_disabled()
    assert manager.locator("#confirm-campaign").is_hidden() and manager.locator("#cancel-campaign").is_visible()
    manager.wait_for_selector("#results-waiting:visible")  # nothing to compare until it is sent
    campaign_id = manager.url.split("id=")[1]

    # The list shows it confirmed.
    manager.goto(f"{base}/staff/campaigns/")
    manager.wait_for_selector("#campaign-list li")
    assert "已确认" in manager.inner_text(f"#campaign-list li[data-id='{campaign_id}']")
    check_accessibility(manager, "staff-campaigns")
    snap_both(manager, test_output, "staff-campaigns-zh")

    # The next morning the daily job sends it; over the next days some of each group buy.
    buyers = make_sure_some_are_held_out(clock, campaign_id, buyers)
    travel_to(clock, send_day, 10)
    run_daily(today(), HANDLERS)
    groups = groups_of(campaign_id, buyers)
    contacted, held_out = groups["contacted"], groups["held_out"]
    assert len(contacted) + len(held_out) == len(buyers) and len(held_out) >= 3, groups
    clock.advance(days=2)
    for n, member_id in enumerate(contacted[:8] + held_out[:1]):
        sale = Sale("jingan", "test", (Line("bouquet", "粉玫瑰花束", 1, 29_900),), "alipay", member_id)
        record_sale(sale, f"came-back-{n}")

    # Days later the manager signs in again. The campaign's page: both groups side by side, both
    # rates, the uplift's interval, and "too small to conclude".
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.goto(f"{base}/staff/campaign/?id={campaign_id}")
    manager.wait_for_selector("#results-body:visible")
    assert manager.inner_text("#r-contacted-n") == str(len(contacted))
    assert manager.inner_text("#r-held-n") == str(len(held_out))
    assert manager.inner_text("#r-contacted-converted") == "8"
    assert manager.inner_text("#r-held-converted") == "1"
    assert manager.inner_text("#r-contacted-rate").endswith("%") and manager.inner_text("#r-held-rate").endswith("%")
    assert manager.inner_text("#r-contacted-revenue") == "¥2,392"
    assert manager.inner_text("#r-held-revenue") == "¥299"
    assert manager.inner_text("#results-too-few") == "两组人数太少，还不能下结论"
    assert "提升" in manager.inner_text("#results-uplift")
    assert manager.locator("#results-interval svg[role='img']").count() == 1
    assert "已于" in manager.inner_text("#campaign-status") and manager.locator("#cancel-campaign").is_hidden()
    check_accessibility(manager, "staff-campaign-results")
    snap_both(manager, test_output, "staff-campaign-results-zh")

    # In English, the same.
    english = new_page(browser, "en-GB")
    english.context.add_cookies(manager.context.cookies())
    english.goto(f"{base}/en/staff/campaign/?id={campaign_id}")
    english.wait_for_selector("#results-body:visible")
    assert "too small" in english.inner_text("#results-too-few")
    assert english.inner_text("#r-contacted-revenue") == "¥2,392"
    check_accessibility(english, "staff-campaign-results-en")
    snap_both(english, test_output, "staff-campaign-results-en")


def test_a_draft_is_edited_cancelled_and_a_bad_template_is_said_plainly(browser, counter, clock, test_output):
    from shop.dates import today

    base = counter
    buy_on(clock, mothers_day(today().year - 1), 1, 3)
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.goto(f"{base}/staff/segments/")
    manager.wait_for_selector("#segment-builder:visible")
    manager.fill("#segment-name", "去年母亲节")
    manager.select_option("#seg-festivals-key", "mothers-day")
    manager.select_option("#seg-festivals-year", str(today().year - 1))
    manager.click("#seg-festivals-add")
    manager.fill("#seg-spend-min", "500")
    manager.fill("#seg-spend-max", "100")
    manager.click("#save-segment")
    manager.wait_for_selector("#seg-spend-max-error:visible")  # the least above the most, said beside it
    manager.fill("#seg-spend-max", "")
    manager.fill("#seg-spend-min", "")
    manager.click("#save-segment")
    manager.wait_for_selector("#detail-ready:visible", timeout=20_000)
    assert manager.inner_text("#detail-count") == "3"

    # Edit it: counted again.
    manager.click("#detail-edit")
    manager.wait_for_selector("#segment-builder:visible")
    assert manager.locator("#seg-festivals-list li[data-value]").count() == 1
    manager.fill("#seg-purchases-min", "2")
    manager.click("#save-segment")
    manager.wait_for_selector("#detail-ready:visible", timeout=20_000)
    assert "没有会员符合" in manager.inner_text("#detail-ready")
    assert manager.locator("#detail-csv").is_hidden()

    # A campaign whose message cannot be filled: the preview says so, plainly.
    manager.goto(f"{base}/staff/campaign/")
    manager.wait_for_selector("#campaign-form:visible")
    manager.select_option("#campaign-segment", label="去年母亲节（0 位会员）")
    manager.fill("#campaign-name", "试试")
    manager.fill("#campaign-text-zh", "{{ nmae }} 您好")
    manager.fill("#campaign-text-en", "Hello")
    manager.wait_for_selector("#preview-error:visible")
    assert "nmae" in manager.inner_text("#preview-error")
    manager.fill("#campaign-text-zh", "{{ name }} 您好，{{ offer }}")
    manager.check("#offer-points")
    manager.select_option("#campaign-multiplier", "3")
    manager.wait_for_selector("#preview-zh-sms:has-text('张女士 您好')")
    manager.click("#save-campaign")
    manager.wait_for_selector("#campaign-message.message--success")
    assert manager.locator("#cancel-campaign").is_visible()
    manager.click("#cancel-campaign")
    manager.wait_for_selector("#cancel-dialog[open]")
    manager.click("#cancel-yes")
    manager.wait_for_selector("#campaign-status:has-text('已取消')")
    assert manager.locator("#cancel-campaign").is_hidden() and manager.locator("#save-campaign").is_hidden()
    snap_both(manager, test_output, "staff-campaign-cancelled-zh")


def test_a_clerk_is_told_segments_and_campaigns_are_for_managers(browser, counter, clock):
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff

    base = counter
    add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None)
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    assert clerk.locator(".staff-nav a[href$='/staff/segments/']").is_hidden()
    for page in ("segments", "campaigns", "campaign"):
        clerk.goto(f"{base}/staff/{page}/")
        clerk.wait_for_selector("#managers-only:not([hidden])")
        assert clerk.locator("#page-loading").is_hidden()
    assert clerk.request.get(f"{base}/api/staff/segments").status == 403
