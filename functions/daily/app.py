"""The scheduled jobs (EventBridge Scheduler, in the business time zone): every morning, the
Reminders items due today and on any day missed since the last run; every hour, booking holds
whose time has run out."""

from __future__ import annotations

from datetime import timedelta

from shop.dates import today
from shop.errors import NotFound, ShopError, Unavailable
from shop.i18n import N_, translate
from shop.reminders import claim, due_on, mark_done, run_daily, subject_of
from shop.sales import lapse_due
from shop.tables import Reminder, bind_tables
from web.observability import logger

bind_tables()


def lapse_points(item: Reminder) -> None:
    """A bucket's last day has passed: lapse it with its ledger line (keyed by the day, once)."""
    try:
        lapse_due(item.member_id)
    except NotFound:
        pass  # the member was erased: nothing is left to lapse


def remind_of_booking(item: Reminder) -> None:
    """Tomorrow's booking: a service message, claimed first so it goes at most once."""
    from shop.bookings import send_reminder

    if claim(item):
        send_reminder(subject_of(item))


def release_hold(item: Reminder) -> bool:
    """A held booking whose hold has run out gives its place back; one still held waits."""
    from shop.bookings import hold_settled

    return hold_settled(subject_of(item))


def notify_lapse(item: Reminder) -> bool:
    """Points about to lapse (the December reminder of 年度清零, or 30 days ahead): a message to
    members who agreed to hear from the shop, at most once; nothing when the points are gone."""
    from datetime import date

    from shop.outreach import deliver
    from shop.points import plain_map
    from shop.tables import Member

    member = Member.get(item.member_id, consistent_read=True)
    expires = subject_of(item)
    points = int(plain_map(member.buckets).get(expires, 0)) - int(member.debt)
    if member.erased_at is not None or points <= 0:
        return True
    params = {"points": points, "date": expires}
    outcome = deliver(
        member, f"points-notice:{expires}", date.fromisoformat(item.due_on), "points_notice", params, True
    )
    return outcome != "later"


def remind_of_occasion(item: Reminder) -> bool:
    """A date in the member's notebook is near: a personal message (a memorial gets a quiet
    note, never an offer), at most once; then the occasion moves on to its next date."""
    from datetime import date

    from pynamodb.exceptions import DoesNotExist

    from shop.i18n import translate
    from shop.occasions import roll_forward
    from shop.outreach import deliver
    from shop.settings import get_settings
    from shop.tables import Member, Occasion

    try:
        occasion = Occasion.get(item.member_id, subject_of(item), consistent_read=True)
        member = Member.get(item.member_id, consistent_read=True)
    except DoesNotExist:
        return True  # deleted, or the member has left
    if occasion.paused or member.erased_at is not None:
        return True
    if occasion.kind == "custom" and occasion.label:
        what = occasion.label
    else:
        what = translate(member.lang, N_("Anniversary") if occasion.kind == "anniversary" else N_("A special day"))
    params = {
        "kind": occasion.kind,
        "person": occasion.person,
        "date": occasion.next_on,
        "days": (date.fromisoformat(occasion.next_on) - today()).days,
        "occasion": what,
        "link": f"{get_settings().site_url}/occasions/",
    }
    reason = f"occasion:{occasion.occasion_id}"
    outcome = deliver(member, reason, date.fromisoformat(occasion.next_on), "occasion_reminder", params, True)
    if outcome == "later":
        return False
    roll_forward(occasion)
    return True


def notify_coupon(item: Reminder) -> bool:
    """A coupon not yet used expires within 7 days: a message, at most once."""
    from datetime import date

    from shop.outreach import deliver
    from shop.rewards import find_coupon, status_of
    from shop.tables import Member

    try:
        coupon = find_coupon(subject_of(item))
    except NotFound:
        return True
    member = Member.get(item.member_id, consistent_read=True)
    if member.erased_at is not None or status_of(coupon, today()) != "issued":
        return True
    name = coupon.name_zh if member.lang == "zh" else coupon.name_en
    params = {"coupon": name, "date": coupon.expires_on, "code": coupon.code}
    outcome = deliver(
        member, f"coupon-notice:{coupon.code}", date.fromisoformat(item.due_on), "coupon_notice", params, True
    )
    return outcome != "later"


def safe_flowers(member) -> list[str]:
    """The flowers a member likes, less any their allergies rule out (no lilies for pollen)."""
    from shop.vocabulary import FLOWERS, VARIETIES

    allergies = set(member.sensitive.allergies) if member.sensitive else set()
    liked = [f for f in (member.preferences.flowers if member.preferences else []) if f in FLOWERS]
    return [f for f in liked if not VARIETIES.get(f, ("", set()))[1] & allergies]


def win_back(item: Reminder) -> bool:
    """A regular is late against their own rhythm: a care greeting with a coupon, once per
    absence (the message and the coupon are keyed by their last purchase day)."""
    from datetime import date

    from shop.outreach import channel_for, deliver, held_out, holdout_share
    from shop.rewards import gift_coupon
    from shop.rules import load_rules
    from shop.tables import Member
    from shop.vocabulary import FLOWERS

    member = Member.get(item.member_id, consistent_read=True)
    if member.erased_at is not None or not member.last_purchase_day:
        return True
    absence = f"win-back:{member.last_purchase_day}"
    rules, params = load_rules(), {}
    holdout = holdout_share("win-back", rules.holdouts)
    if channel_for(member, True) is not None and not held_out(member.member_id, "win-back", holdout):
        value = rules.winback_coupon_fen
        coupon = gift_coupon(
            member.member_id,
            absence,
            f"{value // 100}元回店礼",
            f"{value // 100} yuan welcome back",
            value,
            rules.winback_coupon_days,
        )
        params = {"code": coupon.code, "value": value // 100, "date": coupon.expires_on}
    params["flowers"] = "、".join(translate(member.lang, FLOWERS[f]) for f in safe_flowers(member)[:2])
    outcome = deliver(member, absence, date.fromisoformat(item.due_on), "win_back", params, True, holdout)
    return outcome != "later"


def invite_to_festival(item: Reminder) -> bool:
    """Last year's festival buyers who have not booked for it this year: an early-bird
    invitation (and a last call), at most once each."""
    from datetime import date

    from shop.booking_rules import load_booking_rules
    from shop.bookings import booked_for
    from shop.outreach import deliver, holdout_share
    from shop.rules import load_rules
    from shop.settings import get_settings
    from shop.tables import Member

    peak = next((p for p in load_booking_rules().peak_days if p.key == subject_of(item)), None)
    member = Member.get(item.member_id, consistent_read=True)
    due = date.fromisoformat(item.due_on)
    day = peak.on(due.year) if peak else None
    if day is not None and day < due:
        day = peak.on(due.year + 1)
    if day is None or member.erased_at is not None or booked_for(member.member_id, day):
        return True  # the festival is gone from the calendar, the member has left, or already booked
    early = peak.early_bird_percent if (day - due).days >= peak.early_bird_days else 0
    params = {
        "festival": peak.name_zh if member.lang == "zh" else peak.name_en,
        "date": day.isoformat(),
        "days": (day - due).days,
        "early": early,
        "link": f"{get_settings().site_url}/book/?date={day.isoformat()}",
        "last_call": item.kind == "festival-last-call",
    }
    reason = f"{item.kind}:{peak.key}:{day.year}"
    holdout = holdout_share(item.kind, load_rules().holdouts)
    return deliver(member, reason, due, "festival_invite", params, True, holdout) != "later"


def greet_birthday(item: Reminder) -> bool:
    """The member's own birthday, a week ahead: a greeting with a birthday coupon (only for a
    member who agreed to hear from the shop), once a year; then next year's item."""
    from datetime import date

    from shop.birthdays import birthday_item, next_birthday
    from shop.outreach import channel_for, deliver, held_out, holdout_share
    from shop.rewards import gift_coupon
    from shop.rules import load_rules
    from shop.tables import Member

    member = Member.get(item.member_id, consistent_read=True)
    if member.erased_at is not None or not member.birthday:
        return True
    due = date.fromisoformat(item.due_on)
    day = next_birthday(member, after=due)
    occasion, rules, params = f"birthday:{day.year}", load_rules(), {"date": day.isoformat(), "code": ""}
    holdout = holdout_share("birthday", rules.holdouts)
    offered = rules.birthday_coupon_fen and not held_out(member.member_id, "birthday", holdout)
    if channel_for(member, True) is not None and offered:  # a coupon only for one who will hear of it
        value = rules.birthday_coupon_fen
        coupon = gift_coupon(
            member.member_id,
            occasion,
            f"{value // 100}元生日礼券",
            f"{value // 100} yuan birthday coupon",
            value,
            rules.birthday_coupon_days,
        )
        params |= {"code": coupon.code, "value": value // 100, "until": coupon.expires_on}
    if deliver(member, occasion, due, "birthday_greeting", params, True, holdout) == "later":
        return False
    birthday_item(member, after=day + timedelta(days=1)).save()  # next year's
    return True


def remember_at_qingming(item: Reminder) -> bool:
    """A quiet note at Qingming for a member who keeps a memorial date: no offer, no link; one
    per member and year however many memorials they keep; then next year's item."""
    from datetime import date

    from pynamodb.exceptions import DoesNotExist

    from shop.occasions import qingming_after, qingming_item
    from shop.outreach import deliver
    from shop.tables import Member, Occasion

    try:
        occasion = Occasion.get(item.member_id, subject_of(item), consistent_read=True)
        member = Member.get(item.member_id, consistent_read=True)
    except DoesNotExist:
        return True
    if occasion.paused or occasion.kind != "memorial" or member.erased_at is not None:
        return True
    due = date.fromisoformat(item.due_on)
    day = qingming_after(due)
    params = {"person": occasion.person, "date": day.isoformat()}
    if deliver(member, f"qingming:{day.year}", due, "qingming_note", params, True) == "later":
        return False
    qingming_item(occasion, after=day + timedelta(days=1)).save()  # next year's
    return True


def send_care_digest(item: Reminder) -> bool:
    """A member's plants, combined in one message: the season's rhythm on the 1st of the month,
    or what is due this week on Mondays; then the next digest. Nothing once they have no plants
    or chose another cadence (that cadence has its own item)."""
    from datetime import date

    from shop.outreach import deliver
    from shop.plants import digest_item, digest_params, list_plants
    from shop.tables import Member

    cadence = subject_of(item).split("-", 1)[0]
    member = Member.get(item.member_id, consistent_read=True)
    plants = list_plants(member.member_id) if member.erased_at is None else []
    if not plants or member.care_digest != cadence:
        return True
    due = date.fromisoformat(item.due_on)
    try:
        params = digest_params(member, plants, due, cadence)
    except Unavailable:
        return False  # the care guides are out of reach: the next run looks again, the rest goes on
    if params and deliver(member, f"care-digest:{subject_of(item)}", due, "care_digest", params, True) == "later":
        return False
    digest_item(member, after=due).save()
    return True


def book_subscription(item: Reminder) -> bool:
    """A flower card's period, a few days ahead: booked through the bookings module (another
    window, or the next day, when its window is full); then the next period's item."""
    from datetime import date

    from pynamodb.exceptions import DoesNotExist

    from shop.subscriptions import book_period
    from shop.tables import Subscription

    subscription_id, _, day = subject_of(item).partition(".")
    try:
        subscription = Subscription.get(item.member_id, subscription_id, consistent_read=True)
    except DoesNotExist:
        return True
    if subscription.next_on == day:  # else a pause, a resume or an earlier run moved it on
        book_period(subscription, date.fromisoformat(day))
    return True


def book_employee_birthday(item: Reminder) -> bool:
    """A company employee's birthday flowers, a few days ahead, on the company's account (once);
    a refusal (the slot full, the credit limit) is logged for staff and the list goes on."""
    from datetime import date

    from shop.companies import book_birthday

    employee_id, _, day = subject_of(item).partition(".")
    company_id = item.member_id.removeprefix("company:")
    try:
        done = book_birthday(company_id, employee_id, date.fromisoformat(day))
    except ShopError as error:
        logger.warning("birthday flowers not booked", extra={"company": company_id, "error": error.code})
        return True
    if done["refused"]:
        logger.warning("birthday flowers not booked", extra={"company": company_id, "error": done["refused"]})
    return True


def send_campaign(item: Reminder) -> bool:
    """A confirmed campaign on its send date (or the first run after): handed to the jobs
    function, which reads its segment as it is today (a Scan: never in this job, decision 2)
    and contacts or holds out each member, once."""
    from shop.jobs import start_job

    start_job({"job": "campaign", "campaign_id": subject_of(item)})
    return True


HANDLERS = {
    "campaign": send_campaign,
    "employee-birthday": book_employee_birthday,
    "subscription": book_subscription,
    "care-digest": send_care_digest,
    "qingming": remember_at_qingming,
    "birthday": greet_birthday,
    "festival-invite": invite_to_festival,
    "festival-last-call": invite_to_festival,
    "win-back": win_back,
    "occasion": remind_of_occasion,
    "coupon-notice": notify_coupon,
    "points-lapse": lapse_points,
    "points-notice": notify_lapse,
    "booking-reminder": remind_of_booking,
    "booking-hold": release_hold,
}


def release_holds() -> int:
    """The hourly step: the holds due yesterday and today (a hold is due on the day it ends)."""
    released = 0
    for day in (today() - timedelta(days=1), today()):
        for item in due_on(day):
            if item.kind == "booking-hold" and release_hold(item):
                mark_done(item)
                released += 1
    return released


@logger.inject_lambda_context
def lambda_handler(event, context) -> dict:
    if (event or {}).get("job") == "holds":
        done = {"holds_settled": release_holds()}
    else:
        from shop.jobs import start_job
        from shop.reports import count_outreach

        done = run_daily(today(), HANDLERS)
        start_job({"job": "census"})  # the members' figures for the dashboard: a background job
        done["outreach"] = count_outreach()
    logger.info("scheduled run", extra=done)
    return done
