"""The reports dashboard in a real browser: two stores sell flowers (a bouquet and potted plants in
静安, cut flowers in 徐汇), members join, a bouquet is booked for pickup. The manager opens the
dashboard for a period, sees every chart drawn (an SVG with its summary, the bouquet's ¥299 among
the sales by category), takes the members' census again and sees the tiers, downloads a chart's
numbers as CSV (UTF-8 with a byte-order mark, yuan with two decimals), and switches to one store
and back to the chain. A clerk sees only their own store. Axe on the page, screenshots at 390px
and 1280px."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import new_page
from tests.e2e.test_staff_journey import staff_sign_in


def seed_two_stores_selling():
    """Given a second store, members joining at each, sales in both, and a pickup booked three days
    ahead at 静安: the period to look at (a week ago to a week ahead)."""
    from shop.booking_rules import BookingRules, save_booking_rules
    from shop.bookings import Ask, create_booking
    from shop.catalog import ItemDetails, add_item
    from shop.contacts import parse_contact
    from shop.dates import today
    from shop.members import NewMember, enrol
    from shop.sales import Line, Sale, record_sale
    from shop.stores import StoreDetails, open_store

    open_store(
        StoreDetails("徐汇店", "上海市徐汇区衡山路10号", "021-6433 1010", "每天 9:00-21:00"),
        "test",
        None,
        store_id="xuhui",
    )
    wang = enrol(parse_contact("13700000021"), NewMember("王芳", True, "zh", home_store="jingan"), "test")
    chen = enrol(parse_contact("13700000022"), NewMember("陈静", True, "zh", home_store="jingan"), "test")
    enrol(parse_contact("13700000023"), NewMember("李娜", True, "zh", home_store="xuhui"), "test")

    roses = (Line("bouquet", "11枝红玫瑰", 1, 29_900),)
    plants = (Line("potted-plant", "绿萝", 2, 7_900),)
    record_sale(Sale("jingan", "test", roses, "wechat-pay", wang.member_id), "roses")
    record_sale(Sale("jingan", "test", plants, "alipay", chen.member_id), "plants")
    record_sale(Sale("xuhui", "test", (Line("cut-flowers", "向日葵", 4, 2_200),), "cash"), "sunflowers")

    save_booking_rules(BookingRules(pickup_capacity=10, delivery_capacity=10, peak_days=[]), "test", None)
    item = add_item(ItemDetails("bouquet", "红玫瑰", "Roses", 19_900, "rose", (("rose-red", 11),)), "test", None)
    day = today() + timedelta(days=3)
    ask = Ask("jingan", day, "10:00-12:00", "pickup", ((item.item_id, 1),), member_id=wang.member_id)
    create_booking(ask, wang.member_id, "pickup", "self")
    return today() - timedelta(days=7), today() + timedelta(days=7)


def open_reports(page, base: str, first, last, store: str = "") -> None:
    query = f"from={first.isoformat()}&to={last.isoformat()}" + (f"&store={store}" if store else "")
    page.goto(f"{base}/staff/reports/?{query}")
    page.wait_for_selector("#reports-groups .report-card")
    page.wait_for_selector("#reports-results:not([aria-busy])")


def card(page, key: str):
    return page.locator(f"#chart-{key.replace('_', '-')}")


def wait_for_report(page, store: str) -> None:
    """After a change of store: the address says so and the answer has been drawn."""
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("store", [""])[0] == store)
    page.wait_for_selector("#reports-results:not([aria-busy])")


def census_taken(page, report_url: str) -> None:
    """The census runs beside the request (a thread, as the jobs queue would): wait for its figures."""
    for _ in range(50):
        if page.request.get(report_url).json()["totals"]["census_day"]:
            return
        page.wait_for_timeout(200)
    raise AssertionError("the census was not taken within 10 seconds")


def test_a_manager_reads_the_charts_downloads_a_csv_and_switches_store(browser, counter, clock, test_output):
    base = counter
    first, last = seed_two_stores_selling()
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")

    # the managers' link leads to the dashboard, which starts on a quick choice for the whole chain
    manager.click(".staff-nav a[href$='/staff/reports/']")
    manager.wait_for_selector("#reports-groups .report-card")
    assert manager.locator(".reports-quick[aria-pressed='true']").count() == 1
    assert manager.input_value("#reports-store") == ""

    open_reports(manager, base, first, last)
    assert manager.locator(".reports-quick[aria-pressed='true']").count() == 0
    assert "静安店" in manager.locator("#reports-store").inner_text()

    # every chart has a card; the ones with numbers are drawn as SVG with a summary for screen readers
    report = manager.request.get(f"{base}/api/staff/reports?from={first}&to={last}").json()
    assert manager.locator(".report-card").count() == len(report["charts"])
    drawn = manager.locator(".report-card svg[role='img']")
    assert drawn.count() >= 5
    assert all(label for label in drawn.evaluate_all("nodes => nodes.map(n => n.getAttribute('aria-label'))"))

    # the sales by category: the bouquet's ¥299 on its bar, in its summary and in its table
    sales = card(manager, "sales_by_category")
    assert "¥299" in sales.locator("svg[role='img']").text_content()
    assert "¥299" in sales.locator("svg[role='img']").get_attribute("aria-label")
    sales.locator("summary").click()
    table = sales.locator("table").inner_text()
    assert "花束" in table and "¥299" in table and "¥158" in table and "¥88" in table
    new = card(manager, "new_members")
    assert new.locator("svg[role='img']").count() == 1
    bookings = card(manager, "bookings_by_slot")
    assert "10:00-12:00" in bookings.locator("svg[role='img']").get_attribute("aria-label")
    assert bookings.locator("tbody tr").first.locator("th, td").all_text_contents() == ["10:00-12:00", "1"]

    # no census yet: the tiers say so plainly; the manager takes it again and sees four members
    tiers = card(manager, "tiers")
    assert tiers.locator("[data-empty]").is_visible()
    assert tiers.locator("[data-csv]").is_hidden()
    manager.click("#census-refresh")
    manager.wait_for_selector("#census-message:not(:empty)")
    assert "reports-census__message--error" not in manager.get_attribute("#census-message", "class")
    census_taken(manager, f"{base}/api/staff/reports?from={first}&to={last}")
    open_reports(manager, base, first, last)
    tiers = card(manager, "tiers")
    assert tiers.locator("svg[role='img']").count() == 1
    counts = tiers.locator(".chart__key-value").evaluate_all("nodes => nodes.map(n => n.firstChild.textContent)")
    assert sum(int(n) for n in counts) == 4
    totals = manager.locator("#reports-totals").inner_text()
    assert "¥545" in totals and "4" in totals

    check_accessibility(manager, "staff-reports")
    snap(manager, test_output, "staff-reports-zh")
    manager.set_viewport_size({"width": 1280, "height": 900})
    manager.wait_for_timeout(200)  # the charts draw again at the new width
    snap(manager, test_output, "staff-reports-zh-desktop")

    # the CSV of a chart: UTF-8 with a byte-order mark, the category in words, yuan with two decimals
    with manager.expect_download() as downloading:
        card(manager, "sales_by_category").locator("[data-csv]").click()
    download = downloading.value
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("\ufeff")
    assert download.suggested_filename == f"sales-by-category_{first}_{last}.csv"
    rows = [line.split(",") for line in text.lstrip("\ufeff").splitlines()]
    assert "元" in rows[0][1] or "yuan" in rows[0][1]
    assert ["花束", "299.00"] in rows and ["盆栽绿植", "158.00"] in rows and ["鲜切花", "88.00"] in rows

    # one store: 徐汇's cut flowers, none of 静安's bouquets; the address keeps the choice
    manager.select_option("#reports-store", "xuhui")
    wait_for_report(manager, "xuhui")
    assert "徐汇店" in manager.inner_text("#reports-scope")
    table = card(manager, "sales_by_category").locator("table").text_content()
    assert "¥88" in table and "¥299" not in table
    with manager.expect_download() as downloading:
        card(manager, "sales_by_category").locator("[data-csv]").click()
    assert downloading.value.suggested_filename.endswith("_xuhui.csv")
    manager.reload()
    manager.wait_for_selector("#reports-groups .report-card")
    assert manager.input_value("#reports-store") == "xuhui"

    # and back to the chain
    manager.select_option("#reports-store", "")
    manager.wait_for_url(lambda url: "store" not in parse_qs(urlsplit(url).query))
    manager.wait_for_selector("#reports-results:not([aria-busy])")
    assert "¥299" in card(manager, "sales_by_category").locator("table").text_content()

    # in English, the same charts in English words
    english = new_page(browser, "en-GB")
    english.context.add_cookies(manager.context.cookies())
    english.goto(f"{base}/en/staff/reports/?from={first}&to={last}")
    english.wait_for_selector("#reports-groups .report-card")
    english.wait_for_selector("#reports-results:not([aria-busy])")
    sales = card(english, "sales_by_category")
    assert sales.locator(".report-card__title").inner_text() == "Sales by category"
    assert "Bouquet" in sales.locator("table").text_content()
    assert "Bar chart: Sales by category." in sales.locator("svg[role='img']").get_attribute("aria-label")
    check_accessibility(english, "staff-reports-en")

    # a period longer than a year is refused beside the dates, before asking
    manager.fill("#reports-from", (first - timedelta(days=400)).isoformat())
    manager.dispatch_event("#reports-from", "change")
    manager.wait_for_selector("#reports-range-error:not([hidden])")


def test_a_clerk_sees_their_own_store_only(browser, counter, clock, test_output):
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff

    base = counter
    first, last = seed_two_stores_selling()
    add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None)
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    open_reports(clerk, base, first, last, store="xuhui")
    assert clerk.input_value("#reports-store") == "jingan"
    assert clerk.locator("#reports-store").is_disabled()
    assert clerk.locator("#census").is_hidden()
    table = card(clerk, "sales_by_category").locator("table").text_content()
    assert "¥299" in table and "¥88" not in table
    snap(clerk, test_output, "staff-reports-clerk-zh")
