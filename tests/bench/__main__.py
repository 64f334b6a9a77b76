"""`make bench`: ratios measured side by side in one run (absolute times do not hold on a shared
machine). 1. Cold start: importing each function's entry module against a bare `import boto3`,
in fresh processes, interleaved. 2. Dev-server overhead: GET /api/me through the dev server
against calling the handler directly with the same event, on DynamoDB Local. 3. record_purchase
through the handler against its bare DynamoDB calls, and sales per second. 4. The daily job with
10,000 and with 100,000 members and the same due count (`python -m tests.bench outreach` alone).
5. The site build with 500 care guides: Petalpoint's theme and plugins against Pelican's default
theme without plugins, on the same pages (`python -m tests.bench site` alone)."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", 15))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 300))
console = Console()


def import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "functions")}
    return float(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    )


def cold_start() -> None:
    from infra.template import functions

    candidates = {
        "boto3 (baseline)": "import boto3",
        "libraries alone": "import boto3, pynamodb.models, aws_lambda_powertools.event_handler",
    }
    for function in functions():
        module = function.handler.rpartition(".")[0].replace("/", ".")
        candidates[f"{function.logical_id} ({module})"] = f"import {module}"
    for statement in candidates.values():
        import_seconds(statement)  # warm the .pyc files
    times: dict[str, list[float]] = {name: [] for name in candidates}
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Cold starts", total=IMPORT_RUNS * len(candidates))
        for _ in range(IMPORT_RUNS):
            for name, statement in candidates.items():
                times[name].append(import_seconds(statement))
                progress.advance(task)
    baseline = statistics.median(times["boto3 (baseline)"])
    table = Table(title=f"Cold start: import time against `import boto3` (median of {IMPORT_RUNS} fresh processes)")
    table.add_column("module")
    table.add_column("ratio", justify="right")
    table.add_column("goal", justify="right")
    for name, values in times.items():
        ratio = statistics.median(values) / baseline
        goal = "" if "baseline" in name or "alone" in name else ("≤ 2.00 ✓" if ratio <= 2 else "≤ 2.00 ✗")
        table.add_row(name, f"{ratio:.2f}", goal)
    console.print(table)


def dev_server_overhead() -> None:
    from datetime import timedelta

    import httpx

    from infra.devserver import Api, build_event, make_server
    from infra.dynamodb import create_tables, free_port, running_dynamodb
    from infra.local import configure
    from infra.site import build
    from shop.contacts import parse_contact
    from shop.members import NewMember, enrol
    from shop.sessions import Session, issue_token

    state = Path(tempfile.mkdtemp())
    with running_dynamodb(free_port()) as endpoint:
        configure("bench", endpoint, state)
        create_tables("bench", endpoint)
        member = enrol(parse_contact("13800138000"), NewMember("张姐", False, "zh"), source="bench")
        token = issue_token(Session(member.member_id, "member", member.token_version), timedelta(hours=1))
        site = build(state / "output")
        server = make_server(free_port(), site, state / "outbox.jsonl")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/api/me"
        api = Api()
        route, _ = api.match("GET", "/api/me")
        headers = [("cookie", f"pp_session={token}"), ("accept-language", "zh")]
        event = build_event("GET", "/api/me", headers, b"", route, {}, "127.0.0.1")
        direct, served = [], []
        with httpx.Client() as http, Progress(console=console, transient=True) as progress:
            task = progress.add_task("GET /api/me", total=REQUESTS)
            http.get(url, headers={"Cookie": f"pp_session={token}"})
            for _ in range(REQUESTS):
                started = time.perf_counter()
                assert api.invoke(route, event)["statusCode"] == 200
                direct.append(time.perf_counter() - started)
                started = time.perf_counter()
                assert http.get(url, headers={"Cookie": f"pp_session={token}"}).status_code == 200
                served.append(time.perf_counter() - started)
                progress.advance(task)
        server.shutdown()
    ratio = statistics.median(served) / statistics.median(direct)
    table = Table(title=f"Dev-server overhead: GET /api/me, median of {REQUESTS} each, interleaved")
    table.add_column("path")
    table.add_column("ratio", justify="right")
    table.add_row("handler called directly", "1.00")
    table.add_row("through the dev server (HTTP, event building)", f"{ratio:.2f}")
    console.print(table)


SALES = int(os.environ.get("BENCH_SALES", 150))


def _counter(state: Path):
    """A member and a clerk on a fresh stack of the running DynamoDB Local."""
    from datetime import timedelta

    from shop.contacts import parse_contact
    from shop.members import NewMember, enrol
    from shop.sessions import Session, issue_token
    from shop.staff import ensure_manager
    from shop.stores import StoreDetails, open_store

    store = open_store(StoreDetails("静安店", "南京西路", "021", "9-21"), "bench", None, store_id="jingan")
    clerk, _ = ensure_manager(parse_contact("13900000001"), "林店长", store.store_id)
    members = [
        enrol(parse_contact(f"1380013{n:04d}"), NewMember("张三", False, "zh"), "bench").member_id for n in range(9)
    ]
    token = issue_token(Session(clerk.staff_id, "manager", clerk.token_version), timedelta(hours=1))
    return clerk, members, token


def _bare_sale(client, names: dict, member_id: str, staff_id: str, n: int) -> None:
    """The DynamoDB calls a sale needs, by hand: the reads, then one transaction."""
    import json as jsonlib

    purchase_id = f"bare{n:08d}"
    client.get_item(TableName=names["Purchases"], Key={"purchase_id": {"S": purchase_id}}, ConsistentRead=True)
    member = client.get_item(TableName=names["Members"], Key={"member_id": {"S": member_id}}, ConsistentRead=True)[
        "Item"
    ]
    # the session check's read (the rules are cached by the handler, so they are not read here either)
    client.get_item(TableName=names["Staff"], Key={"staff_id": {"S": staff_id}}, ConsistentRead=True)
    version = member.get("version", {"N": "0"})["N"]
    member["version"] = {"N": str(int(version) + 1)}
    member["buckets"] = {"M": {"2027-12-31": {"N": str(n)}}}
    line = {
        "M": {"category": {"S": "bouquet"}, "name": {"S": "红玫瑰"}, "quantity": {"N": "1"}, "unit_fen": {"N": "29900"}}
    }
    client.transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": names["Purchases"],
                    "ConditionExpression": "attribute_not_exists(purchase_id)",
                    "Item": {
                        "purchase_id": {"S": purchase_id},
                        "member_id": {"S": member_id},
                        "store_id": {"S": "jingan"},
                        "lines": {"L": [line]},
                        "total_fen": {"N": "29900"},
                        "note": {"S": jsonlib.dumps({"n": n})},
                    },
                }
            },
            {
                "Put": {
                    "TableName": names["Members"],
                    "Item": member,
                    "ConditionExpression": "#v = :v",
                    "ExpressionAttributeNames": {"#v": "version"},
                    "ExpressionAttributeValues": {":v": {"N": version}},
                }
            },
            {
                "Put": {
                    "TableName": names["Ledger"],
                    "ConditionExpression": "attribute_not_exists(#s)",
                    "ExpressionAttributeNames": {"#s": "source"},
                    "Item": {
                        "member_id": {"S": member_id},
                        "source": {"S": f"earn#{purchase_id}"},
                        "points": {"N": "299"},
                        "kind": {"S": "earn"},
                    },
                }
            },
            {
                "Update": {
                    "TableName": names["Stats"],
                    "Key": {"key": {"S": "jingan#day"}, "shard": {"N": str(n % 8)}},
                    "UpdateExpression": "ADD sales_fen :f, purchases :one",
                    "ExpressionAttributeValues": {":f": {"N": "29900"}, ":one": {"N": "1"}},
                }
            },
        ]
    )


def sale_overhead_and_throughput() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from infra.devserver import Api, build_event
    from infra.dynamodb import client, create_tables, free_port, running_dynamodb
    from infra.local import configure
    from infra.template import tables
    from shop.sales import Line, Sale, record_sale

    state = Path(tempfile.mkdtemp())
    with running_dynamodb(free_port()) as endpoint:
        configure("bench2", endpoint, state)
        create_tables("bench2", endpoint)
        clerk, members, token = _counter(state)
        names = {t.suffix: t.name("bench2") for t in tables()}
        dynamodb = client(endpoint)
        api = Api()
        route, _ = api.match("POST", "/api/staff/purchases")
        body = json.dumps(
            {
                "member_id": members[0],
                "payment_method": "wechat-pay",
                "lines": [{"category": "bouquet", "name": "红玫瑰", "quantity": 1, "unit_price": "299"}],
            }
        ).encode()
        handler, bare = [], []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("record_purchase", total=SALES)
            for n in range(SALES):
                headers = [
                    ("content-type", "application/json"),
                    ("idempotency-key", f"bench-{n}"),
                    ("authorization", f"Bearer {token}"),
                ]
                event = build_event("POST", "/api/staff/purchases", headers, body, route, {}, "127.0.0.1")
                started = time.perf_counter()
                assert api.invoke(route, event)["statusCode"] == 201
                handler.append(time.perf_counter() - started)
                started = time.perf_counter()
                _bare_sale(dynamodb, names, members[1], clerk.staff_id, n)
                bare.append(time.perf_counter() - started)
                progress.advance(task)
        table = Table(title=f"record_purchase: median of {SALES} each, interleaved, on DynamoDB Local")
        table.add_column("path")
        table.add_column("ratio", justify="right")
        table.add_column("goal", justify="right")
        ratio = statistics.median(handler) / statistics.median(bare)
        table.add_row("the DynamoDB calls alone (session, purchase and member reads; 1 transaction)", "1.00", "")
        table.add_row(
            "through the handler (auth, idempotency, rules, ledger)",
            f"{ratio:.2f}",
            "≤ 1.50 ✓" if ratio <= 1.5 else "≤ 1.50 ✗",
        )
        console.print(table)

        def sell(member_id: str, key: str) -> None:
            record_sale(Sale("jingan", clerk.staff_id, (Line("bouquet", "花", 1, 10000),), "cash", member_id), key)

        rates = {}
        for label, pick in (
            ("8 threads, distinct members", lambda n: members[1 + n % 8]),
            ("8 threads, one shared member", lambda n: members[0]),
        ):
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=8) as pool:
                list(pool.map(lambda n, pick=pick, label=label: sell(pick(n), f"{label}-{n}"), range(SALES)))
            rates[label] = SALES / (time.perf_counter() - started)
        table = Table(title=f"Sales per second, {SALES} sales each, side by side")
        table.add_column("load")
        table.add_column("relative throughput", justify="right")
        base = rates["8 threads, distinct members"]
        for label, rate in rates.items():
            table.add_row(label, f"{rate / base:.2f}")
        console.print(table)


DUE = int(os.environ.get("BENCH_DUE", 200))
SMALL, LARGE = int(os.environ.get("BENCH_SMALL", 10_000)), int(os.environ.get("BENCH_LARGE", 100_000))


def _seed_members(dynamodb, names: dict, start: int, count: int, due_day, rng, progress, task) -> None:
    """Members with a year of history as the daily job sees them: a points bucket and its lapse
    item due on some day of the coming year (never the measured day), written in batches."""
    from datetime import timedelta

    from shop.reminders import SHARDS

    members, reminders = [], []
    for n in range(start, start + count):
        member_id = f"m{n:07d}"
        day = (due_day + timedelta(days=rng.randrange(1, 365))).isoformat()
        members.append(_member_item(member_id, day))
        reminders.append(_lapse_item(member_id, day, rng.randrange(SHARDS)))
        if len(members) == 25:
            _write(dynamodb, names["Members"], members)
            _write(dynamodb, names["Reminders"], reminders)
            progress.advance(task, len(members))
            members, reminders = [], []
    if members:
        _write(dynamodb, names["Members"], members)
        _write(dynamodb, names["Reminders"], reminders)
        progress.advance(task, len(members))


def _member_item(member_id: str, expires: str) -> dict:
    return {
        "member_id": {"S": member_id},
        "name": {"S": "会员"},
        "contacts": {"L": []},
        "joined_at": {"S": "2025-01-01T00:00:00.000000+0000"},
        "token_version": {"N": "1"},
        "buckets": {"M": {expires: {"N": "120"}}},
        "debt": {"N": "0"},
        "version": {"N": "1"},
    }


def _lapse_item(member_id: str, due: str, shard: int) -> dict:
    return {
        "reminder_id": {"S": f"points-lapse#{member_id}#{due}"},
        "kind": {"S": "points-lapse"},
        "member_id": {"S": member_id},
        "due_on": {"S": due},
        "due_key": {"S": f"{due}#{shard}"},
    }


def _write(dynamodb, table: str, items: list[dict]) -> None:
    pending = [{"PutRequest": {"Item": item}} for item in items]
    while pending:
        left = dynamodb.batch_write_item(RequestItems={table: pending}).get("UnprocessedItems", {})
        pending = left.get(table, [])


def _run_day(dynamodb, names: dict, day, due_from: int) -> tuple[float, int]:
    """Make DUE members due on `day` (their buckets lapse the day before), run that day alone,
    and count the DynamoDB calls the run makes."""
    import random
    from datetime import timedelta

    from daily.app import HANDLERS
    from shop.clock import set_clock
    from shop.reminders import SHARDS, run_daily
    from shop.settings import get_settings
    from shop.tables import DailyRun

    rng = random.Random(day.toordinal())
    lapsing = (day - timedelta(days=1)).isoformat()
    members = [f"d{day.isoformat()}{n:05d}" for n in range(due_from, due_from + DUE)]
    _write_all(dynamodb, names["Members"], [_member_item(m, lapsing) for m in members])
    _write_all(dynamodb, names["Reminders"], [_lapse_item(m, day.isoformat(), rng.randrange(SHARDS)) for m in members])
    DailyRun(reminder_id="run#daily", last_day=(day - timedelta(days=1)).isoformat(), finished_at=datetime_now()).save()
    from pynamodb.connection.base import Connection

    calls, dispatch = {"n": 0}, Connection.dispatch

    def counted(self, operation, kwargs):
        calls["n"] += 1
        return dispatch(self, operation, kwargs)

    Connection.dispatch = counted  # every DynamoDB call the job makes goes through here
    moment = _morning(day, get_settings().time_zone)
    set_clock(lambda: moment)
    try:
        started = time.perf_counter()
        done = run_daily(day, HANDLERS)
        elapsed = time.perf_counter() - started
    finally:
        set_clock(None)
        Connection.dispatch = dispatch
    assert done["done"] == {"points-lapse": DUE}, done
    return elapsed, calls["n"]


def _write_all(dynamodb, table: str, items: list[dict]) -> None:
    for start in range(0, len(items), 25):
        _write(dynamodb, table, items[start : start + 25])


def datetime_now():
    from shop.clock import now

    return now()


def _morning(day, zone):
    from datetime import datetime, timedelta

    return datetime.combine(day, datetime.min.time(), zone) + timedelta(hours=9)


def outreach_scale() -> None:
    """The daily job's cost grows with what is due, not with the number of members: the same
    due count with 10,000 and with 100,000 members, side by side."""
    import random
    from datetime import date

    from infra.dynamodb import client, create_tables, free_port, running_dynamodb
    from infra.local import configure
    from infra.template import tables

    state = Path(tempfile.mkdtemp())
    with running_dynamodb(free_port()) as endpoint:
        configure("bench3", endpoint, state)
        create_tables("bench3", endpoint)
        names = {t.suffix: t.name("bench3") for t in tables()}
        dynamodb = client(endpoint)
        rng = random.Random(7)
        small_day, large_day = date(2031, 3, 1), date(2031, 3, 2)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"Seeding {LARGE:,} members", total=LARGE)
            _seed_members(dynamodb, names, 0, SMALL, large_day, rng, progress, task)
            _run_day(dynamodb, names, date(2031, 2, 27), 2 * DUE)  # a warm-up: connections, caches
            small = _run_day(dynamodb, names, small_day, 0)
            _seed_members(dynamodb, names, SMALL, LARGE - SMALL, large_day, rng, progress, task)
            large = _run_day(dynamodb, names, large_day, DUE)
        table = Table(title=f"The daily job: {DUE} due items, with {SMALL:,} and with {LARGE:,} members")
        table.add_column("members")
        table.add_column("DynamoDB calls per due item", justify="right")
        table.add_column("run time ratio", justify="right")
        table.add_column("goal", justify="right")
        table.add_row(f"{SMALL:,}", f"{small[1] / DUE:.1f}", "1.00", "")
        ratio = large[0] / small[0]
        table.add_row(f"{LARGE:,}", f"{large[1] / DUE:.1f}", f"{ratio:.2f}", "≤ 1.30 ✓" if ratio <= 1.3 else "≤ 1.30 ✗")
        console.print(table)


GUIDES = int(os.environ.get("BENCH_SITE_GUIDES", 500))
SITE_ROUNDS = int(os.environ.get("BENCH_SITE_ROUNDS", 3))
CONTENT = ROOT / "site" / "content"


def generate_guides(content: Path, count: int) -> None:
    """`count` care guides in `content`/care, each a zh page, an en page and a care card copied
    from one of the real guides under a new slug and numbered names (so every card still passes
    the build's check); the shop pages as they are."""
    shutil.copytree(CONTENT / "pages", content / "pages")
    real = sorted(card.stem for card in (CONTENT / "care").glob("*.toml"))
    care = content / "care"
    care.mkdir(parents=True)
    for n in range(count):
        source = real[n % len(real)]
        slug, number = f"{source}-{n + 1}", n + 1
        card = (CONTENT / "care" / f"{source}.toml").read_text(encoding="utf-8")
        card = re.sub(r'(?m)^slug = ".*"$', f'slug = "{slug}"', card, count=1)
        card = re.sub(
            r'(?m)^name = \{ zh = "(.*?)", en = "(.*?)" \}$',
            lambda m, number=number: f'name = {{ zh = "{m[1]} {number}号", en = "{m[2]} No. {number}" }}',
            card,
            count=1,
        )
        (care / f"{slug}.toml").write_text(card, encoding="utf-8")
        for suffix, numbered in ((".md", f" {number}号"), (".en.md", f" No. {number}")):
            page = (CONTENT / "care" / f"{source}{suffix}").read_text(encoding="utf-8")
            page = re.sub(r"(?m)^Slug: .*$", f"Slug: {slug}", page, count=1)
            page = re.sub(r"(?m)^(Title: .*)$", lambda m, numbered=numbered: m[1] + numbered, page, count=1)
            (care / f"{slug}{suffix}").write_text(page, encoding="utf-8")


def plain_build(output: Path, content: Path, read_once: bool = False) -> None:
    """The same content, URLs and languages as infra/site.py's build, with Pelican's default theme
    and none of Petalpoint's plugins (nor the theme's own pages and Jinja settings). The default
    theme needs each article's category, which Pelican gives only with category pages: so this
    build also writes one category page per language (every guide in it), as Pelican would.
    Each language's build reads every page anew, as Pelican does, or with `read_once` reads each
    page once for both languages, as infra/site.py does."""
    from pelican.settings import DEFAULT_CONFIG

    from infra.site import build_languages, conf_settings

    base = conf_settings()
    base.update(PATH=str(content), PLUGINS=[], PLUGIN_PATHS=[])
    for name in ("THEME", "THEME_STATIC_DIR", "DIRECT_TEMPLATES", "JINJA_ENVIRONMENT", "CATEGORY_SAVE_AS"):
        base[name] = DEFAULT_CONFIG[name]
    build_languages(base, output, read_once)


SITE_BUILDS = {  # the builds compared, as code for a fresh process
    "themed": "build(output, content=content)",  # infra/site.py's, as `make site`
    "plain": "plain_build(output, content)",
    "plain, read once": "plain_build(output, content, read_once=True)",
}


def build_seconds(kind: str, output: Path, content: Path) -> tuple[float, float]:
    """One build in a fresh process (Pelican's plugins stay registered in a process once loaded),
    timed inside it from the call of the build, Pelican's and the plugins' imports included:
    (elapsed, CPU) seconds. The CPU time leaves out the waits for a core on a shared machine."""
    code = (
        "import time; from pathlib import Path; from infra.site import build;"
        " from tests.bench.__main__ import plain_build;"
        f" output, content = Path({str(output)!r}), Path({str(content)!r});"
        f" t, c = time.perf_counter(), time.process_time(); {SITE_BUILDS[kind]};"
        " print(time.perf_counter() - t, time.process_time() - c)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"the {kind} build failed:\n{done.stderr[-3000:]}")
    elapsed, cpu = done.stdout.split()[-2:]
    return float(elapsed), float(cpu)


def site_build() -> None:
    """The site build with GUIDES care guides (a zh and an en page and a card each): Petalpoint's
    theme and plugins, as `make site` builds it, against Pelican's default theme and no plugins,
    on the same pages; SITE_ROUNDS rounds of one build of each kind, in turn going first, each in
    a fresh process into a fresh folder. Each ratio is taken within a round, then the median of
    the rounds, of the elapsed time and of the CPU time. The goal is against Pelican as it is; a
    last row compares with the default theme reading each page once, as infra/site.py does: what
    the theme and the plugins alone cost."""
    kinds = list(SITE_BUILDS)
    with tempfile.TemporaryDirectory(prefix="petalpoint-bench-site-") as temp:
        content = Path(temp) / "content"
        generate_guides(content, GUIDES)
        for kind in kinds:  # warm the .pyc files and the disk cache
            build_seconds(kind, Path(temp) / f"warm-{kind}", content)
        ratios: dict[tuple[str, str], list[float]] = {}
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"Site builds, {GUIDES} guides", total=len(kinds) * SITE_ROUNDS)
            for round_ in range(SITE_ROUNDS):
                seconds = {}
                for kind in kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]:
                    seconds[kind] = build_seconds(kind, Path(temp) / f"{kind}-{round_}", content)
                    progress.advance(task)
                for base in ("plain", "plain, read once"):
                    for measure, index in (("elapsed", 0), ("CPU", 1)):
                        ratio = seconds["themed"][index] / seconds[base][index]
                        ratios.setdefault((base, measure), []).append(ratio)
        pages = sum(1 for _ in (Path(temp) / f"themed-{SITE_ROUNDS - 1}").rglob("*.html"))
    table = Table(
        title=f"Site build: {GUIDES} care guides in zh and en ({pages} pages), median of {SITE_ROUNDS} "
        "rounds, each build in a fresh process",
        caption="* for both languages, as infra/site.py reads them: the cost of the theme and plugins alone",
    )
    table.add_column("Petalpoint's theme and plugins (infra/site.py) against")
    table.add_column("time", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("rounds", justify="right")
    table.add_column("goal", justify="right")
    for (base, measure), values in ratios.items():
        ratio = statistics.median(values)
        if base == "plain":
            label, goal = "Pelican's default theme, no plugins", "≤ 1.30 ✓" if ratio <= 1.3 else "≤ 1.30 ✗"
        else:
            label, goal = "the same, reading each page once *", ""
        table.add_row(label, measure, f"{ratio:.2f}", " ".join(f"{r:.2f}" for r in values), goal)
    console.print(table)


if __name__ == "__main__":
    which = sys.argv[1:] or ["cold", "dev", "sale", "outreach", "site"]
    if "cold" in which:
        cold_start()
    if "dev" in which:
        dev_server_overhead()
    if "sale" in which:
        sale_overhead_and_throughput()
    if "outreach" in which:
        outreach_scale()
    if "site" in which:
        site_build()
