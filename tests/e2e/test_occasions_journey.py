"""The gift notebook in a real browser: a member writes down her mother's lunar birthday with a
week's notice, sees when it next falls, stops the reminders and starts them again; a booking made
for someone in the notebook is booked again in one step, the page filled in from the earlier one
and the new booking remembered as the notebook's last for that person. Axe on the notebook and
on the booking page filled in, screenshots in both languages."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import member_sign_in, new_page


def seed_bouquets() -> None:
    from shop.catalog import ItemDetails, add_item

    roses = ItemDetails(
        "bouquet", "11枝红玫瑰", "Eleven red roses", 29900, "rose",
        (("rose-red", 11), ("eucalyptus", 2)), True, ("love", "anniversary", "birthday"),
    )  # fmt: skip
    carnations = ItemDetails(
        "bouquet", "粉色康乃馨花束", "Pink carnations", 16800, "carnation",
        (("carnation", 12), ("babys-breath", 2)), True, ("birthday", "mothers-day"),
    )  # fmt: skip
    add_item(roses, actor="test", actor_store=None, item_id="roses")
    add_item(carnations, actor="test", actor_store=None, item_id="carnations")


def delivery_days(page, base: str, first: date, last: date) -> list[tuple[str, str]]:
    """The days between two dates a delivery can be booked on, each with its first open window."""
    query = {"store": "jingan", "from": first.isoformat(), "to": last.isoformat()}
    days = page.request.get(f"{base}/api/slots", params=query).json()["days"]
    found = []
    for day in days:
        if day["closed"] or day["past_cutoff"] or day["peak"]:
            continue
        open_windows = [w["window"] for w in day["windows"] if w["delivery"]["left"] > 0]
        if open_windows:
            found.append((day["date"], open_windows[-1]))
    return found


def test_a_member_keeps_her_mothers_lunar_birthday_and_books_again(browser, counter, clock, test_output):
    from shop.dates import next_occurrence, today

    base = counter
    seed_bouquets()
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")

    # from the account page to an empty notebook
    member.click("#notebook-link")
    member.wait_for_url(re.compile(r".*/occasions/"))
    member.wait_for_selector("#occasions-empty:not([hidden])")
    check_accessibility(member, "occasions-empty")
    snap(member, test_output, "occasions-empty-zh")

    # her mother's birthday, the 15th of the 8th lunar month, a week ahead
    member.click("#add-occasion")
    member.wait_for_selector("#editor:not([hidden])")
    member.fill("#person", "妈妈")
    member.select_option("#relationship", "mother")
    member.select_option("#kind", "birthday")
    member.select_option("#date-calendar", "lunar")
    member.select_option("#date-month", "8")
    member.select_option("#date-day", "15")
    member.fill("#remind-days", "7")
    member.check("input[name='flowers'][value='carnation']")
    check_accessibility(member, "occasions-editor")
    snap(member, test_output, "occasions-editor-zh")
    member.click("#save-occasion")

    mother = member.locator(".occasion", has_text="妈妈")
    mother.wait_for()
    expected = next_occurrence("lunar", 8, 15)
    text = mother.inner_text()
    assert "农历八月十五" in text
    assert f"{expected.month}月{expected.day}日" in text
    assert f"还有 {(expected - today()).days} 天" in text
    assert "提前 7 天" in text and "康乃馨" in text
    assert "已记进送礼本" in member.inner_text("#notebook-status")
    saved = member.request.get(f"{base}/api/me/occasions").json()["occasions"][0]
    assert saved["date"] == {"calendar": "lunar", "month": 8, "day": 15, "leap_month": False, "year": None}
    assert saved["remind_days"] == 7 and saved["next_date"] == expected.isoformat()

    # stop the reminders, keep her; then remind again
    mother.get_by_role("button", name="停止提醒妈妈的日子").click()
    member.wait_for_selector(".occasion--paused:has-text('妈妈')")
    assert "已停止提醒" in member.locator(".occasion", has_text="妈妈").inner_text()
    assert member.request.get(f"{base}/api/me/occasions").json()["occasions"][0]["paused"] is True
    snap(member, test_output, "occasions-paused-zh")
    member.locator(".occasion", has_text="妈妈").get_by_role("button", name="恢复提醒妈妈的日子").click()
    member.wait_for_selector(".occasion:not(.occasion--paused):has-text('妈妈')")
    assert member.request.get(f"{base}/api/me/occasions").json()["occasions"][0]["paused"] is False

    # a friend's birthday soon, booked for once already: Book again fills in the booking page
    days = delivery_days(member, base, today() + timedelta(days=2), today() + timedelta(days=20))
    (first_day, first_window), (next_day, _) = days[0], days[-1]
    birthday = date.fromisoformat(next_day)
    friend = member.request.post(
        f"{base}/api/me/occasions",
        data={"person": "小林", "relationship": "friend", "kind": "birthday",
              "date": {"calendar": "solar", "month": birthday.month, "day": birthday.day}, "remind_days": 3},
    ).json()  # fmt: skip
    address = {"province": "上海市", "city": "上海市", "district": "徐汇区", "street": "衡山路10号"}
    address["building_room"] = "3号楼502室"
    booking = {
        "store": "jingan", "date": first_day, "window": first_window, "mode": "delivery",
        "items": [{"item_id": "roses", "quantity": 2}], "occasion": "birthday", "occasion_id": friend["id"],
        "recipient": {"name": "林晓", "phone": "13911112222", "address": address},
        "card_message": "生日快乐，小林！", "options": {"anonymous": False, "no_call": True},
    }  # fmt: skip
    made = member.request.post(f"{base}/api/me/bookings", data=booking, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert made.status == 201, made.text()
    member.reload()
    again = member.locator(".occasion", has_text="小林").get_by_role("link", name="为小林再订一次")
    again.wait_for()
    assert "11枝红玫瑰 ×2" in member.locator(".occasion", has_text="小林").inner_text()
    check_accessibility(member, "occasions")
    snap(member, test_output, "occasions-zh")
    again.click()
    member.wait_for_url(re.compile(r".*/book/\?again="))
    member.wait_for_selector("#again-note:not([hidden])")
    member.wait_for_selector(f".cal-day[data-date='{next_day}'][aria-pressed='true']")
    member.wait_for_selector(f"input[name='window'][value='{first_window}']:checked")
    assert member.is_checked("#mode-delivery")
    member.wait_for_selector(".catalog-item[data-id='roses'].catalog-item--chosen")
    assert member.input_value("#quantity-roses") == "2"
    assert member.input_value("#booking-occasion") == "birthday"
    assert member.input_value("#card-message") == "生日快乐，小林！"
    assert member.is_checked("#option-no-call")
    assert member.input_value("#recipient-name") == "林晓" and member.input_value("#address-street") == "衡山路10号"
    check_accessibility(member, "book-again")
    snap(member, test_output, "book-again-zh")

    member.click("#review-booking")
    member.wait_for_selector("#review:not([hidden])")
    assert "林晓" in member.inner_text("#review-details")
    member.click("#confirm-booking")
    member.wait_for_selector("#booked:not([hidden])")
    last = next(o for o in member.request.get(f"{base}/api/me/occasions").json()["occasions"] if o["person"] == "小林")
    assert last["last_booking"]["date"] == next_day

    # a day of remembrance is shown quietly, with no offer of flowers in festive colours
    remembered = member.request.post(
        f"{base}/api/me/occasions",
        data={"person": "外婆", "relationship": "grandparent", "kind": "memorial",
              "date": {"calendar": "lunar", "month": 3, "day": 5, "year": 2019}, "remind_days": 2},
    )  # fmt: skip
    assert remembered.status == 201, remembered.text()
    member.goto(f"{base}/occasions/")
    quiet = member.locator(".occasion--memorial", has_text="外婆")
    quiet.wait_for()
    assert "追思日" in quiet.inner_text() and "2019 · 农历三月初五" in quiet.inner_text()
    snap(member, test_output, "occasions-all-zh")

    # her own birthday, on the lunar calendar, is at the top with its next date
    member.request.patch(f"{base}/api/me", data={"birthday": {"calendar": "lunar", "month": 1, "day": 20}})
    member.goto(f"{base}/occasions/")
    member.wait_for_selector("#own-birthday-next:not([hidden])")
    assert member.inner_text("#own-birthday") == "农历正月二十"
    own = next_occurrence("lunar", 1, 20)
    assert f"{own.month}月{own.day}日" in member.inner_text("#own-birthday-next")

    # the same pages in English
    member.goto(f"{base}/en/occasions/")
    member.wait_for_selector(".occasion:has-text('妈妈')")
    assert "15th day" in member.inner_text(".occasion:has-text('妈妈')")
    check_accessibility(member, "occasions-en")
    snap(member, test_output, "occasions-en")
    member.click("#add-occasion")
    member.select_option("#kind", "custom")
    member.wait_for_selector("#label:visible")
    snap(member, test_output, "occasions-editor-en")
