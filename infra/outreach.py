"""`make outreach DATE=YYYY-MM-DD [DRY_RUN=1]`: run the daily job for a day, synchronously, over
DynamoDB Local (the one `make dev` keeps in .local/), with a progress bar and a summary; messages
land in the outbox (/dev/outbox). DRY_RUN lists what is due and what each member would be sent,
writing nothing."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta

from infra.local import local_shop
from infra.manager import LOCAL_STACK


def plan(days: list[date]) -> list[dict]:
    """What is due on these days and, for messages, to whom and by which channel: read only."""
    from pynamodb.exceptions import DoesNotExist

    from shop.outreach import MARKETING_CAP, channel_for, sent_lately
    from shop.reminders import due_on, subject_of
    from shop.tables import Member

    service = {"booking-reminder"}
    silent = {"points-lapse", "booking-hold"}
    rows = []
    for day in days:
        for item in due_on(day):
            row = {"day": day.isoformat(), "kind": item.kind, "about": subject_of(item), "to": "", "decision": ""}
            if item.kind not in silent:
                try:
                    member = Member.get(item.member_id)
                except DoesNotExist:
                    member = None
                if member is None or member.erased_at is not None:
                    row["decision"] = "nobody (no member)"
                else:
                    marketing = item.kind not in service
                    chosen = channel_for(member, marketing)
                    row["to"] = member.salutation or member.name
                    if chosen is None:
                        row["decision"] = "skip: no consent"
                    elif marketing and sent_lately(member.member_id, datetime.now().astimezone()) >= MARKETING_CAP:
                        row["decision"] = "skip: cap"
                    else:
                        row["decision"] = f"send by {chosen[0]}"
            rows.append(row)
    return rows


def run(day: date, dry_run: bool) -> None:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from daily.app import HANDLERS
    from shop.clock import set_clock
    from shop.reminders import days_to_run, due_on, run_daily
    from shop.settings import get_settings

    console = Console()
    morning = datetime.combine(day, datetime.min.time(), get_settings().time_zone) + timedelta(hours=9)
    started = datetime.now().astimezone()
    set_clock(lambda: morning + (datetime.now().astimezone() - started))  # the job's own clock: that morning
    try:
        days = days_to_run(day)
        if dry_run:
            rows = plan(days)
            table = Table(title=f"Due {days[0] if days else day} to {day} (dry run: nothing written)")
            for column in ("day", "kind", "about", "to", "decision"):
                table.add_column(column)
            for row in rows:
                table.add_row(*(row[c] for c in ("day", "kind", "about", "to", "decision")))
            console.print(table)
            return
        total = sum(1 for d in days for _ in due_on(d))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"Daily job for {day}", total=total)
            done = run_daily(day, HANDLERS, progress=lambda item: progress.advance(task))
        console.print(f"Days {done['from']} to {done['to']}: {done['done'] or 'nothing was due'}")
        console.print("Messages are in the outbox: http://localhost:8000/dev/outbox")
    finally:
        set_clock(None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", type=date.fromisoformat, default=None)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    from shop.dates import today

    day = args.date or today()
    with local_shop(LOCAL_STACK):
        run(day, args.dry_run)


if __name__ == "__main__":
    main()
