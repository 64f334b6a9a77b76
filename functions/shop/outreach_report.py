"""What managers see of the outreach: today's plan (who is due, why, by which channel, held out
or not), the sent log of a day, and each automated kind measured against its holdout (decision
10): the share who bought within the attribution window, contacted and held out side by side,
with a 95% interval on the difference; too few to conclude is said plainly."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from shop.outreach import HOLDOUT_KINDS, MARKETING_CAP, capped, channel_for, held_out, holdout_share, sent_lately
from shop.reminders import due_on, subject_of
from shop.tables import Member, Message

SERVICE = {"booking-reminder"}
SILENT = {"points-lapse", "booking-hold", "subscription", "employee-birthday", "campaign"}  # no message of their own
ATTRIBUTION_DAYS = 14
ENOUGH = 30  # in each group, before an interval means anything


def live_member(member_id: str) -> Member | None:
    try:
        member = Member.get(member_id)
    except DoesNotExist:
        return None
    return None if member.erased_at is not None else member


def plan(days: list[date], moment: datetime, holdouts: dict[str, int]) -> list[dict]:
    """What is due on these days and what each member would be sent: read only."""
    rows = []
    for day in days:
        for item in due_on(day):
            row = {"day": day.isoformat(), "kind": item.kind, "about": subject_of(item), "member": None}
            member = None if item.kind in SILENT else live_member(item.member_id)
            if member is not None:
                row["member"] = {"id": member.member_id, "name": member.salutation or member.name}
            row["decision"] = _decision(item.kind, member, moment, holdouts)
            rows.append(row)
    return rows


def _decision(kind: str, member: Member | None, moment: datetime, holdouts: dict[str, int]) -> str:
    if kind in SILENT:
        return "no-message"
    if member is None:  # a booking taken by phone for someone who is not a member: their phone
        return "send-sms" if kind in SERVICE else "nobody"
    marketing = kind not in SERVICE
    chosen = channel_for(member, marketing)
    if chosen is None:
        return "skip-no-consent"
    if held_out(member.member_id, HOLDOUT_KINDS.get(kind, ""), holdout_share(kind, holdouts)):
        return "held-out"
    if marketing and capped(kind) and sent_lately(member.member_id, moment) >= MARKETING_CAP:
        return "skip-cap"
    return f"send-{chosen[0]}"


def sent_log(day: date) -> list[dict]:
    return [
        {
            "at": message.claimed_at.isoformat(),
            "member_id": message.member_id,
            "reason": message.reason,
            "kind": message.reason.split(":")[0],
            "channel": message.channel,
            "status": message.status,
            "why": message.why,
        }
        for message in Message.by_day.query(day.isoformat())
    ]


def bought_within_window(member: Member | None, decided: date) -> bool:
    """A purchase within the attribution window after the message (or its holdout) was decided."""
    if member is None:
        return False
    window = (decided.isoformat(), (decided + timedelta(days=ATTRIBUTION_DAYS)).isoformat())
    return any(window[0] <= day <= window[1] for day in member.purchase_days)


def holdout_report(kind: str, first: date, last: date) -> dict:
    """Contacted against held out for one automated kind, over the days its messages were decided."""
    groups = {"contacted": [0, 0], "held_out": [0, 0]}
    day = first
    while day <= last:
        for message in Message.by_day.query(day.isoformat()):
            if message.reason.split(":")[0] != kind:
                continue
            group = "held_out" if message.why == "held-out" else "contacted" if message.status == "sent" else None
            if group:
                groups[group][0] += 1
                groups[group][1] += int(bought_within_window(live_member(message.member_id), day))
        day += timedelta(days=1)
    result = compare(*groups["contacted"], *groups["held_out"])
    return {"kind": kind, **result}


def compare(n1: int, c1: int, n2: int, c2: int) -> dict:
    """Contacted (n1 members, c1 converted) against held out (n2, c2): each group's rate, the
    uplift (the difference of the two proportions) and its 95% interval (Wald, unpooled); with
    fewer than ENOUGH in either group the interval is shown but `enough` says not to conclude."""
    result = {
        "contacted": {"n": n1, "converted": c1, "rate": c1 / n1 if n1 else None},
        "held_out": {"n": n2, "converted": c2, "rate": c2 / n2 if n2 else None},
        "uplift": None,
        "interval": None,
        "enough": n1 >= ENOUGH and n2 >= ENOUGH,
    }
    if n1 and n2:
        p1, p2 = c1 / n1, c2 / n2
        spread = 1.96 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        result["uplift"] = p1 - p2
        result["interval"] = [p1 - p2 - spread, p1 - p2 + spread]
    return result
