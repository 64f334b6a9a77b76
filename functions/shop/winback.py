"""Win-back: each member is expected back on their own rhythm (the median gap between their
purchase days); one who buys only for occasions is expected at their next date in the notebook.
A purchase moves the member's win-back item (decision 3); when it falls due, they are late."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from itertools import pairwise

from shop.rules import LoyaltyRules
from shop.tables import Member, Occasion, Reminder


def expected_back(member: Member, rules: LoyaltyRules) -> date:
    """When the member is late: after their usual gap and a margin of half of it (two weeks at
    least); after a single purchase, the set number of days (90 by default)."""
    days = sorted(date.fromisoformat(day) for day in member.purchase_days)
    last = days[-1]
    if int(member.occasion_purchases) and int(member.occasion_purchases) >= int(member.purchase_count):
        coming = [date.fromisoformat(o.next_on) for o in Occasion.query(member.member_id) if not o.paused]
        upcoming = [day for day in coming if day > last]
        if upcoming:
            return min(upcoming) + timedelta(days=14)  # expected at their next occasion, not every 90 days
    if len(days) < 2:
        return last + timedelta(days=rules.winback_single_purchase_days)
    gap = statistics.median((later - earlier).days for earlier, later in pairwise(days))
    return last + timedelta(days=int(gap) + max(14, int(gap) // 2))


def win_back_item(member: Member, rules: LoyaltyRules) -> Reminder:
    """The member's one win-back item: each purchase puts it again, due on the new late day."""
    from shop.reminders import reminder

    return reminder("win-back", member.member_id, "member", expected_back(member, rules))
