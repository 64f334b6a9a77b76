"""The counter: pricing a sale (tier discount, points as money off, the earning rules), recording
it exactly once, refunding it, and a manager's adjustments. Money is integer fen.

A sale's id is derived from the clerk and the request's idempotency key, so a replay, even after
its idempotency record has gone, meets the purchase already written and earns nothing more.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.booking_rules import load_booking_rules
from shop.clock import now
from shop.concurrency import with_retries
from shop.dates import business_day, next_occurrence, today
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.idempotency import KeyReused
from shop.points import (
    add_points,
    balance_of,
    draw_points,
    earned_tier,
    entry,
    expiry_for,
    lapse_points,
    ledger_entry,
    member_for_points,
    plain_map,
    review_due,
    take_back_points,
    tier_of,
)
from shop.reminders import points_lapse, points_notice
from shop.rules import LoyaltyRules, Tier, load_rules
from shop.stats import day_stats
from shop.tables import (
    Coupon,
    LedgerEntry,
    Member,
    Purchase,
    PurchaseLine,
    Reminder,
    StoreDayStats,
    transaction_connection,
)
from shop.winback import win_back_item


class TooMuchRedeemed(ShopError):
    code = "too_much_redeemed"
    message = N_("Points can pay for at most {percent}% of a sale.")


class RefundTooLarge(ShopError):
    code = "refund_too_large"
    message = N_("That is more than is left to refund on this sale.")


@dataclass(frozen=True)
class Line:
    category: str
    name: str
    quantity: int
    unit_fen: int

    @property
    def total_fen(self) -> int:
        return self.quantity * self.unit_fen


@dataclass(frozen=True)
class Sale:
    store_id: str
    staff_id: str
    lines: tuple[Line, ...]
    payment_method: str
    member_id: str | None = None
    redeem_points: int = 0
    note: str | None = None
    coupon: str | None = None  # a coupon's code
    for_occasion: bool = False  # a booking for an occasion (win-back waits for the next one)
    company_id: str | None = None  # an order on a company's account (月结): its discount, no points
    ordered_by: str | None = None  # the company's member who ordered it


@dataclass
class Quote:
    subtotal_fen: int
    discount_percent: int
    discount_fen: int
    redeem_points: int
    redeem_fen: int
    total_fen: int
    rules: list[dict] = field(default_factory=list)  # [{rule, points}]
    points: int = 0
    tier: str = "regular"
    coupon: dict | None = None  # {code, kind, name_zh, name_en, off_fen}


# --- pricing -------------------------------------------------------------------------------


def _birthday_month(member: Member, on: date) -> bool:
    if not member.birthday:
        return False
    b = member.birthday
    return (
        next_occurrence(b.calendar, int(b.month), int(b.day), bool(b.leap_month), after=on.replace(day=1)).month
        == on.month
    )


def _coupon_off(coupon: Coupon | None, goods_after_discount: int, delivery: int) -> int:
    """What a coupon takes off: money off the goods, or the delivery fee (up to its value; no
    value: the whole fee); a gift, an upgrade or a workshop seat is handed over, not priced."""
    if coupon is None:
        return 0
    value = int(coupon.value_fen)
    if coupon.kind == "money-off":
        return min(value, goods_after_discount)
    if coupon.kind == "free-delivery":
        return min(value, delivery) if value else delivery
    return 0


def quote(
    sale: Sale,
    member: Member | None,
    rules: LoyaltyRules,
    on: date,
    coupon: Coupon | None = None,
    company_percent: int | None = None,
) -> Quote:
    """Price a sale: the tier's discount on goods (not delivery), or a company's standing one,
    the coupon, points as money off (at most the set share), then the earning rules on what is
    paid for goods, each listed with its points."""
    subtotal = sum(line.total_fen for line in sale.lines)
    goods = sum(line.total_fen for line in sale.lines if line.category != "delivery-fee")
    tier = tier_of(member, rules, on) if member else None
    percent = tier.discount_percent if tier else company_percent or 0
    discount = goods * percent // 100
    off = _coupon_off(coupon, goods - discount, subtotal - goods)
    redeem_fen = sale.redeem_points * rules.fen_per_point
    if redeem_fen > (subtotal - discount - off) * rules.redeem_share_percent // 100:
        raise TooMuchRedeemed(percent=rules.redeem_share_percent)
    result = Quote(
        subtotal,
        percent,
        discount,
        sale.redeem_points,
        redeem_fen,
        subtotal - discount - off - redeem_fen,
        tier=tier.key if tier else "walk-in",
    )
    if coupon is not None:
        names = {"name_zh": coupon.name_zh, "name_en": coupon.name_en}
        result.coupon = {"code": coupon.code, "kind": coupon.kind, **names, "off_fen": off}
    if member is None:
        return result
    money_off = off if coupon is not None and coupon.kind == "money-off" else 0
    paid_goods = max(goods - discount - money_off - redeem_fen, 0)
    result.rules = earning_rules(sale, member, tier, rules, on, goods, paid_goods)
    result.points = sum(item["points"] for item in result.rules)
    from shop.campaigns import with_campaign_bonus  # a campaign's points offer, while its window is open

    return with_campaign_bonus(result, member, on)


def earning_rules(
    sale: Sale, member: Member, tier: Tier, rules: LoyaltyRules, on: date, goods: int, paid_goods: int
) -> list[dict]:
    """The points each rule gives on what is paid for goods: `[{rule, points, name_zh?, name_en?}]`."""
    base = paid_goods * rules.points_per_yuan // 100
    earned = [{"rule": "points per yuan", "points": base}]
    for category, multiplier in rules.category_multipliers.items():
        in_category = sum(line.total_fen for line in sale.lines if line.category == category)
        if multiplier > 1 and in_category and goods:
            share = in_category * paid_goods // goods
            points = int(share * rules.points_per_yuan * (multiplier - 1)) // 100
            earned.append({"rule": f"category:{category}", "points": points})
    if _birthday_month(member, on):
        earned.append({"rule": "birthday month", "points": int(base * (rules.birthday_month_multiplier - 1))})
    earned.append({"rule": f"tier:{tier.key}", "points": int(base * (tier.points_multiplier - 1))})
    if int(member.purchase_count) == 0:
        earned.append({"rule": "first purchase", "points": rules.first_purchase_bonus})
        if member.referred_by:
            earned.append({"rule": "referral", "points": rules.referral_bonus})
    for event in rules.events:
        if event.applies(on, tier.key, sale.store_id):
            names = {"name_zh": event.name_zh, "name_en": event.name_en}
            earned.append({"rule": "event", "points": int(base * (event.multiplier - 1)), **names})
    return [item for item in earned if item["points"] > 0]


def _coupon_for(sale: Sale, on: date) -> Coupon | None:
    from shop.rewards import usable_coupon

    return usable_coupon(sale.coupon, sale.member_id, on) if sale.coupon else None


def preview(sale: Sale) -> tuple[Quote, Member | None]:
    on = today()
    member = member_for_points(sale.member_id) if sale.member_id else None
    return quote(sale, member, load_rules(), on, _coupon_for(sale, on)), member


# --- recording ----------------------------------------------------------------------------


def derived_id(principal: str, key: str) -> str:
    return hashlib.sha256(f"{principal}:{key}".encode()).hexdigest()[:24]


def _fingerprint(sale: Sale) -> str:
    return hashlib.sha256(
        # a coupon counts only when there is one, so the sales recorded before coupons keep their fingerprints
        repr(
            (sale.member_id, sale.lines, sale.redeem_points, sale.payment_method, *filter(None, [sale.coupon]))
        ).encode()
    ).hexdigest()


def lapse_lines(member: Member, on: date) -> list:
    """Lapse what is due before any change, so an expired point is never spent."""
    buckets, lapsed = lapse_points(plain_map(member.buckets), on)
    member.buckets = buckets
    return [entry(member, f"lapse#{day}", "lapse", -points, reason="lapsed") for day, points in lapsed if points]


def credit_points(member: Member, points: int, on: date, rules: LoyaltyRules) -> list[Reminder]:
    """Add points (the debt first); a new bucket gets its lapse and its notice (decision 3)."""
    expires = expiry_for(on, rules.expiry)
    had = expires.isoformat() in plain_map(member.buckets)
    member.buckets, member.debt = add_points(plain_map(member.buckets), int(member.debt), points, expires)
    has = expires.isoformat() in plain_map(member.buckets)
    if had or not has:
        return []
    return [points_lapse(member.member_id, expires), points_notice(member.member_id, expires, rules.expiry)]


def _stats(store_id: str, day: date) -> StoreDayStats:
    return day_stats(store_id, day)


def _attribute(purchase: Purchase, member: Member | None, on: date) -> list:
    """A purchase within a campaign's window counts for its group (shop.campaigns)."""
    if member is None:
        return []
    from shop.campaigns import attribute_sale

    purchase.campaigns, counts = attribute_sale(member, int(purchase.total_fen), on)
    return counts


def _days_this_month(member: Member | None, on: date) -> int | None:
    """Days the member bought on earlier this month (None: not a new day, or no member)."""
    if member is None or on.isoformat() in member.purchase_days:
        return None
    return sum(1 for day in member.purchase_days if day[:7] == on.isoformat()[:7])


def _by_category(sale: Sale, total_fen: int) -> dict[str, int]:
    """The sale's total shared among its categories in proportion to their lines (discounts,
    coupons and points spread alike), so the categories add up to the total."""
    gross: dict[str, int] = {}
    for line in sale.lines:
        gross[line.category] = gross.get(line.category, 0) + line.quantity * line.unit_fen
    whole = sum(gross.values())
    if not whole:
        return {}
    shares = {category: total_fen * fen // whole for category, fen in gross.items()}
    largest = max(gross, key=lambda c: gross[c])
    shares[largest] += total_fen - sum(shares.values())
    return shares


def _sale_counts(sale: Sale, priced: Quote, member: Member | None, month_days: int | None, moved: int) -> list:
    """What a sale adds to its store's day (decision 4's sharded counters; the reports read them)."""
    actions = [
        StoreDayStats.sales_fen.add(priced.total_fen),
        StoreDayStats.purchases.add(1),
        StoreDayStats.members_served.add(1 if member else 0),
        StoreDayStats.points_issued.add(priced.points if member else 0),
        StoreDayStats.points_redeemed.add(priced.redeem_points),
        getattr(StoreDayStats, "paid_" + sale.payment_method.replace("-", "_")).add(priced.total_fen),
    ]
    for category, fen in _by_category(sale, priced.total_fen).items():
        actions.append(getattr(StoreDayStats, "sales_" + category.replace("-", "_")).add(fen))
    if month_days == 0:
        actions.append(StoreDayStats.active_members.add(1))
    if month_days == 1:
        actions.append(StoreDayStats.repeat_members.add(1))
    if moved:
        actions.append((StoreDayStats.tier_ups if moved > 0 else StoreDayStats.tier_downs).add(1))
    return actions


def record_sale(sale: Sale, key: str, source: str | None = None) -> dict:
    """Record a sale once for its (clerk, key): points, spend, summary, tier and the store's
    counters change in the same transaction as the purchase. `source` replaces the clerk in the
    sale's id where the sale belongs to something else (a booking completed by any clerk).

    The first try goes straight to the transaction, whose condition on the purchase id refuses
    a sale already written; any refusal or conflict is looked at again with the purchase read
    first, so a replay answers with its receipt (even when its coupon is used by now)."""
    purchase_id = derived_id(source or sale.staff_id, key)  # a booking's sale: one, whoever completes it
    fingerprint = _fingerprint(sale)

    def attempt(look_first: bool = True) -> dict:
        existing = _purchase(purchase_id) if look_first else None
        if existing is not None:
            if existing.fingerprint != fingerprint:
                raise KeyReused()
            return receipt(existing)
        on, rules = today(), load_rules()
        member = member_for_points(sale.member_id) if sale.member_id else None
        coupon = _coupon_for(sale, on)
        company = _company(sale.company_id) if sale.company_id else None
        priced = quote(sale, member, rules, on, coupon, int(company.discount_percent) if company else None)
        purchase = Purchase(
            purchase_id=purchase_id,
            member_id=sale.member_id,
            store_id=sale.store_id,
            staff_id=sale.staff_id,
            sold_at=now(),
            lines=[PurchaseLine(**asdict(line)) for line in sale.lines],
            payment_method=sale.payment_method,
            subtotal_fen=priced.subtotal_fen,
            discount_fen=priced.discount_fen,
            redeemed_points=priced.redeem_points,
            redeemed_fen=priced.redeem_fen,
            total_fen=priced.total_fen,
            points_earned=priced.points,
            note=sale.note,
            fingerprint=fingerprint,
            coupon=priced.coupon,
        )
        campaign_counts = _attribute(purchase, member, on)
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(purchase, condition=Purchase.purchase_id.does_not_exist())
            tier_before = tier_of(member, rules, on).key if member else None
            month_days = _days_this_month(member, on)  # before this sale: 0 is their first of the month
            if member is not None:
                for stats, actions in campaign_counts:
                    transaction.update(stats, actions=actions)
                _credit(transaction, member, sale, priced, purchase_id, rules, on)
            if coupon is not None:
                transaction.update(
                    coupon,
                    actions=[
                        Coupon.status.set("used"),
                        Coupon.used_at.set(now()),
                        Coupon.purchase_id.set(purchase_id),
                    ],
                    condition=Coupon.status == "issued",
                )
            if company is not None:
                from shop.companies import charge

                charge(transaction, company, priced.total_fen, purchase_id, sale, purchase.sold_at)
            moved = rules.rank(tier_of(member, rules, on).key) - rules.rank(tier_before) if member else 0
            transaction.update(_stats(sale.store_id, on), actions=_sale_counts(sale, priced, member, month_days, moved))
        result = receipt(purchase)
        if member is not None:
            tier_now = tier_of(member, rules, on).key
            result.update(
                balance=balance_of(plain_map(member.buckets), int(member.debt)),
                tier=tier_now,
                tier_changed=tier_now != tier_before,
            )
        return result

    try:
        return attempt(look_first=False)
    except (ShopError, TransactWriteError):
        return with_retries(attempt)


def _credit(
    transaction, member: Member, sale: Sale, priced: Quote, purchase_id: str, rules: LoyaltyRules, on: date
) -> None:
    """The member's side of a sale: lapse, redeem, earn, spend and summary, tier, ledger lines,
    and on a referred member's first purchase, the referrer's bonus."""
    lines = lapse_lines(member, on)
    reminders = []
    buckets, debt = plain_map(member.buckets), int(member.debt)
    if priced.redeem_points:
        buckets = draw_points(buckets, debt, priced.redeem_points)
        member.buckets = buckets
        lines.append(
            entry(
                member,
                f"redeem#{purchase_id}",
                "redeem",
                -priced.redeem_points,
                reason="points as money off",
                purchase_id=purchase_id,
            )
        )
    if priced.points:
        reminders += credit_points(member, priced.points, on, rules)
        lines.append(
            entry(
                member,
                f"earn#{purchase_id}",
                "earn",
                priced.points,
                reason="purchase",
                purchase_id=purchase_id,
                rules=priced.rules,
            )
        )
    _summarise(member, sale, priced, on)
    reminders.append(win_back_item(member, rules))
    member.categories = sorted({*member.categories, *(line.category for line in sale.lines)})
    if any(line.category == "potted-plant" for line in sale.lines):
        from shop.plants import plants_bought  # a potted plant matched to a care guide is kept

        reminders += plants_bought(member, sale.lines, purchase_id, on)
    member.tier = earned_tier(member, rules, on).key
    if rules.yearly_review and review_due(member, on):
        member.tier_reviewed_on = on.isoformat()
    if any(item["rule"] == "referral" for item in priced.rules):
        reminders += _credit_referrer(transaction, member, on, rules)
    if sale.payment_method == "stored-value":
        from shop.wallet import draw

        draw(
            transaction,
            member,
            priced.total_fen,
            f"sale#{purchase_id}",
            purchase_id=purchase_id,
            staff_id=sale.staff_id,
            store_id=sale.store_id,
        )
    transaction.save(member, condition=Member.erased_at.does_not_exist())
    for line in lines:
        transaction.save(line, condition=LedgerEntry.source.does_not_exist())
    for item in reminders:
        transaction.save(item)


def _summarise(member: Member, sale: Sale, priced: Quote, on: date) -> None:
    """The member's summary that tiers, tags and segments read: spend by month, purchases, the
    first purchase, categories, the days they bought on, the festivals they bought for."""
    month = on.isoformat()[:7]
    spend = plain_map(member.spend_by_month)
    spend[month] = int(spend.get(month, 0)) + priced.total_fen
    member.spend_by_month = spend
    if not member.first_purchase_day:
        member.first_purchase_day, member.first_purchase_fen = on.isoformat(), priced.total_fen
    member.purchase_count = int(member.purchase_count) + 1
    counts = plain_map(member.category_counts)
    for category in {line.category for line in sale.lines}:
        counts[category] = int(counts.get(category, 0)) + 1
    member.category_counts = counts
    peak = load_booking_rules(sale.store_id).peak_on(on)
    if peak is not None:
        member.festivals = {*(member.festivals or ()), f"{peak.key}#{on.year}"}
    member.last_purchase_day = on.isoformat()
    member.purchase_days = sorted({*member.purchase_days, on.isoformat()})[-12:]
    member.occasion_purchases = int(member.occasion_purchases) + int(sale.for_occasion)


def _credit_referrer(transaction, friend: Member, on: date, rules: LoyaltyRules) -> list[Reminder]:
    """The referrer's side of the bonus, keyed by the friend: given once, whatever happens."""
    try:
        referrer = member_for_points(friend.referred_by)
    except NotFound:
        return []  # the referrer has left: the friend still gets their side
    lines = lapse_lines(referrer, on)
    reminders = credit_points(referrer, rules.referral_bonus, on, rules)
    lines.append(entry(referrer, f"referral#{friend.member_id}", "referral", rules.referral_bonus, reason="referral"))
    transaction.save(referrer, condition=Member.erased_at.does_not_exist())
    for line in lines:
        transaction.save(line, condition=LedgerEntry.source.does_not_exist())
    return reminders


def _company(company_id: str):
    from shop.companies import get_company

    return get_company(company_id)


def _purchase(purchase_id: str) -> Purchase | None:
    try:
        return Purchase.get(purchase_id, consistent_read=True)
    except DoesNotExist:
        return None


def receipt(purchase: Purchase) -> dict:
    """What the counter shows and prints: no name, no contact (it may be cached for replays)."""
    return {
        "id": purchase.purchase_id,
        "member_id": purchase.member_id,
        "store_id": purchase.store_id,
        "sold_at": purchase.sold_at.isoformat(),
        "lines": [
            {
                "category": line.category,
                "name": line.name,
                "quantity": int(line.quantity),
                "unit_fen": int(line.unit_fen),
            }
            for line in purchase.lines
        ],
        "payment_method": purchase.payment_method,
        "subtotal_fen": int(purchase.subtotal_fen),
        "discount_fen": int(purchase.discount_fen),
        "redeemed_points": int(purchase.redeemed_points),
        "redeemed_fen": int(purchase.redeemed_fen),
        "total_fen": int(purchase.total_fen),
        "points_earned": int(purchase.points_earned),
        "refunded_fen": int(purchase.refunded_fen),
        "note": purchase.note,
        "coupon": plain_map(purchase.coupon) or None,
    }


def get_receipt(purchase_id: str) -> dict:
    purchase = _purchase(purchase_id)
    if purchase is None:
        raise NotFound()
    return receipt(purchase)


# --- refunds and adjustments ---------------------------------------------------------------


def refund(purchase_id: str, amount_fen: int, reason: str, staff_id: str, store_id: str | None, key: str) -> dict:
    """Take back points in proportion to the amount refunded, never more than the sale earned,
    from the buckets or as debt if they were spent; the spend for tiers drops with it."""
    refund_id = derived_id(staff_id, f"refund:{key}")

    def attempt() -> dict:
        purchase = _purchase(purchase_id)
        if purchase is None:
            raise NotFound()
        member = member_for_points(purchase.member_id) if purchase.member_id else None
        if member is not None and ledger_entry(member.member_id, f"refund#{refund_id}") is not None:
            return {"refund_id": refund_id, "points_taken": 0, "purchase": receipt(purchase), "replayed": True}
        refunded, total = int(purchase.refunded_fen), int(purchase.total_fen)
        if amount_fen <= 0 or refunded + amount_fen > total:
            raise RefundTooLarge()
        earned, taken = int(purchase.points_earned), int(purchase.points_taken_back)
        owed = min(earned, earned * (refunded + amount_fen) // total) - taken if total else 0
        with TransactWrite(connection=transaction_connection()) as transaction:
            purchase.refunded_fen = refunded + amount_fen
            purchase.points_taken_back = taken + owed
            transaction.save(purchase, condition=Purchase.refunded_fen == refunded)
            if member is not None:
                for lapsed in lapse_lines(member, today()):  # lapse first, as every change does
                    transaction.save(lapsed, condition=LedgerEntry.source.does_not_exist())
                buckets, debt = take_back_points(plain_map(member.buckets), int(member.debt), owed)
                member.buckets, member.debt = buckets, debt
                month = business_day(purchase.sold_at).isoformat()[:7]
                spend = plain_map(member.spend_by_month)
                spend[month] = max(int(spend.get(month, 0)) - amount_fen, 0)
                member.spend_by_month = spend
                if purchase.payment_method == "stored-value":
                    from shop.wallet import give_back

                    give_back(transaction, member, purchase_id, refunded, amount_fen, refund_id)
                transaction.save(member, condition=Member.erased_at.does_not_exist())
                transaction.save(
                    entry(member, f"refund#{refund_id}", "refund", -owed, reason=reason, purchase_id=purchase_id),
                    condition=LedgerEntry.source.does_not_exist(),
                )
            transaction.update(
                _stats(purchase.store_id, today()),
                actions=[
                    StoreDayStats.sales_fen.add(-amount_fen),
                    StoreDayStats.refunded_fen.add(amount_fen),
                    StoreDayStats.points_issued.add(-owed if member else 0),
                ],
            )
            from shop.campaigns import attribute_refund

            attribute_refund(transaction, purchase.campaigns, amount_fen)
            transaction.save(
                audit_entry(
                    f"purchase#{purchase_id}",
                    "purchase.refunded",
                    f"staff#{staff_id}",
                    store_id,
                    amount_fen=amount_fen,
                    points=owed,
                )
            )
        result = {"refund_id": refund_id, "points_taken": owed, "purchase": receipt(purchase), "replayed": False}
        if member is not None:
            result["balance"] = balance_of(plain_map(member.buckets), int(member.debt))
        return result

    return with_retries(attempt)


def adjust(member_id: str, points: int, reason: str, staff_id: str, store_id: str | None) -> dict:
    """A manager's adjustment, shown to the member with its reason; a deduction cannot overdraw."""
    source = f"adjust#{uuid.uuid4().hex[:16]}"

    def attempt() -> dict:
        on, rules = today(), load_rules()
        member = member_for_points(member_id)
        lines, reminders = lapse_lines(member, on), []
        if points >= 0:
            reminders = credit_points(member, points, on, rules)
        else:
            member.buckets = draw_points(plain_map(member.buckets), int(member.debt), -points)
        lines.append(entry(member, source, "adjust", points, reason=reason))
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            for line in lines:
                transaction.save(line, condition=LedgerEntry.source.does_not_exist())
            for item in reminders:
                transaction.save(item)
            transaction.save(
                audit_entry(f"member#{member_id}", "points.adjusted", f"staff#{staff_id}", store_id, points=points)
            )
        return {"balance": balance_of(plain_map(member.buckets), int(member.debt))}

    return with_retries(attempt)


def lapse_due(member_id: str) -> int:
    """Lapse a member's due buckets with their ledger lines (the daily job's step); returns points."""

    def attempt() -> int:
        member = member_for_points(member_id)
        lines = lapse_lines(member, today())
        if not lines:
            return 0
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            for line in lines:
                transaction.save(line, condition=LedgerEntry.source.does_not_exist())
        return -sum(int(line.points) for line in lines)

    return with_retries(attempt)
