"""Dates, money and counts in outgoing messages are written as each language writes them (Babel):
12月31日 / Dec 31, 2027年1月5日 / Jan 5, 2027, 50元 / ¥50, ¥199.50, 12,000."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shop.i18n import written_date, written_number, written_yuan
from shop.messaging import render
from shop.settings import get_settings

TODAY = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: the shop's year is 2026


@pytest.fixture(autouse=True)
def mid_june_2026():
    from shop.clock import set_clock

    set_clock(lambda: TODAY)
    yield
    set_clock(None)


@pytest.fixture
def shop_name() -> str:
    return get_settings().shop_name


def sms(template: str, lang: str, **params) -> str:
    return render(template, "sms", lang, params).text


def sms_parts(text: str) -> int:
    """As the campaign preview counts them: one SMS up to 70 characters, parts of 67 beyond."""
    from shop.campaigns import SMS_PART, SMS_SINGLE

    return 1 if len(text) <= SMS_SINGLE else -(-len(text) // SMS_PART)


def win_back(lang: str, value, until: str) -> str:
    return sms("win_back", lang, name="张姐", flowers="", code="AB12CD", value=value, date=until)


# --- dates ------------------------------------------------------------------------------------


def test_a_day_this_year_is_written_without_the_year(shop_name):
    zh = sms("points_notice", "zh", name="张姐", points=1100, date="2026-12-31")
    en = sms("points_notice", "en", name="Ms Zhang", points=1100, date="2026-12-31")
    assert zh == f"【{shop_name}】张姐，您有1,100积分将于12月31日清零，到店消费可抵现。回T退订"
    assert en == (
        f"【{shop_name}】Ms Zhang, your 1,100 points lapse on Dec 31: use them as money off at the counter."
        " Reply T to unsubscribe"
    )


def test_a_day_in_another_year_keeps_its_year():
    params = {"kind": "birthday", "name": "张姐", "person": "妈妈", "days": 7, "occasion": "", "link": "https://x.cn/o"}
    zh = sms("occasion_reminder", "zh", **params, date="2027-01-05")
    en = sms("occasion_reminder", "en", **params, date="2027-01-05")
    assert "妈妈的生日还有 7 天（2027年1月5日）" in zh
    assert "妈妈's birthday is in 7 days (Jan 5, 2027)." in en


def test_the_current_year_is_the_shops_not_utcs():
    from shop.clock import set_clock

    set_clock(lambda: datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # already 1 January 2027 in Shanghai
    assert written_date("2027-01-05", "zh") == "1月5日"
    assert written_date("2026-12-31", "en") == "Dec 31, 2026"


def test_a_booking_notice_writes_the_day_and_leaves_the_time_window_as_it_is(shop_name):
    params = {"what": "confirmed", "window": "10:00–12:00", "store": "徐汇店", "until": "", "link": "", "rate": ""}
    assert sms("booking_notice", "zh", **params, date="2026-06-16") == (
        f"【{shop_name}】您 6月16日 10:00–12:00 在徐汇店的预订已确认。"
    )
    assert sms("booking_notice", "en", **params, date="2026-06-16") == (
        f"【{shop_name}】Your booking for Jun 16 10:00–12:00 at 徐汇店 is confirmed."
    )


def test_a_day_may_come_as_a_date_or_its_iso_string():
    assert written_date(date(2026, 11, 25), "zh") == written_date("2026-11-25", "zh") == "11月25日"
    assert written_date(date(2026, 11, 25), "en") == "Nov 25"


# --- money ------------------------------------------------------------------------------------


def test_whole_yuan_are_written_50元_in_chinese_and_50_yuan_sign_in_english(shop_name):
    zh = win_back("zh", 50, "2026-07-05")
    en = win_back("en", 50, "2026-07-05")
    assert zh == (
        f"【{shop_name}】张姐，好久不见，很想念您！新鲜的花刚刚到店。送您一张50元优惠券：AB12CD，7月5日前有效。回T退订"
    )
    assert en == (
        f"【{shop_name}】张姐, we have missed you! Fresh flowers have just come in."
        " A ¥50 coupon for you: AB12CD, until Jul 5. Reply T to unsubscribe"
    )


def test_an_amount_with_fen_is_written_with_the_yuan_sign_in_both_languages(shop_name):
    zh = win_back("zh", Decimal("199.50"), "2027-01-05")
    en = win_back("en", Decimal("199.50"), "2027-01-05")
    assert "送您一张¥199.50优惠券：AB12CD，2027年1月5日前有效。" in zh
    assert "A ¥199.50 coupon for you: AB12CD, until Jan 5, 2027." in en


def test_a_birthday_email_writes_the_coupon_and_its_last_day():
    params = {"name": "张姐", "code": "AB12CD", "value": 50, "until": "2026-07-05", "optout": "https://x.cn/o"}
    zh = render("birthday_greeting", "email", "zh", params)
    en = render("birthday_greeting", "email", "en", params)
    assert "送您一张50元生日优惠券：AB12CD，7月5日前有效。" in zh.text
    assert "A ¥50 birthday coupon for you: AB12CD, until Jul 5." in en.text


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [
        (50, "50元", "¥50"),
        (1200, "1,200元", "¥1,200"),
        (Decimal("199.50"), "¥199.50", "¥199.50"),
        (Decimal("199.00"), "199元", "¥199"),  # no fen: a whole amount
        ("12.5", "¥12.50", "¥12.50"),
        (19.9, "¥19.90", "¥19.90"),  # a number back from DynamoDB may be a float
    ],
)
def test_amounts_of_yuan_in_every_form_a_parameter_takes(amount, zh, en):
    assert written_yuan(amount, "zh") == zh
    assert written_yuan(amount, "en") == en


# --- counts -----------------------------------------------------------------------------------


def test_points_are_grouped_by_thousands():
    assert "您有12,000积分将于" in sms("points_notice", "zh", name="张姐", points=12000, date="2026-12-31")
    assert "your 12,000 points lapse" in sms("points_notice", "en", name="Ms Zhang", points=12000, date="2026-12-31")
    assert written_number(Decimal("1234567"), "zh") == "1,234,567"
    assert written_number(1100.0, "en") == "1,100"  # a float back from DynamoDB: no ".0"


def test_small_counts_and_codes_are_left_as_they_are(shop_name):
    assert sms("sign_in_code", "zh", code="012345", minutes=5) == (
        f"【{shop_name}】您的登录验证码为012345，5分钟内有效，请勿告诉他人。"
    )
    festival = {"name": "张姐", "festival": "母亲节", "date": "2027-05-09", "days": 7, "early": 15, "link": "https://b"}
    assert "现在预订立减 15%" in sms("festival_invite", "zh", **festival, last_call=False)
    assert "母亲节 is in 7 days" in sms("festival_invite", "en", **festival, last_call=True)


# --- the length of an SMS ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_formatted_values_add_only_visible_characters_to_an_sms(lang):
    """The campaign preview and the SMS budget count characters: a no-break space or a direction
    mark from CLDR would be counted without being seen (and would make an English SMS UCS-2)."""
    texts = [
        win_back(lang, Decimal("1299.50"), "2027-01-05"),
        sms("points_notice", lang, name="张姐", points=12000, date="2027-12-31"),
    ]
    for text in texts:
        assert all(character.isprintable() and character not in "\u00a0\u202f" for character in text), text


def test_a_chinese_sms_with_formatted_values_is_counted_as_the_preview_counts_it(shop_name):
    text = sms("points_notice", "zh", name="张姐", points=12000, date="2027-12-31")
    assert text == f"【{shop_name}】张姐，您有12,000积分将于2027年12月31日清零，到店消费可抵现。回T退订"
    assert len(text) == len(shop_name) + 43 and sms_parts(text) == 1  # "12,000" and the year still fit one SMS
    longer = win_back("zh", Decimal("1299.50"), "2027-01-05")
    assert longer.endswith("送您一张¥1,299.50优惠券：AB12CD，2027年1月5日前有效。回T退订")
    assert len(longer) == len(shop_name) + 65 and sms_parts(longer) == 1


def test_the_campaign_preview_counts_the_sms_it_shows():
    from shop.campaigns import CampaignDetails, preview

    details = CampaignDetails(
        name="母亲节",
        segment_id="s1",
        channel="sms",
        text_zh="{{ name }}，母亲节的花已经到店，欢迎来挑选。",
        text_en="{{ name }}, the Mother's Day flowers are in.",
        offer={"kind": "none"},
        send_on=date(2026, 5, 1),
        holdout_percent=10,
        attribution_days=14,
    )
    shown = preview(details)
    assert shown["zh"]["sms_parts"] == 1
    for lang in ("zh", "en"):
        assert shown[lang]["sms_length"] == len(shown[lang]["sms"])
        assert shown[lang]["sms_parts"] == sms_parts(shown[lang]["sms"])


# --- the SMS's frame: the signature, the opt-out words, the gaps between sentences --------------


def test_every_sms_is_signed_and_only_marketing_ones_carry_the_opt_out_words(shop_name):
    code = sms("sign_in_code", "zh", code="123456", minutes=10)
    digest = sms("care_digest", "en", weekly=True, name="Ms Zhang", water="pothos", feed="monstera", season="")
    assert code.startswith(f"【{shop_name}】") and "回T退订" not in code
    assert digest == (
        f"【{shop_name}】Ms Zhang, to water this week: pothos. To feed this week: monstera. Reply T to unsubscribe"
    )
    assert sms("care_digest", "zh", weekly=True, name="张姐", water="绿萝", feed="", season="").endswith("。回T退订")


def test_a_held_booking_says_until_when_in_words(shop_name):
    params = {"what": "requested", "date": "2026-12-24", "window": "10:00-12:00", "store": "静安店"}
    params |= {"until": "2026-12-20T18:00", "link": "", "rate": ""}
    assert "12月20日 18:00" in sms("booking_notice", "zh", **params)
    assert "until Dec 20 18:00" in sms("booking_notice", "en", **params)
    assert "12-20 18:00" in sms("booking_notice", "zh", **params | {"until": "12-20 18:00"})  # queued before
