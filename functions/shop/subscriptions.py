"""Flower subscriptions (周花卡, 次卡) and family flower cards (亲情花卡): a prepaid plan of N
bouquets, one each period (weekly, fortnightly or monthly), bought at the counter (its sale gives
the points, once) or paid from stored value. A few days before each period the daily job books
it through the bookings module, in the member's chosen store, window and mode, so capacity and
cut-offs apply: when the window is full another window of that day is taken, and when the day
has no room the period moves to the next day. Each period's booking is keyed by the plan and the
period's number, so it is made exactly once. The member can skip a period, pause the plan, and
change the address; a family card is one delivered to someone else, whose buyer is told of each
delivery (with its photo) as the booking's member.

A period's booking is prepaid: completing it records no second sale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist, PutError

from shop.clock import now
from shop.concurrency import is_conflict
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.reminders import reminder
from shop.tables import Reminder, Subscription

CADENCES = ("weekly", "fortnightly", "monthly")
LEAD_DAYS = 2  # a period is booked this many days ahead (before the day before's cut-off)


class SubscriptionEnded(ShopError):
    code = "subscription_ended"
    message = N_("This flower card is used up or ended.")


@dataclass(frozen=True)
class Plan:
    """What is sold: N of one catalog item, each period, at a store, window and mode."""

    item_id: str
    count: int
    cadence: str
    store_id: str
    window: str
    mode: str
    starts_on: date
    recipient: dict | None = None  # for delivery: {name, phone, address}; a family card's parent
    card_message: str | None = None
    family: bool = False  # 亲情花卡: paid by the member for someone elsewhere


def period_day(subscription: Subscription, n: int) -> date:
    """The day of the n-th period (0 first), before any move."""
    start = date.fromisoformat(subscription.starts_on)
    if subscription.cadence == "monthly":
        month = start.month - 1 + n
        year, month = start.year + month // 12, month % 12 + 1
        import calendar

        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return start + timedelta(days=n * (7 if subscription.cadence == "weekly" else 14))


def booking_item(subscription: Subscription, day: date) -> Reminder:
    """The reminder that books the period of `day`, LEAD_DAYS ahead, and never before tomorrow
    (today's run may have finished already)."""
    from shop.dates import today

    due = max(day - timedelta(days=LEAD_DAYS), today() + timedelta(days=1))
    return reminder("subscription", subscription.member_id, f"{subscription.subscription_id}.{day}", due)


def start(member_id: str, plan: Plan, purchase_id: str) -> Subscription:
    """The plan a sale paid for, once (keyed by the sale), and its first period's reminder."""
    subscription = Subscription(
        member_id=member_id,
        subscription_id=f"s{purchase_id[:16]}",
        purchase_id=purchase_id,
        item_id=plan.item_id,
        count=plan.count,
        used=0,
        cadence=plan.cadence,
        store_id=plan.store_id,
        window=plan.window,
        mode=plan.mode,
        starts_on=plan.starts_on.isoformat(),
        next_on=plan.starts_on.isoformat(),
        recipient=plan.recipient,
        card_message=plan.card_message,
        family=plan.family,
        created_at=now(),
    )
    try:
        subscription.save(condition=Subscription.subscription_id.does_not_exist())
    except PutError as error:
        if not is_conflict(error):
            raise
        return get_subscription(member_id, subscription.subscription_id)  # a replay of the same sale
    booking_item(subscription, plan.starts_on).save()
    return subscription


def get_subscription(member_id: str, subscription_id: str) -> Subscription:
    try:
        return Subscription.get(member_id, subscription_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def list_subscriptions(member_id: str) -> list[Subscription]:
    return sorted(Subscription.query(member_id), key=lambda s: s.created_at, reverse=True)


def remaining(subscription: Subscription) -> int:
    return int(subscription.count) - int(subscription.used)


def book_period(subscription: Subscription, day: date) -> str:
    """Book the period of `day`: booked, skipped (the member skipped it), moved (no room that day:
    the next day is tried), paused or ended. The period's booking is keyed by its number, so a
    rerun finds the one it made."""
    from shop.booking_rules import load_booking_rules
    from shop.bookings import Ask, create_booking, find_booking
    from shop.points import plain_map
    from shop.sales import derived_id
    from shop.slots import DayClosed, PastCutoff, SlotFull

    if subscription.cancelled or remaining(subscription) <= 0:
        return "ended"
    if subscription.paused:
        return "paused"
    if day.isoformat() in subscription.skips:
        _advance(subscription, day, booked=False)
        return "skipped"
    principal, key = f"subscription#{subscription.subscription_id}", str(int(subscription.used))
    if find_booking(derived_id(principal, f"booking:{key}")) is not None:  # made before a crash
        _advance(subscription, day, booked=True)
        return "booked"
    rules = load_booking_rules(subscription.store_id)
    for window in [subscription.window, *(w for w in rules.windows if w != subscription.window)]:
        ask = Ask(
            store_id=subscription.store_id,
            day=day,
            window=window,
            mode=subscription.mode,
            items=((subscription.item_id, 1),),
            recipient=plain_map(subscription.recipient) or None,
            card_message=subscription.card_message,
            member_id=subscription.member_id,
            payment={"status": "paid", "method": "subscription", "deposit_fen": 0},
            subscription_id=subscription.subscription_id,
        )
        try:
            create_booking(ask, principal, key, "subscription")
        except (SlotFull, DayClosed, PastCutoff):
            continue
        _advance(subscription, day, booked=True)
        return "booked"
    moved = day + timedelta(days=1)
    subscription.update(actions=[Subscription.next_on.set(moved.isoformat())])
    booking_item(subscription, moved).save()
    return "moved"


def _advance(subscription: Subscription, day: date, booked: bool) -> None:
    """The period of `day` is done (booked or skipped): counted, and the next one's item put.
    Conditional on the period still being the next, so a rerun after a crash counts it once."""
    from pynamodb.exceptions import UpdateError

    used, skipped = int(subscription.used) + int(booked), int(subscription.skipped) + int(not booked)
    following = period_day(subscription, used + skipped)
    try:
        subscription.update(
            actions=[
                Subscription.used.set(used),
                Subscription.skipped.set(skipped),
                Subscription.next_on.set(following.isoformat()),
            ],
            condition=Subscription.next_on == day.isoformat(),
        )
    except UpdateError as error:
        if is_conflict(error):
            return  # counted by an earlier run
        raise
    if used < int(subscription.count):
        booking_item(subscription, following).save()


def skip(member_id: str, subscription_id: str, day: date) -> Subscription:
    subscription = get_subscription(member_id, subscription_id)
    if subscription.cancelled or remaining(subscription) <= 0:
        raise SubscriptionEnded()
    subscription.update(actions=[Subscription.skips.set(sorted({*subscription.skips, day.isoformat()}))])
    return get_subscription(member_id, subscription_id)


def pause(member_id: str, subscription_id: str, paused: bool) -> Subscription:
    """A paused plan books nothing; on resuming, the next period is the next one from today."""
    from shop.dates import today

    subscription = get_subscription(member_id, subscription_id)
    if subscription.cancelled or remaining(subscription) <= 0:
        raise SubscriptionEnded()
    actions = [Subscription.paused.set(paused)]
    if not paused and subscription.paused:
        n = int(subscription.used) + int(subscription.skipped)
        while period_day(subscription, n) <= today():
            n += 1  # the periods missed while paused are skipped, not owed twice in a week
        actions += [
            Subscription.skipped.set(n - int(subscription.used)),
            Subscription.next_on.set(period_day(subscription, n).isoformat()),
        ]
        booking_item(subscription, period_day(subscription, n)).save()
    subscription.update(actions=actions)
    return get_subscription(member_id, subscription_id)


def change_recipient(member_id: str, subscription_id: str, recipient: dict) -> Subscription:
    """A new address for the periods not yet booked."""
    subscription = get_subscription(member_id, subscription_id)
    if subscription.cancelled or remaining(subscription) <= 0:
        raise SubscriptionEnded()
    subscription.update(actions=[Subscription.recipient.set(recipient)])
    return get_subscription(member_id, subscription_id)


def subscription_view(subscription: Subscription) -> dict:
    from shop.points import plain_map

    return {
        "id": subscription.subscription_id,
        "item_id": subscription.item_id,
        "count": int(subscription.count),
        "used": int(subscription.used),
        "remaining": remaining(subscription),
        "cadence": subscription.cadence,
        "store": subscription.store_id,
        "window": subscription.window,
        "mode": subscription.mode,
        "starts_on": subscription.starts_on,
        "next_on": subscription.next_on if remaining(subscription) > 0 and not subscription.cancelled else None,
        "paused": bool(subscription.paused),
        "skips": list(subscription.skips),
        "recipient": plain_map(subscription.recipient) or None,
        "card_message": subscription.card_message,
        "family": bool(subscription.family),
    }


def sell(member_id: str, plan: Plan, price_fen: int, method: str, staff_id: str, store_id: str, key: str) -> dict:
    """A flower card sold at the counter: its sale (points on it, or paid from stored value) and
    the plan, each once for the clerk's key; the first period is booked by the daily job."""
    from shop.bookings import AddressNeeded, NotDeliverable
    from shop.catalog import get_item
    from shop.sales import Line, Sale, record_sale

    item = get_item(plan.item_id)
    if plan.mode == "delivery" and not item.deliverable:
        raise NotDeliverable()
    if plan.mode == "delivery" and not plan.recipient:
        raise AddressNeeded()
    name = f"{item.name_zh} {'亲情花卡' if plan.family else '花卡'} ×{plan.count}"
    sale = Sale(store_id, staff_id, (Line(item.kind, name, 1, price_fen),), method, member_id)
    receipt = record_sale(sale, f"subscription:{key}")
    return {"subscription": subscription_view(start(member_id, plan, receipt["id"])), "receipt": receipt}
