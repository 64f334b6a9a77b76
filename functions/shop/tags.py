"""Who a member is to the shop, in a word: the automatic tags, computed from the member's summary
fields and the date (so they follow every sale, booking and passing day without a stored copy
to go stale), each with a one-line reason; and the tags staff add by hand.

The thresholds are the shop's (`LoyaltyRules.tags`); the edges are inclusive where the words say
"at least" and "within".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from statistics import median

from shop.errors import ShopError
from shop.i18n import N_, Lang, translate
from shop.points import plain_map, spend_in_months
from shop.rules import TagRules
from shop.tables import Member

AUTOMATIC = (
    "high-value",
    "promising",
    "new",
    "drifting",
    "sleeping",
    "festival-buyer",
    "plant-lover",
    "corporate",
    "stored-value",
)
NAMES = {
    "high-value": N_("high value"),
    "promising": N_("promising"),
    "new": N_("new"),
    "drifting": N_("drifting"),
    "sleeping": N_("sleeping"),
    "festival-buyer": N_("festival buyer"),
    "plant-lover": N_("plant lover"),
    "corporate": N_("corporate"),
    "stored-value": N_("stored-value holder"),
}
MOST_TAGS, LONGEST_TAG = 12, 12


@dataclass(frozen=True)
class Tag:
    key: str
    reason: str  # an English message id; `words` fills it
    words: dict

    def view(self, lang: Lang) -> dict:
        return {"key": self.key, "name": translate(lang, NAMES[self.key]), "reason": self.reason_in(lang)}

    def reason_in(self, lang: Lang) -> str:
        return translate(lang, self.reason, **self.words)


def _yuan(fen: int) -> int:
    return int(fen) // 100


def _days_since(day: str | None, on: date) -> int | None:
    return (on - date.fromisoformat(day)).days if day else None


def automatic_tags(member: Member, on: date, rules: TagRules, corporate: set[str] = frozenset()) -> list[Tag]:
    """The automatic tags that apply on `on`, in the order of AUTOMATIC."""
    tags = []
    year = spend_in_months(member, on, 0, 11)
    if year >= rules.high_value_fen:
        tags.append(Tag("high-value", N_("Spent {yuan} yuan in the last 12 months."), {"yuan": _yuan(year)}))
    tags += _promising(member, on, rules)
    joined = (on - member.joined_at.date()).days
    if joined <= rules.new_days:
        tags.append(Tag("new", N_("Joined {days} days ago."), {"days": joined}))
    since = _days_since(member.last_purchase_day, on)
    drifting = _drifting(member, on, rules, since)
    if drifting:
        tags.append(drifting)
    if since is not None and since >= rules.sleeping_days:
        tags.append(Tag("sleeping", N_("Nothing bought for {days} days."), {"days": since}))
    elif since is None and joined >= rules.sleeping_days:
        tags.append(Tag("sleeping", N_("Joined {days} days ago and has bought nothing."), {"days": joined}))
    festivals = sorted(member.festivals or ())
    if festivals:
        tags.append(Tag("festival-buyer", N_("Bought for {count} festivals."), {"count": len(festivals)}))
    potted = int(plain_map(member.category_counts).get("potted-plant", 0))
    if potted >= rules.plant_lover_purchases:
        tags.append(Tag("plant-lover", N_("Bought potted plants {count} times."), {"count": potted}))
    if member.member_id in corporate:
        tags.append(Tag("corporate", N_("Orders on a company's account."), {}))
    held = int(member.wallet_principal) + int(member.wallet_bonus)
    if held > 0:
        tags.append(Tag("stored-value", N_("Holds {yuan} yuan of stored value."), {"yuan": _yuan(held)}))
    return tags


def _promising(member: Member, on: date, rules: TagRules) -> list[Tag]:
    first = _days_since(member.first_purchase_day, on)
    if first is not None and first <= rules.promising_first_days:
        if int(member.first_purchase_fen or 0) >= rules.promising_first_fen:
            words = {"yuan": _yuan(member.first_purchase_fen or 0), "days": first}
            return [Tag("promising", N_("First purchase of {yuan} yuan {days} days ago."), words)]
        return []
    recent, before = spend_in_months(member, on, 0, 5), spend_in_months(member, on, 6, 11)
    if before > 0 and recent * 100 >= before * (100 + rules.promising_rise_percent) and recent > before:
        words = {"recent": _yuan(recent), "before": _yuan(before)}
        return [Tag("promising", N_("Spent {recent} yuan in 6 months, up from {before} yuan."), words)]
    return []


def usual_gap(member: Member) -> float | None:
    """Their rhythm: the median number of days between their recent purchase days."""
    days = sorted(date.fromisoformat(day) for day in member.purchase_days or [])
    gaps = [(later - earlier).days for earlier, later in pairwise(days)]
    return median(gaps) if gaps else None


def _drifting(member: Member, on: date, rules: TagRules, since: int | None) -> Tag | None:
    if since is None or since >= rules.sleeping_days or len(member.purchase_days or []) < rules.drifting_purchases:
        return None
    gap = usual_gap(member)
    if gap is None or since < gap * rules.drifting_factor:
        return None
    return Tag(
        "drifting",
        N_("Usually back every {gap} days; {days} days since the last visit."),
        {
            "gap": round(gap),
            "days": since,
        },
    )


def keys_of(member: Member, on: date, rules: TagRules, corporate: set[str] = frozenset()) -> set[str]:
    """Every tag a member has: the automatic ones and staff's own."""
    return {tag.key for tag in automatic_tags(member, on, rules, corporate)} | set(member.tags or [])


def corporate_members() -> set[str]:
    """Members on a company's list of who may order on its account (one Query)."""
    from shop.tables import Company

    return {member_id for company in Company.query("chain") for member_id in company.members}


# --- staff's own tags ------------------------------------------------------------------------


class TooManyTags(ShopError):
    code = "too_many_tags"
    message = N_("A member can have at most 12 tags of your own: remove one first.")


def normal_tag(text: str) -> str:
    return " ".join(text.split())[:LONGEST_TAG]


def set_tags(member_id: str, tags: list[str], actor: str, actor_store: str | None) -> list[str]:
    """Staff's own tags on a member, replaced as a whole (the same tag twice is kept once)."""
    wanted = list(dict.fromkeys(normal_tag(tag) for tag in tags if normal_tag(tag)))
    if len(wanted) > MOST_TAGS:
        raise TooManyTags()
    return _change_tags(member_id, wanted, actor, actor_store)


def _change_tags(member_id: str, wanted: list[str], actor: str, actor_store: str | None) -> list[str]:
    from pynamodb.transactions import TransactWrite

    from shop.audit import audit_entry
    from shop.concurrency import with_retries
    from shop.points import member_for_points
    from shop.tables import transaction_connection

    def attempt() -> list[str]:
        member = member_for_points(member_id)
        if wanted == list(member.tags or []):
            return wanted
        member.tags = wanted
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(audit_entry(f"member#{member_id}", "member.tagged", actor, actor_store, tags=wanted))
        return wanted

    return with_retries(attempt)
