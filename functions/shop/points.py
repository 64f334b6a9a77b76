"""Points: a ledger plus expiry buckets (decision 4), and the tiers that follow spend.

The member item holds the spendable points as a map of expiry day -> points and a `debt` for
points a refund took back after they were spent; the balance is `sum(buckets) - debt`. Every
movement is a Ledger entry keyed by its source, written with attribute_not_exists in the same
transaction that changes the member (conditional on the version it read): a source moves points
once, and a conflict is re-read and retried, never lost or doubled.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from pynamodb.exceptions import DoesNotExist

from shop.clock import now
from shop.dates import today
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.rules import LoyaltyRules, Tier
from shop.tables import LedgerEntry, Member


class NotEnoughPoints(ShopError):
    code = "not_enough_points"
    message = N_("Not enough points.")


def plain_map(value) -> dict:
    """A raw map attribute as a dict, whether loaded (MapAttribute) or just assigned (dict)."""
    if value is None:
        return {}
    return dict(value.as_dict()) if hasattr(value, "as_dict") else dict(value)


# --- buckets: pure functions, the same in the engine and in the tests' model ------------------


def expiry_for(earned: date, policy: str) -> date:
    """年度清零: points earned in a year lapse at the end of the following year; or, the
    alternative, at the end of the month twelve months on."""
    if policy == "end-of-next-year":
        return date(earned.year + 1, 12, 31)
    year, month = earned.year + 1, earned.month
    return date(year, month, calendar.monthrange(year, month)[1])


def balance_of(buckets: dict, debt: int) -> int:
    return sum(int(points) for points in buckets.values()) - int(debt)


def add_points(buckets: dict, debt: int, points: int, expires: date) -> tuple[dict, int]:
    """New points pay the debt first; the rest go into their expiry bucket."""
    paid = min(debt, points)
    buckets = dict(buckets)
    if points - paid:
        key = expires.isoformat()
        buckets[key] = int(buckets.get(key, 0)) + points - paid
    return buckets, debt - paid


def draw_points(buckets: dict, debt: int, points: int) -> dict:
    """Spend points, oldest bucket first; a shortage (or any debt) refuses the whole draw."""
    if debt > 0 or balance_of(buckets, 0) < points:
        raise NotEnoughPoints()
    buckets, left = dict(buckets), points
    for key in sorted(buckets):
        used = min(int(buckets[key]), left)
        buckets[key] = int(buckets[key]) - used
        left -= used
    return {key: value for key, value in buckets.items() if value}


def take_back_points(buckets: dict, debt: int, points: int) -> tuple[dict, int]:
    """Take points back (a refund): from the newest buckets first, the rest as debt."""
    buckets, left = dict(buckets), points
    for key in sorted(buckets, reverse=True):
        taken = min(int(buckets[key]), left)
        buckets[key] = int(buckets[key]) - taken
        left -= taken
    return {key: value for key, value in buckets.items() if value}, debt + left


def lapse_points(buckets: dict, on: date) -> tuple[dict, list[tuple[str, int]]]:
    """Buckets whose expiry day has passed lapse whole."""
    lapsed = [(key, int(points)) for key, points in sorted(buckets.items()) if key < on.isoformat()]
    return {key: v for key, v in buckets.items() if key >= on.isoformat()}, lapsed


def live_buckets(member: Member, on: date) -> dict[str, int]:
    """The buckets as of a day: those past their expiry no longer count (the daily job and the
    next change write their ledger lines)."""
    return lapse_points({k: int(v) for k, v in plain_map(member.buckets).items()}, on)[0]


def live_balance(member: Member, on: date) -> int:
    return balance_of(live_buckets(member, on), int(member.debt))


def lapse_reminder(buckets: dict, policy: str, on: date) -> dict | None:
    """The reminder item: from 1 December for points lapsing at the year's end (年度清零), or
    30 days ahead under the twelve-month policy."""
    if not buckets:
        return None
    soonest = min(buckets)
    expires = date.fromisoformat(soonest)
    days = (expires - on).days
    due = on >= date(expires.year, 12, 1) if policy == "end-of-next-year" else days <= 30
    return {"expires_on": soonest, "points": int(buckets[soonest]), "days": days} if due else None


# --- tiers ------------------------------------------------------------------------------------


def spend_in_months(member: Member, on: date, first: int = 0, last: int = 11) -> int:
    """Spend (fen) over the months `first`..`last` before `on`'s (0 is its own month): by default
    the rolling 12 months that decide the tier."""
    index = on.year * 12 + on.month - 1
    months = {f"{(index - back) // 12}-{(index - back) % 12 + 1:02d}" for back in range(first, last + 1)}
    return sum(int(fen) for month, fen in plain_map(member.spend_by_month).items() if month in months)


def tier_of(member: Member, rules: LoyaltyRules, on: date) -> Tier:
    """The tier that applies: a manager's, until its end date; otherwise the earned one."""
    override = plain_map(member.tier_override) or None
    if override and override.get("until", "") >= on.isoformat():
        return rules.tier(override["tier"])
    return earned_tier(member, rules, on)


def earned_tier(member: Member, rules: LoyaltyRules, on: date) -> Tier:
    """Spend decides: upward at once, downward only at a yearly review when that is turned on
    (保级 by default)."""
    earned = rules.tier_for_spend(spend_in_months(member, on))
    held = rules.tier(member.tier or "regular")
    if rules.rank(earned.key) >= rules.rank(held.key):
        return earned
    return earned if rules.yearly_review and review_due(member, on) else held


def review_due(member: Member, on: date) -> bool:
    """A yearly review falls a year after the last one (or after joining)."""
    reviewed = date.fromisoformat(member.tier_reviewed_on or member.joined_at.date().isoformat())
    return reviewed.replace(year=reviewed.year + 1, day=min(reviewed.day, 28)) <= on


# --- reading ------------------------------------------------------------------------------


@dataclass
class PointsSummary:
    balance: int
    debt: int
    buckets: list[dict]
    lapsing_soon: dict | None
    tier: Tier
    spend_fen: int
    next_tier: Tier | None
    history: list[dict] = field(default_factory=list)


def summary(member: Member, rules: LoyaltyRules, with_history: bool = False) -> PointsSummary:
    on = today()
    buckets = live_buckets(member, on)
    tier = tier_of(member, rules, on)
    spend = spend_in_months(member, on)
    higher = sorted((t for t in rules.tiers if t.spend_fen > tier.spend_fen), key=lambda t: t.spend_fen)
    soonest = min(buckets) if buckets else None
    history = []
    if with_history:
        entries = LedgerEntry.query(member.member_id, scan_index_forward=False, limit=200)
        history = sorted(
            (
                {
                    "at": e.at.isoformat(),
                    "kind": e.kind,
                    "points": int(e.points),
                    "reason": e.reason,
                    "purchase_id": e.purchase_id,
                    "rules": [plain_map(r) for r in e.rules],
                    "balance_after": int(e.balance_after),
                }
                for e in entries
            ),
            key=lambda line: line["at"],
            reverse=True,
        )
    return PointsSummary(
        balance=balance_of(buckets, int(member.debt)),
        debt=int(member.debt),
        buckets=[{"expires_on": k, "points": v} for k, v in sorted(buckets.items())],
        lapsing_soon={"expires_on": soonest, "points": buckets[soonest]} if soonest else None,
        tier=tier,
        spend_fen=spend,
        next_tier=higher[0] if higher else None,
        history=history,
    )


def ledger_entry(member_id: str, source: str) -> LedgerEntry | None:
    try:
        return LedgerEntry.get(member_id, source, consistent_read=True)
    except DoesNotExist:
        return None


def member_for_points(member_id: str) -> Member:
    """A member staff or the counter may act on: one that exists and is not erased (else 404)."""
    try:
        member = Member.get(member_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error
    if member.erased_at is not None:
        raise NotFound()
    return member


def entry(
    member: Member,
    source: str,
    kind: str,
    points: int,
    reason: str | None = None,
    purchase_id: str | None = None,
    rules: list | None = None,
) -> LedgerEntry:
    return LedgerEntry(
        member_id=member.member_id,
        source=source,
        at=now(),
        kind=kind,
        points=points,
        reason=reason,
        purchase_id=purchase_id,
        rules=rules or [],
        balance_after=balance_of(plain_map(member.buckets), int(member.debt)),
    )


def set_tier(member_id: str, tier: str, reason: str, until: date, actor: str, actor_store: str | None) -> None:
    """A manager's tier for a member, with a reason, held until its end date (audited)."""
    from pynamodb.transactions import TransactWrite

    from shop.audit import audit_entry
    from shop.concurrency import with_retries
    from shop.tables import transaction_connection

    def attempt() -> None:
        member = member_for_points(member_id)
        # The earned tier (`member.tier`) stays as it is: when the override ends, it applies again.
        member.tier_override = {"tier": tier, "reason": reason, "until": until.isoformat(), "by": actor}
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(
                audit_entry(f"member#{member_id}", "tier.set", actor, actor_store, tier=tier, until=until.isoformat())
            )

    with_retries(attempt)


def points_view(member: Member, rules: LoyaltyRules, lang: str, with_history: bool = False) -> dict:
    """What a member (and the card) shows: balance, what lapses soon, tier and progress, history."""
    found = summary(member, rules, with_history)
    name = lambda t: t.name_zh if lang == "zh" else t.name_en
    view = {
        "balance": found.balance,
        "debt": found.debt,
        "buckets": found.buckets,
        "lapsing_soon": found.lapsing_soon,
        "tier": {"key": found.tier.key, "name": name(found.tier), "discount_percent": found.tier.discount_percent},
        "spend_fen": found.spend_fen,
        "next_tier": None
        if found.next_tier is None
        else {
            "key": found.next_tier.key,
            "name": name(found.next_tier),
            "remaining_fen": max(found.next_tier.spend_fen - found.spend_fen, 0),
        },
        "fen_per_point": rules.fen_per_point,
        "lapse_reminder": lapse_reminder({b["expires_on"]: b["points"] for b in found.buckets}, rules.expiry, today()),
    }
    if with_history:
        view["history"] = found.history
    return view
