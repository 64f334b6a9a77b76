"""My wallet in a real browser: a member who topped up 1,000 yuan at the counter (充1000送150),
paid a bouquet from it and had part of that refunded sees the balance with its principal and
bonus, the offers and every movement in words; of her two flower cards she skips the weekly
card's next bouquet (after a confirm step), pauses and resumes it, and gives her mother's family
card a new address. A member with nothing sees what stored value and flower cards are; in English
a refunded principal. Axe on each state; screenshots at phone width, 360px too."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.e2e.test_join_journey import check_accessibility, snap
from tests.e2e.test_rewards_journey import member_sign_in, new_page

MOTHER = {
    "name": "王妈妈",
    "phone": "13912340000",
    "address": {
        "province": "四川省",
        "city": "成都市",
        "district": "武侯区",
        "street": "人民南路四段1号",
        "building_room": "3栋 502",
    },
}


def member_id_of(phone: str) -> str:
    from shop.contacts import parse_contact
    from shop.tables import Contact

    return Contact.get(parse_contact(phone).value).member_id


def clerk_id() -> str:
    from shop.staff import list_staff

    return list_staff()[0].staff_id


def offer_top_ups() -> None:
    from shop.wallet import TopUpOffer, WalletRules, save_wallet_rules

    offers = [TopUpOffer(pay_fen=100_000, bonus_fen=15_000), TopUpOffer(pay_fen=300_000, bonus_fen=50_000, tier="gold")]
    save_wallet_rules(WalletRules(offers=offers), "test", None)


def fill_the_wallet(member_id: str) -> None:
    """充1000送150, a 115-yuan bouquet paid from it, 46 yuan of that refunded to it."""
    from shop.sales import Line, Sale, record_sale, refund
    from shop.wallet import top_up

    clerk = clerk_id()
    offer_top_ups()
    top_up(member_id, 100_000, "wechat-pay", clerk, "jingan", "topup-1")
    sale = Sale("jingan", clerk, (Line("bouquet", "时令花束", 1, 11_500),), "stored-value", member_id)
    paid = record_sale(sale, "bouquet-1")
    refund(paid["id"], 4_600, "花有损伤", clerk, "jingan", "refund-1")


def sell_flower_cards(member_id: str) -> tuple[date, date]:
    """A weekly card for herself (pickup) and a monthly family card for her mother (delivery);
    the days of their first bouquets."""
    from shop.catalog import ItemDetails, add_item
    from shop.dates import today
    from shop.subscriptions import Plan, sell

    weekly = ItemDetails("bouquet", "每周花束", "Weekly bouquet", 9_900, "mixed", (("rose-pink", 5),))
    add_item(weekly, "test", None, item_id="weekly")
    tulips = ItemDetails("bouquet", "粉色郁金香", "Pink tulips", 19_900, "tulip", (("tulip", 10),))
    add_item(tulips, "test", None, item_id="pink-tulips")
    clerk, first, second = clerk_id(), today() + timedelta(days=3), today() + timedelta(days=5)
    mine = Plan("weekly", 4, "weekly", "jingan", "10:00-12:00", "pickup", first)
    sell(member_id, mine, 36_900, "wechat-pay", clerk, "jingan", "card-1")
    family = Plan(
        "pink-tulips", 6, "monthly", "jingan", "14:00-16:00", "delivery", second, MOTHER, "妈妈，想您。", True
    )
    sell(member_id, family, 109_900, "wechat-pay", clerk, "jingan", "card-2")
    return first, second


def my_cards(page, base: str) -> dict:
    return {card["item_id"]: card for card in page.request.get(f"{base}/api/me/subscriptions").json()["subscriptions"]}


def day_text(page, day: date) -> str:
    """A bouquet's day as the page writes it, in the page's language."""
    return page.evaluate(
        """(iso) => {
            const [y, m, d] = iso.split("-").map(Number);
            const options = {month: "long", day: "numeric", weekday: "short", timeZone: "UTC"};
            if (y !== new Date().getFullYear()) options.year = "numeric";
            const locale = document.documentElement.lang === "en" ? "en-GB" : "zh-CN";
            return new Intl.DateTimeFormat(locale, options).format(Date.UTC(y, m - 1, d));
        }""",
        day.isoformat(),
    )


def test_a_member_sees_her_stored_value_and_looks_after_her_flower_cards(browser, counter, clock, test_output):
    base = counter
    member_id = member_id_of("13800138000")
    fill_the_wallet(member_id)
    first, _second = sell_flower_cards(member_id)
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")

    # from the account page
    member.click("#wallet-link")
    member.wait_for_url(re.compile(r".*/wallet/$"))
    member.wait_for_selector("#card-list .flower-card")
    # the member's bar, without a link of its own: a seventh would not fit a 360px phone
    nav = member.locator(".site-nav__list")
    assert nav.locator("a[href='/bookings/']").count() == 1 and nav.locator("a[href='/wallet/']").count() == 0

    # the balance big, its two parts apart, what paying draws, the offers to ask for at the counter
    wallet = member.request.get(f"{base}/api/me/wallet").json()
    assert (wallet["balance_fen"], wallet["principal_fen"], wallet["bonus_fen"]) == (108_100, 94_000, 14_100)
    assert member.inner_text("#wallet-balance") == "¥1,081"
    assert member.inner_text("#wallet-principal") == "¥940"
    assert member.inner_text("#wallet-bonus") == "¥141"
    balance = member.inner_text("#balance-part")
    assert "按比例扣除" in balance and "本金永不过期" in balance and "赠送金作废" in balance
    assert "充¥1,000送¥150" in balance and "充¥3,000送¥500，并升金卡会员一年" in balance
    assert "门店柜台" in balance and "余额上限为¥5,000" in balance
    assert member.locator("#wallet-empty").is_hidden()

    # every movement in words, newest first: the refund back, the bouquet, the top-up
    lines = member.locator("#movements .ledger__line")
    assert lines.count() == 3
    assert [lines.nth(n).locator(".ledger__kind").inner_text() for n in range(3)] == ["退款退回", "消费", "充值"]
    assert [lines.nth(n).locator(".ledger__points").inner_text() for n in range(3)] == ["+¥46", "−¥115", "+¥1,150"]
    top_up = lines.nth(2).inner_text()
    assert "微信支付" in top_up and "本金 +¥1,000 · 赠送金 +¥150" in top_up and "余额：¥1,150" in top_up
    assert "本金 −¥100 · 赠送金 −¥15" in lines.nth(1).inner_text()
    assert "余额：¥1,081" in lines.nth(0).inner_text()

    # the two cards: hers, and her mother's family card with the recipient's name
    weekly = member.locator(".flower-card", has_text="每周花束")
    text = weekly.inner_text()
    assert "花卡" in text and "还剩 4 束，共 4 束" in text and "每周一束" in text and "静安店" in text
    assert f"{day_text(member, first)} 10:00-12:00 · 到店自取" in text
    family = member.locator(".flower-card", has_text="粉色郁金香")
    text = family.inner_text()
    assert "亲情花卡" in text and "送给王妈妈" in text and "每月一束" in text and "送货上门" in text
    assert "四川省成都市武侯区人民南路四段1号3栋 502" in text and "妈妈，想您。" in text
    assert weekly.get_by_role("button", name="更改地址").count() == 0  # a pickup card has no address
    check_accessibility(member, "wallet")
    snap(member, test_output, "wallet-zh")
    member.set_viewport_size({"width": 360, "height": 740})
    assert nav.evaluate("(list) => list.scrollWidth <= list.clientWidth"), "the member bar fits a 360px phone"
    snap(member, test_output, "wallet-360-zh")
    member.set_viewport_size({"width": 390, "height": 844})

    # skip the next bouquet, after saying yes
    skip = weekly.get_by_role("button", name=f"跳过下一次：每周花束，{day_text(member, first)}")
    skip.click()
    confirm = weekly.locator(".flower-card__confirm")
    assert "这次不制作也不配送" in confirm.inner_text()
    assert member.evaluate("document.activeElement.textContent") == "确定跳过"
    check_accessibility(member, "wallet-skip-confirm")
    snap(member, test_output, "wallet-skip-confirm-zh")
    weekly.get_by_role("button", name="不跳过").click()
    assert confirm.is_hidden()
    assert member.evaluate("document.activeElement.getAttribute('data-action')") == "skip"
    assert my_cards(member, base)["weekly"]["skips"] == []
    skip.click()
    weekly.get_by_role("button", name="确定跳过").click()
    following = first + timedelta(days=7)
    member.wait_for_selector("#cards-status:has-text('已跳过')")
    assert member.inner_text("#cards-status") == (
        f"{day_text(member, first)}这一束已跳过。下一束：{day_text(member, following)}。"
    )
    assert my_cards(member, base)["weekly"]["skips"] == [first.isoformat()]
    text = weekly.inner_text()
    assert f"{day_text(member, following)} 10:00-12:00" in text and "还剩 4 束" in text
    assert re.search(rf"已跳过\s*{re.escape(day_text(member, first))}", text)
    # the keyboard stays on the card: the next one may be skipped too
    assert member.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"跳过下一次：每周花束，{day_text(member, following)}"
    )

    # paused, then resumed
    weekly.get_by_role("button", name="暂停每周花束").click()
    member.wait_for_selector("#cards-status:has-text('已暂停')")
    assert my_cards(member, base)["weekly"]["paused"] is True
    text = weekly.inner_text()
    assert "已暂停" in text and "恢复之前不会为您预订" in text
    assert weekly.get_by_role("button", name=re.compile("^跳过")).count() == 0
    assert member.evaluate("document.activeElement.getAttribute('aria-label')") == "恢复每周花束"
    snap(member, test_output, "wallet-paused-zh")
    weekly.get_by_role("button", name="恢复每周花束").click()
    member.wait_for_selector("#cards-status:has-text('已恢复')")
    assert my_cards(member, base)["weekly"]["paused"] is False
    assert f"下一束：{day_text(member, following)}" in member.inner_text("#cards-status")

    # a new address for her mother: the form is the booking form's, filled with the one before
    family.get_by_role("button", name="更改地址：粉色郁金香").click()
    member.wait_for_selector("#editor:not([hidden])")
    assert member.evaluate("document.activeElement.id") == "editor"
    assert "粉色郁金香 · 亲情花卡" in member.inner_text("#editor-card")
    assert member.input_value("#recipient-name") == "王妈妈"
    assert member.input_value("#recipient-phone") == "139 1234 0000"
    assert member.input_value("#address-district") == "武侯区"
    member.fill("#address-street", "")
    member.click("#save-address")
    assert member.get_attribute("#address-street", "aria-invalid") == "true"
    assert member.evaluate("document.activeElement.id") == "address-street"
    check_accessibility(member, "wallet-address")
    snap(member, test_output, "wallet-address-zh")
    for field, value in (
        ("#address-province", "上海市"),
        ("#address-city", "上海市"),
        ("#address-district", "徐汇区"),
        ("#address-street", "天平路200弄"),
        ("#address-building-room", "5号 301"),
    ):
        member.fill(field, value)
    member.click("#save-address")
    member.wait_for_selector("#cards-status:has-text('已保存')")
    assert member.locator("#editor").is_hidden()
    assert "之后的花送到上海市徐汇区天平路200弄5号 301" in member.inner_text("#cards-status")
    saved = my_cards(member, base)["pink-tulips"]["recipient"]
    assert saved["name"] == "王妈妈" and saved["address"]["district"] == "徐汇区"
    assert "上海市徐汇区天平路200弄5号 301" in family.inner_text()
    # the balance is still there above: the form took the page's place only while it was open
    assert member.inner_text("#wallet-balance") == "¥1,081"


# what the note for a member with nothing says, by language: (prefix, locale, words)
NOTHING_YET = [
    ("", "zh-CN", ["钱包里还没有内容", "充¥1,000送¥150", "亲情花卡", "柜台办理"]),
    ("/en", "en-GB", ["Nothing in your wallet yet", "Top up ¥1,000, get ¥150 extra", "family flower card", "counter"]),
]


def test_a_member_with_nothing_learns_what_the_wallet_holds(browser, counter, clock, test_output):
    base = counter
    offer_top_ups()
    for prefix, locale, words in NOTHING_YET:
        member = new_page(browser, locale=locale)
        clock.advance(seconds=61)
        member_sign_in(member, base, "138 0013 8000", "+8613800138000", prefix=prefix)
        member.goto(f"{base}{prefix}/wallet/")
        member.wait_for_selector("#wallet-empty:not([hidden])")
        text = member.inner_text("#wallet-empty")
        assert all(word in text for word in words), text
        for part in ("#balance-part", "#movements-part", "#cards-part"):
            assert member.locator(part).is_hidden()
        check_accessibility(member, f"wallet-empty{prefix}")
        snap(member, test_output, f"wallet-empty-{locale[:2]}")
        member.context.close()


def test_my_wallet_in_english_after_the_principal_was_refunded(browser, counter, clock, test_output):
    from shop.wallet import refund_principal, top_up

    base = counter
    member_id = member_id_of("13800138000")
    offer_top_ups()
    top_up(member_id, 100_000, "alipay", clerk_id(), "jingan", "topup-1")
    refund_principal(member_id, "搬家离开上海", clerk_id(), "jingan")
    member = new_page(browser, locale="en-GB")
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000", prefix="/en")
    member.goto(f"{base}/en/wallet/")
    member.wait_for_selector("#cards-empty:not([hidden])")
    assert member.inner_text("#wallet-balance") == "¥0"
    lines = member.locator("#movements .ledger__line")
    assert [lines.nth(n).locator(".ledger__kind").inner_text() for n in range(2)] == ["Principal refunded", "Top-up"]
    assert lines.nth(0).locator(".ledger__points").inner_text() == "−¥1,150"
    refunded = lines.nth(0).inner_text()
    assert "¥1,000 paid back to you, ¥150 bonus forfeited" in refunded and "搬家离开上海" in refunded
    assert "Alipay" in lines.nth(1).inner_text()
    assert "No flower cards" in member.inner_text("#cards-part")
    assert member.locator(".breadcrumb [aria-current='page']").inner_text() == "My wallet"
    check_accessibility(member, "wallet-en")
    snap(member, test_output, "wallet-en")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_my_wallet_sends_anyone_signed_out_to_sign_in(page, dev_server, prefix):
    page.goto(f"{dev_server}{prefix}/wallet/")
    page.wait_for_url(re.compile(rf".*{prefix}/signin/\?next=%2F.*wallet%2F$"))
