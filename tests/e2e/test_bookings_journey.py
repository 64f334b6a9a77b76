"""Bookings in a real browser: a member books a delivery on a festival day and is warned about the
lilies before confirming; a clerk enters a phone order with a deposit; both are on the workroom's
board with their stems, are taken step by step to completed (a photo before the delivery leaves);
the member sees the photo and the points. Axe on every booking page, screenshots in both languages."""

from __future__ import annotations

import re
import struct
import zlib
from datetime import timedelta

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import member_sign_in, new_page, sign_in_here
from tests.e2e.test_staff_journey import staff_sign_in
from tests.support import wait_until

FESTIVAL_IN_DAYS = 10


def little_png(path) -> None:
    """An 8 x 8 pink picture, as a phone's camera would hand one over (the page sends it as JPEG)."""
    raw = b"".join(b"\x00" + b"\xf2\xa5\xbc" * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    parts = [chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(raw)), chunk(b"IEND", b"")]
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"".join(parts))


def seed_flowers_and_a_festival():
    """Two bouquets (one with lilies) and a festival ten days from today, booked early enough for
    the early-bird price. Returns the festival's date."""
    from shop.booking_rules import PeakDay, load_booking_rules, save_booking_rules
    from shop.catalog import ItemDetails, add_item
    from shop.dates import today

    lilies = ItemDetails(
        "bouquet", "香水百合花束", "Oriental lilies", 26800, "lily",
        (("lily", 3), ("carnation", 6), ("eucalyptus", 2)), True, ("birthday", "mothers-day"),
        "香水百合配康乃馨。", "Oriental lilies with carnations.",
    )  # fmt: skip
    roses = ItemDetails(
        "bouquet", "11枝红玫瑰", "Eleven red roses", 29900, "rose",
        (("rose-red", 11), ("eucalyptus", 2)), True, ("love", "anniversary"),
    )  # fmt: skip
    add_item(lilies, actor="test", actor_store=None, item_id="lilies")
    add_item(roses, actor="test", actor_store=None, item_id="roses")
    festival = today() + timedelta(days=FESTIVAL_IN_DAYS)
    rules = load_booking_rules()
    flower_day = PeakDay(
        key="flower-day", name_zh="花朝节", name_en="Flower Day", calendar="solar",
        month=festival.month, day=festival.day, pickup_capacity=10, delivery_capacity=10,
        early_bird_days=7, early_bird_percent=10,
    )  # fmt: skip
    others = [peak for peak in rules.peak_days if peak.on(festival.year) != festival]
    save_booking_rules(rules.model_copy(update={"peak_days": [flower_day, *others]}), "test", None)
    return festival


def choose_day(page, day) -> None:
    """Turn the calendar to the day's month and choose it."""
    target = page.locator(f".cal-day[data-date='{day.isoformat()}']")
    for _ in range(3):
        page.wait_for_selector(".cal-day")
        if target.count():
            break
        page.click("#calendar-next")
        page.wait_for_selector("#calendar-grid:not([aria-busy])")
    page.wait_for_selector(f".cal-day--peak[data-date='{day.isoformat()}']:not([aria-disabled])")
    target.click()
    page.locator('input[name="window"]:not([disabled])').first.check()


def next_step(board, who: str, label: str) -> None:
    """Press a booking's next-step button and wait for the card to say its new status."""
    card = board.locator(".board-booking", has_text=who)
    card.locator("[data-next]").click()
    board.wait_for_selector(f".board-booking:has-text('{who}') .booking-status:has-text('{label}')")


def test_a_festival_delivery_and_a_phone_order_go_to_hand_over(browser, counter, clock, test_output, tmp_path):
    base = counter
    festival = seed_flowers_and_a_festival()

    # the member books a delivery of lilies on the festival day
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")
    member.goto(f"{base}/account/")
    member.click("#book-link")
    member.wait_for_url(re.compile(r".*/book/"))
    member.check("#mode-delivery")
    choose_day(member, festival)
    assert "花朝节" in member.inner_text("#day-chosen")
    assert "早鸟" in member.inner_text("#day-chosen")
    member.select_option("#booking-occasion", "birthday")
    lilies = member.locator(".catalog-item[data-id='lilies']")
    lilies.locator("[data-step='1']").click()
    assert "百合 3 枝" in lilies.inner_text()
    member.fill("#recipient-name", "王阿姨")
    member.fill("#recipient-phone", "139 1111 2222")
    address = {"province": "上海市", "city": "上海市", "district": "徐汇区"}
    address.update({"street": "衡山路10号", "building-room": "3号楼502室"})
    for field, value in address.items():
        member.fill(f"#address-{field}", value)
    member.check("#recipient-save")
    member.locator(".card-template").first.click()
    assert member.input_value("#card-message")
    member.check("#option-no-call")
    check_accessibility(member, "book")
    snap(member, test_output, "book-zh")

    keys = []

    def keep_key(request):
        if request.url.endswith("/api/me/bookings"):
            keys.append(request.headers.get("idempotency-key"))

    member.on("request", keep_key)
    member.click("#review-booking")
    warnings = member.locator("#review-warnings")
    warnings.wait_for()
    assert "花粉" in warnings.inner_text() and "百合" in warnings.inner_text()
    assert "猫" in warnings.inner_text()
    totals = member.inner_text("#review-totals")
    assert "早鸟价" in totals and "配送费" in totals
    assert "积分" in member.inner_text("#review-points")
    check_accessibility(member, "book-review")
    snap(member, test_output, "book-review-zh")
    member.click("#confirm-booking")
    member.wait_for_selector("#booked:not([hidden])")
    assert len(keys) == 1 and keys[0]
    snap(member, test_output, "book-booked-zh")

    # a clerk takes a phone order for the same day, with a deposit
    clerk = new_page(browser)
    staff_sign_in(clerk, base, "139 0000 0001", "+8613900000001")
    clerk.goto(f"{base}/staff/booking/")
    clerk.wait_for_selector("#order-q:focus")
    clerk.click("#not-member")
    clerk.fill("#customer-name", "刘先生")
    clerk.fill("#customer-phone", "137 0000 1234")
    choose_day(clerk, festival)
    clerk.locator(".catalog-item[data-id='roses'] [data-step='1']").click()
    clerk.select_option("#payment-status", "deposit")
    clerk.fill("#payment-deposit", "100")
    clerk.select_option("#payment-method", "wechat-pay")
    clerk.click("#review-booking")
    clerk.wait_for_selector("#review:not([hidden])")
    assert "刘先生" in clerk.inner_text("#review-details")
    check_accessibility(clerk, "staff-booking")
    snap(clerk, test_output, "staff-booking-zh")
    clerk.click("#confirm-booking")
    clerk.wait_for_selector("#booked:not([hidden])")
    assert "已确认" in clerk.inner_text("#booked-text")

    # both are on the board of the day, with the stems to buy
    clerk.click("#booked-board")
    board = clerk
    board.wait_for_selector(".board-booking:has-text('刘先生')")
    assert board.locator(".board-booking").count() == 2
    stems = board.inner_text("#stems")
    assert re.search(r"百合\s+3", stems) and re.search(r"红玫瑰\s+11", stems) and re.search(r"尤加利\s+4", stems)
    mine = board.locator(".board-booking", has_text="张丽华")
    assert "花粉" in mine.locator(".board-flags").inner_text()
    assert "送达前不打电话" in mine.inner_text()
    check_accessibility(board, "staff-bookings")
    snap(board, test_output, "staff-bookings-zh")

    # step by step to the hand-over; a photo before the delivery leaves
    for label in ("制作中", "待配送"):
        next_step(board, "张丽华", label)
    mine.get_by_role("button", name="拍照…").click()
    picture = tmp_path / "bouquet.png"
    little_png(picture)
    mine.locator("input[data-photo='before']").set_input_files(str(picture))
    board.wait_for_selector(".board-booking:has-text('张丽华') .board-photo-status--done")
    for label in ("配送中", "已完成"):
        next_step(board, "张丽华", label)
    for label in ("制作中", "可以取花了", "已完成"):
        next_step(board, "刘先生", label)
    snap(board, test_output, "staff-bookings-done-zh")

    # the member sees the photo and the points the booking earned
    member.goto(f"{base}/bookings/")
    member.wait_for_selector(".booking-row:has-text('已完成')")
    check_accessibility(member, "bookings")
    member.click(".booking-row")
    photo = member.locator(".booking-photo__image")
    photo.wait_for()
    wait_until(member, "img => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert "积分" in member.inner_text("#detail-points")
    check_accessibility(member, "booking-detail")
    snap(member, test_output, "booking-detail-zh")
    member.goto(f"{base}/points/")
    member.wait_for_selector(".ledger__line--earn")
    assert int(member.inner_text("#balance").replace(",", "")) > 0

    # the same pages in English
    member.goto(f"{base}/en/bookings/")
    member.wait_for_selector(".booking-row:has-text('Completed')")
    snap(member, test_output, "bookings-en")
    member.goto(f"{base}/en/book/")
    member.wait_for_selector(".cal-day")
    check_accessibility(member, "book-en")
    snap(member, test_output, "book-en")
    board.goto(f"{base}/en/staff/bookings/?date={festival.isoformat()}&store=jingan")
    board.wait_for_selector(".board-booking:has-text('Completed')")
    snap(board, test_output, "staff-bookings-en")


def test_a_manager_changes_the_slots_and_the_catalog(browser, counter, clock, test_output):
    base = counter
    manager = new_page(browser)
    staff_sign_in(manager, base, "139 0000 0001", "+8613900000001")

    manager.goto(f"{base}/staff/slots/")
    manager.wait_for_selector("#slots-form:not([hidden])")
    check_accessibility(manager, "staff-slots")
    manager.fill("#slots-pickup", "12")
    manager.click("#add-window")
    manager.keyboard.type("20:00-19:00")
    manager.click("#save-slots")
    manager.wait_for_selector("#slots-message.message--error")
    manager.locator("[data-window-row]").last.locator("input").fill("20:00-21:00")
    manager.click("#save-slots")
    manager.wait_for_selector("#slots-message.message--success")
    snap(manager, test_output, "staff-slots-zh")
    rules = manager.request.get(f"{base}/api/staff/booking-rules").json()
    assert rules["pickup_capacity"] == 12 and rules["windows"][-1] == "20:00-21:00"

    manager.goto(f"{base}/staff/catalog/")
    manager.wait_for_selector("#catalog:not([hidden])")
    check_accessibility(manager, "staff-catalog")
    manager.fill("#item-name-zh", "粉色郁金香")
    manager.fill("#item-name-en", "Pink tulips")
    manager.fill("#item-price", "159")
    manager.select_option("#item-illustration", "tulip")
    manager.locator("[data-recipe-row] select").first.select_option("tulip")
    manager.locator("[data-recipe-row] input").first.fill("10")
    manager.check("input[name='occasions'][value='love']")
    manager.click("#save-item")
    row = manager.locator(".admin-row", has_text="粉色郁金香")
    row.wait_for()
    assert "¥159" in row.inner_text() and "郁金香 10 枝" in row.inner_text()
    row.get_by_role("button", name=re.compile("下架")).click()
    manager.wait_for_selector(".admin-row--off:has-text('粉色郁金香')")
    snap(manager, test_output, "staff-catalog-zh")
    listed = manager.request.get(f"{base}/api/staff/catalog").json()["items"]
    item = next(i for i in listed if i["name_zh"] == "粉色郁金香")
    assert (item["price_fen"], item["recipe"], item["active"]) == (15900, [{"variety": "tulip", "stems": 10}], False)


def test_a_care_guide_shows_what_the_shop_sells_of_it_and_books_it(browser, counter, clock, test_output):
    """The rose guide lists the roses bouquet (not the lilies) with its price; "book it" leads a
    visitor through sign-in to the booking page with the roses chosen. A guide with nothing in the
    catalog shows no such section."""
    seed_flowers_and_a_festival()
    base = counter
    page = new_page(browser)
    page.goto(f"{base}/care/rose/")
    section = page.locator("#guide-items")
    section.wait_for()
    assert section.locator(".catalog-item__name").all_inner_texts() == ["11枝红玫瑰"]
    assert "¥299" in section.inner_text()
    check_accessibility(page, "guide-items")
    snap(page, test_output, "guide-items-zh")
    section.screenshot(path=str(test_output / "guide-items-section-zh.png"))
    page.locator("#guide-items a", has_text="预订").click()
    page.wait_for_url(re.compile(r".*/signin/\?next="))
    clock.advance(seconds=61)  # a minute after the fixture's own code
    sign_in_here(page, base, "138 0013 8000", "+8613800138000")
    page.wait_for_url(re.compile(r".*/book/\?item=roses"))
    chosen = page.locator(".catalog-item--chosen")
    chosen.wait_for(state="attached")  # shown once a day and a window are chosen
    assert chosen.get_attribute("data-id") == "roses"
    assert page.input_value("#quantity-roses") == "1"

    english = new_page(browser, "en-GB")
    english.goto(f"{base}/en/care/lily/")
    english.set_viewport_size({"width": 1280, "height": 900})
    english.locator("#guide-items .catalog-item__name", has_text="Oriental lilies").wait_for()
    english.locator("#guide-items").screenshot(path=str(test_output / "guide-items-section-en-1280.png"))
    english.goto(f"{base}/en/care/monstera/")
    english.wait_for_load_state("networkidle")
    assert english.locator("#guide-items").is_hidden()
