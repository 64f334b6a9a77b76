"""Corporate accounts (企业客户, 月结) in a real browser: a manager adds a company with a member
allowed to order; a clerk (who sees the companies read-only) records two orders on its account and
is refused clearly over the credit limit; the month's statement totals them, downloads as CSV and
prints; its confirmation link, copied, confirms it on the public page without signing in (a bad
link says so); the manager records a payment received. Staff pages at a desktop's width, the public
page at a phone's. Axe on every page."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_staff_journey import staff_sign_in

DESKTOP = {"width": 1280, "height": 900}


def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", permissions=["clipboard-read", "clipboard-write"])
    return context.new_page()


def add_a_clerk() -> None:
    from shop.contacts import parse_contact
    from shop.staff import NewStaff, add_staff

    add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None)


def this_month() -> str:
    from shop.dates import today

    return today().isoformat()[:7]


def owed(company_id: str) -> int:
    from shop.companies import get_company

    return int(get_company(company_id).owed_fen)


def order_line(page, n: int, category: str, name: str, quantity: str, price: str) -> None:
    if n > 1:
        page.click("#add-line")
    page.select_option(f"#line-category-{n}", category)
    page.fill(f"#line-name-{n}", name)
    page.fill(f"#line-quantity-{n}", quantity)
    page.fill(f"#line-price-{n}", price)


def test_a_company_orders_on_account_and_confirms_its_statement(browser, page, counter, clock, test_output):
    base = counter
    add_a_clerk()

    # A manager adds the company, with 张丽华 allowed to order on its account.
    manager = desktop_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.click(".staff-nav a[href='/staff/companies/']")
    manager.wait_for_selector("#companies:visible")
    assert "还没有" in manager.inner_text("#company-list")
    manager.fill("#company-name", "静安科技")
    manager.fill("#company-invoice-title", "上海静安科技有限公司")
    manager.fill("#company-tax-id", "91310106ma1fl1234x")
    manager.fill("#company-address", "上海市静安区南京西路1000号20楼")
    manager.fill("#company-contact-name", "行政部 刘女士")
    manager.fill("#company-contact-phone", "021-6288 1234")
    manager.fill("#company-discount", "10")
    manager.fill("#company-limit", "1000")
    manager.fill("#company-rebate", "3")
    manager.fill("#company-q", "8000")
    manager.wait_for_selector("#company-results .counter-member")
    manager.keyboard.press("Enter")  # the only one found
    manager.wait_for_selector("#company-members li:has-text('张丽华')")
    assert manager.evaluate("document.activeElement.id") == "company-q"  # ready for the next one
    check_accessibility(manager, "staff-companies-form")
    snap(manager, test_output, "staff-companies-form-zh")
    manager.click("#save-company")
    manager.wait_for_selector("#company-message.message--success")
    row = manager.locator("#company-list li", has_text="静安科技")
    assert "¥1,000" in row.inner_text() and "10%" in row.inner_text()
    assert manager.input_value("#company-name") == ""  # the form is ready for another company
    from shop.companies import list_companies

    (company,) = list_companies()
    company_id = company.company_id
    assert (company.tax_id, int(company.credit_limit_fen), list(company.members)) == (
        "91310106MA1FL1234X",
        100_000,
        [company.members[0]],
    )
    check_accessibility(manager, "staff-companies")
    snap(manager, test_output, "staff-companies-zh")

    # Editing it shows the member by the name the API gives (how staff know her: 张姐), without
    # reading her card, and saves the whole company.
    manager.click(f"#company-list li[data-id='{company_id}'] button")
    manager.wait_for_selector("#company-members li:has-text('张姐')")
    assert manager.input_value("#company-tax-id") == "91310106MA1FL1234X"
    manager.click("#cancel-edit")

    # The clerk sees the companies read-only, and takes orders on account.
    clerk = desktop_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    clerk.goto(f"{base}/staff/companies/")
    clerk.wait_for_selector("#read-only:visible")
    assert not clerk.locator("#company-form").is_visible()
    check_accessibility(clerk, "staff-companies-clerk")
    clerk.click("#company-list a:has-text('静安科技')")
    clerk.wait_for_selector("#company:visible")
    assert clerk.locator("#payment").is_hidden()  # payments are the manager's

    # An order by 张丽华: one bouquet at 300, 10% off.
    clerk.fill("#orderer-q", "8000")
    clerk.wait_for_selector("#orderer-results .counter-member")
    clerk.keyboard.press("Enter")
    clerk.wait_for_selector("#customer-chosen:has-text('张丽华')")
    order_line(clerk, 1, "bouquet", "前台花艺", "1", "300")
    clerk.wait_for_selector("#order-total:has-text('¥270.00')")
    assert clerk.inner_text("#order-discount") == "−¥30.00"
    check_accessibility(clerk, "staff-company-order")
    snap(clerk, test_output, "staff-company-order-zh")
    clerk.keyboard.press("Control+Enter")
    clerk.wait_for_selector("#order-done:visible")
    assert "¥270.00" in clerk.inner_text("#order-done")
    assert owed(company_id) == 27_000

    # A second one for the company: table flowers and a delivery fee (no discount on delivery).
    order_line(clerk, 1, "event-arrangement", "会议室桌花", "2", "150")
    clerk.focus("#line-price-1")
    clerk.keyboard.press("Enter")  # Enter in the last price adds an item
    clerk.wait_for_selector("#line-name-2:focus")
    clerk.select_option("#line-category-2", "delivery-fee")
    clerk.fill("#line-price-2", "50")
    clerk.wait_for_selector("#order-total:has-text('¥320.00')")
    clerk.click("#record-order")
    clerk.wait_for_selector("#order-done:has-text('¥320.00')")
    assert owed(company_id) == 59_000

    # A third would pass the limit of 1,000: warned before, refused clearly, nothing recorded.
    order_line(clerk, 1, "event-arrangement", "开业花篮", "1", "600")
    clerk.wait_for_selector(".company__credit--over")
    clerk.click("#record-order")
    clerk.wait_for_selector("#order-message.message--error")
    refused = clerk.inner_text("#order-message")
    assert "信用额度" in refused and "1000" in refused and "¥590.00" in refused, refused
    assert clerk.locator("#order-done").is_hidden()
    snap(clerk, test_output, "staff-company-refused-zh")
    assert owed(company_id) == 59_000

    # The month's statement: both orders, and the total.
    clerk.wait_for_selector("#statement-orders tr >> nth=1")
    assert clerk.locator("#statement-orders tr").count() == 2
    assert clerk.inner_text("#statement-total") == "¥590.00"
    assert clerk.inner_text("#statement-owed") == "¥590.00"
    assert "会议室桌花 ×2" in clerk.inner_text("#statement-orders")
    assert "静安店" in clerk.inner_text("#statement-orders")
    assert "尚未确认" in clerk.inner_text("#statement-confirmed")
    check_accessibility(clerk, "staff-company-statement")
    snap(clerk, test_output, "staff-company-statement-zh")
    clerk.set_viewport_size({"width": 390, "height": 844})  # a clerk's phone, on a delivery
    snap(clerk, test_output, "staff-company-statement-phone-zh")
    clerk.set_viewport_size(DESKTOP)
    clerk.emulate_media(media="print")
    assert clerk.locator("#order-form").is_hidden() and clerk.locator("#statement-orders").is_visible()
    snap(clerk, test_output, "staff-company-statement-print-zh")
    clerk.emulate_media(media="screen")

    # The CSV: UTF-8 with a byte-order mark, one line an order, the total last.
    with clerk.expect_download() as downloading:
        clerk.click("#statement-csv")
    download = downloading.value
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith("\ufeff") and download.suggested_filename.endswith(f"{this_month()}.csv")
    assert text.strip().splitlines()[-1].endswith("590.00") and "前台花艺" in text
    answer = clerk.request.get(f"{base}/api/staff/companies/{company_id}/statements/{this_month()}?format=csv")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")

    # The confirmation link, copied for the company's contact.
    clerk.click("#copy-link")
    clerk.wait_for_selector("#copy-status:has-text('已复制')")
    link = clerk.evaluate("navigator.clipboard.readText()")
    assert link == clerk.input_value("#confirm-link") and "/statement/?t=" in link
    assert "刘女士" in clerk.inner_text("#confirm-link-hint")

    # The contact confirms it on a phone, without signing in.
    confirm_page = f"{base}{urlparse(link).path}?{urlparse(link).query}"
    page.goto(confirm_page)
    page.wait_for_selector("#statement-ask:visible")
    year, month = this_month().split("-")
    assert f"{year}年{int(month)}月" in page.inner_text("#statement-about")
    check_accessibility(page, "statement")
    snap(page, test_output, "statement-ask-zh")
    page.click("#confirm-statement")
    page.wait_for_selector("#statement-done:visible")
    assert page.inner_text("#done-total") == "¥590.00"
    assert page.inner_text("#done-company") == "静安科技"
    assert page.inner_text("#done-at")
    check_accessibility(page, "statement-done")
    snap(page, test_output, "statement-confirmed-zh")

    # In English, the same link says when it was confirmed.
    page.goto(confirm_page.replace("/statement/", "/en/statement/"))
    page.click("#confirm-statement")
    page.wait_for_selector("#statement-done:visible")
    assert "confirmed" in page.inner_text("#statement-message")
    snap(page, test_output, "statement-confirmed-en")

    # A link that was tampered with, or cut short, says so.
    page.goto(confirm_page[:-2] + ("xx" if not confirm_page.endswith("xx") else "yy"))
    page.click("#confirm-statement")
    page.wait_for_selector("#statement-failed:visible")
    assert "链接" in page.inner_text("#statement-error")
    assert page.locator("#statement-done").is_hidden()
    check_accessibility(page, "statement-bad-link")
    snap(page, test_output, "statement-bad-link-zh")
    page.goto(f"{base}/statement/?t=abc")
    page.wait_for_selector("#statement-failed:visible")
    assert "不完整" in page.inner_text("#statement-error")

    # Back at the shop, the statement shows it confirmed.
    clerk.reload()
    clerk.wait_for_selector("#statement-confirmed.message--success")
    assert "企业已于" in clerk.inner_text("#statement-confirmed")

    # The manager records the company's bank transfer of 200.
    manager.goto(f"{base}/staff/company/?id={company_id}")
    manager.wait_for_selector("#payment:visible")
    assert manager.input_value("#payment-month") == this_month()
    manager.fill("#payment-amount", "200")
    manager.keyboard.press("Enter")
    manager.wait_for_selector("#payment-message.message--success")
    assert "¥390.00" in manager.inner_text("#payment-message")
    manager.wait_for_selector("#statement-paid:has-text('¥200.00')")
    assert manager.inner_text("#statement-owed") == "¥390.00"
    assert owed(company_id) == 39_000
    check_accessibility(manager, "staff-company-payment")
    snap(manager, test_output, "staff-company-payment-zh")

    # The list shows what it owes now, and the year's spend and rebate.
    manager.goto(f"{base}/staff/companies/")
    row = manager.locator("#company-list li", has_text="静安科技")
    row.wait_for()
    assert "¥390.00" in row.inner_text() and "¥590.00" in row.inner_text() and "¥17.70" in row.inner_text()

    # The same pages in English.
    manager.goto(f"{base}/en/staff/company/?id={company_id}")
    manager.wait_for_selector("#statement-orders tr")
    assert "Owes" in manager.inner_text("#company-facts") and manager.inner_text("#statement-paid") == "¥200.00"
    check_accessibility(manager, "staff-company-en")
    snap(manager, test_output, "staff-company-en")


def seed_a_company_and_a_bouquet() -> str:
    """A company with 2,000 of credit at 10% off, a deliverable bouquet (roses, 199) and a clerk;
    the store closed on the sixth day from now. Returns the company's id."""
    from datetime import timedelta

    from shop.booking_rules import BookingRules, save_booking_rules
    from shop.catalog import ItemDetails, add_item
    from shop.companies import CompanyDetails, add_company
    from shop.dates import today

    add_a_clerk()
    roses = ItemDetails("bouquet", "粉玫瑰花束", "Pink roses", 19900, "rose", (("rose-pink", 11),), True, ("love",))
    add_item(roses, actor="test", actor_store=None, item_id="roses")
    save_booking_rules(BookingRules(closed_days=[today() + timedelta(days=6)]), "test", None)
    details = CompanyDetails(
        "静安科技", "上海静安科技有限公司", "91310106MA1FL1234X", "上海市静安区南京西路1000号",
        "行政部 刘女士", "021-6288 1234", discount_percent=10, credit_limit_fen=200_000,
    )  # fmt: skip
    return add_company(details, "test", None).company_id


def day_from_now(days: int) -> str:
    from datetime import timedelta

    from shop.dates import today

    return (today() + timedelta(days=days)).isoformat()


def csv_file(name: str, text: str, encoding: str = "utf-8-sig") -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode(encoding)}


def test_a_bulk_order_and_the_birthday_list_from_csv(browser, counter, clock, test_output):
    base = counter
    company_id = seed_a_company_and_a_bouquet()
    clerk = desktop_page(browser)
    staff_sign_in(clerk, base, "137 0000 1111", "+8613700001111")
    clerk.goto(f"{base}/staff/company/?id={company_id}")
    clerk.wait_for_selector("#bulk-template:visible")  # made once the catalog and windows are in

    # The template is made in the page: UTF-8 with a byte-order mark, its columns named.
    with clerk.expect_download() as downloading:
        clerk.click("#bulk-template")
    template = open(downloading.value.path(), encoding="utf-8").read()
    assert template.startswith("\ufeff名字,电话,省") and ",roses," in template, template

    # Saved from Excel as GBK: said plainly, with how to save it instead.
    gbk = (
        "姓名,手机,省,市,区,街道,楼号房间,日期,时段,商品\n"
        "王芳,13800000001,上海市,上海市,静安区,南京西路1号,1室,2030-03-08,10:00-12:00,roses\n"
    )
    clerk.set_input_files("#bulk-file", csv_file("list.csv", gbk, "gbk"))
    clerk.wait_for_selector("#bulk-file-error:visible")
    assert "CSV UTF-8" in clerk.inner_text("#bulk-file-error")

    # A list with a mistake: shown before anything is sent, the line and the problem named.
    head = "name,phone,province,city,district,street,building_room,date,window,item,quantity,card message\n"
    wrong = head + f"王芳,138 0000 0001,上海市,上海市,静安区,南京西路1号,1室,{day_from_now(5)},9:00-10:00,tulips,1,\n"
    clerk.set_input_files("#bulk-file", csv_file("list.csv", wrong))
    clerk.wait_for_selector("#bulk-rows tr.csv-row--bad")
    problem = clerk.inner_text("#bulk-rows")
    assert "09:00-10:00" in problem and "tulips" in problem, problem
    clerk.click("#send-bulk")
    clerk.wait_for_selector("#bulk-message.message--error")

    # Three lines (Excel's dates, a quoted address with a comma): two booked, one on a day the
    # store is closed refused, and said why.
    rows = [
        f'王芳,13800000001,上海市,上海市,静安区,"南京西路1号,A座",20楼2001室,'
        f"{day_from_now(5).replace('-', '/')},14:00-16:00,roses,1,三八节快乐",
        f"李娜,13800000002,上海市,上海市,静安区,南京西路2号,3楼,{day_from_now(5)},14:00-16:00,roses,2,",
        f"陈静,13800000003,上海市,上海市,徐汇区,漕溪北路3号,5楼,{day_from_now(6)},16:00-18:00,粉玫瑰花束,1,",
    ]
    clerk.set_input_files("#bulk-file", csv_file("list.csv", head + "\r\n".join(rows) + "\r\n"))
    clerk.wait_for_selector("#bulk-rows tr >> nth=2")
    assert clerk.locator("#bulk-rows tr.csv-row--bad").count() == 0
    assert "3" in clerk.inner_text("#bulk-summary") and "¥716.40" in clerk.inner_text("#bulk-summary")
    assert "南京西路1号,A座" in clerk.inner_text("#bulk-rows")
    check_accessibility(clerk, "staff-company-bulk-preview")
    snap(clerk, test_output, "staff-company-bulk-preview-zh")
    clerk.click("#send-bulk")
    clerk.wait_for_selector("#bulk-result:visible")
    booked = clerk.inner_text("#bulk-booked")
    assert "2" in booked and "¥537.30" in booked, booked  # (199 + 2 × 199) less 10%
    refused = clerk.inner_text("#bulk-refused")
    assert "陈静" in refused and "休息" in refused, refused
    assert owed(company_id) == 53_730
    clerk.wait_for_selector("#company-facts:has-text('¥537.30')")
    check_accessibility(clerk, "staff-company-bulk-result")
    snap(clerk, test_output, "staff-company-bulk-result-zh")

    # A manager uploads the employees' birthdays: sorted by the next one.
    manager = desktop_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")
    manager.goto(f"{base}/staff/company/?id={company_id}")
    manager.wait_for_selector("#birthdays-form:visible")
    soon, later = day_from_now(10), day_from_now(40)
    people = "\ufeff姓名,手机,省,市,区,街道,楼号房间,月,日\n" + "\n".join(
        [
            f"李娜,13800000002,上海市,上海市,静安区,南京西路2号,3楼,{int(later[5:7])},{int(later[8:])}",
            f"王芳,13800000001,上海市,上海市,静安区,南京西路1号,20楼,{int(soon[5:7])},{int(soon[8:])}",
        ]
    )
    people_file = {"name": "people.csv", "mimeType": "text/csv", "buffer": people.encode()}
    manager.set_input_files("#birthdays-file", people_file)
    manager.wait_for_selector("#birthdays-preview-rows tr >> nth=1")
    manager.fill("#birthdays-ahead", "3")
    manager.fill("#birthdays-card", "生日快乐！静安科技全体同事")
    manager.click("#save-birthdays")
    manager.wait_for_selector("#birthdays-message.message--success")
    manager.wait_for_selector("#birthdays-rows tr >> nth=1")
    assert manager.locator("#birthdays-rows tr").first.inner_text().count("王芳") == 1
    check_accessibility(manager, "staff-company-birthdays")
    snap(manager, test_output, "staff-company-birthdays-zh")

    # The clerk sees the list, read-only.
    clerk.reload()
    clerk.wait_for_selector("#birthdays-rows tr >> nth=1")
    assert clerk.locator("#birthdays-form").is_hidden() and clerk.locator("#birthdays-read-only").is_visible()
    assert "王芳" in clerk.inner_text("#birthdays-status") and "10" in clerk.inner_text("#birthdays-status")
    check_accessibility(clerk, "staff-company-birthdays-clerk")
    snap(clerk, test_output, "staff-company-birthdays-clerk-zh")
