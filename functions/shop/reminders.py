"""Everything scheduled is a Reminders item with a due day (decision 3), in a sparse index keyed
`<day>#<shard>`: the daily job reads only the partitions of the days due, and an item done
leaves the index. The shard comes from the member, so putting the same item twice is harmless."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist

from shop.clock import now
from shop.tables import DailyRun, Reminder

SHARDS = 4
FIRST_RUN_LOOKBACK_DAYS = 31  # a first run also picks up what fell due shortly before it


def _shard(member_id: str) -> int:
    return int(hashlib.sha256(member_id.encode()).hexdigest()[:8], 16) % SHARDS


def reminder(kind: str, member_id: str, what: str, due_on: date) -> Reminder:
    return Reminder(
        reminder_id=f"{kind}#{member_id}#{what}",
        kind=kind,
        member_id=member_id,
        due_on=due_on.isoformat(),
        due_key=f"{due_on.isoformat()}#{_shard(member_id)}",
    )


def points_lapse(member_id: str, expires_on: date) -> Reminder:
    """A bucket's lapse: due the day after its last day."""
    return reminder("points-lapse", member_id, expires_on.isoformat(), expires_on + timedelta(days=1))


def points_notice(member_id: str, expires_on: date, policy: str) -> Reminder:
    """The reminder item of a bucket about to lapse: 1 December for 年度清零, else 30 days ahead."""
    due = date(expires_on.year, 12, 1) if policy == "end-of-next-year" else expires_on - timedelta(days=30)
    return reminder("points-notice", member_id, expires_on.isoformat(), due)


def due_on(day: date) -> Iterator[Reminder]:
    for shard in range(SHARDS):
        yield from Reminder.by_due.query(f"{day.isoformat()}#{shard}")


def mark_done(item: Reminder) -> None:
    item.update(actions=[Reminder.due_key.remove(), Reminder.done_at.set(now())])


def days_to_run(today: date) -> list[date]:
    """The days the next run works through: from the day after the last finished one to today."""
    try:
        last = date.fromisoformat(DailyRun.get("run#daily", consistent_read=True).last_day)
    except DoesNotExist:
        last = today - timedelta(days=FIRST_RUN_LOOKBACK_DAYS + 1)
    return [last + timedelta(days=n) for n in range(1, (today - last).days + 1)]


def run_daily(today: date, handlers: dict[str, Callable[[Reminder], None]], progress=None) -> dict:
    """Work through every day from the last finished run (or a month back) to today; each due
    item is handled, then leaves the index (unless its handler answers False: not yet). Handlers
    are idempotent (a crash between handling and marking done repeats the handling, which
    changes nothing the second time; a message is claimed on its item before it is sent)."""
    days = days_to_run(today)
    counts: dict[str, int] = {}
    waiting = False
    for day in days:
        for item in due_on(day):
            if handlers[item.kind](item) is False:
                waiting = True  # this day is not finished: the next run looks at it again
                continue
            mark_done(item)
            counts[item.kind] = counts.get(item.kind, 0) + 1
            if progress:
                progress(item)
        if not waiting:
            DailyRun(reminder_id="run#daily", last_day=day.isoformat(), finished_at=now()).save()
    first = days[0] if days else today + timedelta(days=1)
    return {"from": first.isoformat(), "to": today.isoformat(), "done": counts}


def subject_of(item: Reminder) -> str:
    """What the item is about: the last part of its id (a bucket's day, a booking's id)."""
    return item.reminder_id.rsplit("#", 1)[1]


def claim(item: Reminder) -> bool:
    """Claim an item before sending its message: only one run can, so nothing is sent twice (a
    crash after the claim loses that one message rather than repeating it)."""
    from pynamodb.exceptions import UpdateError

    from shop.concurrency import is_conflict

    try:
        item.update(actions=[Reminder.claimed_at.set(now())], condition=Reminder.claimed_at.does_not_exist())
    except UpdateError as error:
        if is_conflict(error):
            return False
        raise
    return True
