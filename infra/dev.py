"""`make dev`: DynamoDB Local with its data in .local/, tables from template.yaml, the site, demo
data on the first run, and the dev server at http://localhost:8000 until Ctrl-C."""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path

from infra.dynamodb import LOCAL, create_tables, java_available, running_dynamodb
from infra.local import configure
from infra.template import ROOT

STACK = "petalpoint"


def _seed(console) -> None:
    from rich.progress import Progress

    from infra.seed import DEMO_MEMBERS, SEED_STEPS, seed_demo_shop

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Seeding the demo shop", total=SEED_STEPS)
        seed_demo_shop(lambda: progress.advance(task))
    console.print(f"Demo shop ready: 2 stores, a manager, 2 clerks, {len(DEMO_MEMBERS)} members")


def _daily(console) -> None:
    """The scheduled job runs every morning in AWS; locally it runs at each start (idempotent)."""
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    done = run_daily(today(), HANDLERS)
    console.print(f"Daily job ({done['from']} to {done['to']}): {done['done'] or 'nothing was due'}")


def main() -> None:
    from rich.console import Console

    from infra.devserver import make_server
    from infra.site import build

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--ddb-port", type=int, default=int(os.environ.get("DDB_PORT", 8001)))
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)  # a terminated dev server stops DynamoDB Local too
    console = Console()
    if not java_available():
        console.print(
            "[bold red]Java or DynamoDB Local is missing[/bold red]: using moto's in-process server;"
            " data lasts only until the server stops."
        )
    data_dir = LOCAL / "dynamodb"
    with running_dynamodb(args.ddb_port, data_dir if java_available() else None) as endpoint:
        os.environ["SITE_URL"] = f"http://localhost:{args.port}"
        configure(STACK, endpoint, LOCAL)
        created = create_tables(STACK, endpoint)
        if created:
            console.print(f"Tables created: {', '.join(created)}")
        with console.status("Building the site"):
            output = build(ROOT / "output")
        _seed(console)
        _daily(console)
        server = make_server(args.port, output, Path(os.environ["OUTBOX_PATH"]), host="127.0.0.1")
        _print_welcome(console, args.port)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("\nStopping the dev server and DynamoDB Local")
        finally:
            server.server_close()


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _print_welcome(console, port: int) -> None:
    from infra.seed import DEMO_CLERKS, DEMO_MANAGER, DEMO_MEMBERS

    base = f"http://localhost:{port}"
    console.print(f"\n[bold]Petalpoint is running at {base}[/bold]")
    console.print(f"  shop            {base}/            (English: {base}/en/)")
    console.print(f"  join            {base}/join/")
    console.print(f"  sign in         {base}/signin/")
    console.print(f"  my account      {base}/account/")
    console.print(f"  staff portal    {base}/staff/")
    console.print(f"  outbox (codes)  {base}/dev/outbox")
    console.print("\nDemo sign-ins (type the number, then read the code in the outbox):")
    console.print(f"  manager  {DEMO_MANAGER[1]:<6} {DEMO_MANAGER[0]}   (staff portal)")
    for contact, name, _ in DEMO_CLERKS:
        console.print(f"  clerk    {name:<6} {contact}   (staff portal)")
    for contact, _name, salutation, *_ in DEMO_MEMBERS:
        console.print(f"  member   {salutation:<6} {contact}")
    console.print("\nCtrl-C stops the server and DynamoDB Local.")


if __name__ == "__main__":
    main()
