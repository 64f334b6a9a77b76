"""`make outreach DATE=YYYY-MM-DD [DRY_RUN=1]`: run the daily job for a day, synchronously, over
DynamoDB Local (the one `make dev` keeps in .local/), with a progress bar and a summary; messages
land in the outbox (/dev/outbox). DRY_RUN lists what is due and what each member would be sent,
writing nothing."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta

from infra.local import local_shop
from infra.manager import LOCAL_STACK


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
            from shop.outreach_report import plan
            from shop.rules import load_rules

            rows = plan(days, morning, load_rules().holdouts)
            table = Table(title=f"Due {days[0] if days else day} to {day} (dry run: nothing written)")
            for column in ("day", "kind", "about", "member", "decision"):
                table.add_column(column)
            for row in rows:
                who = row["member"]["name"] if row["member"] else ""
                table.add_row(row["day"], row["kind"], row["about"], who, row["decision"])
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
