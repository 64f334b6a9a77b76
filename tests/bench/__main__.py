"""`make bench`: ratios measured side by side in one run (absolute times do not hold on a shared
machine). 1. Cold start: importing each function's entry module against a bare `import boto3`,
in fresh processes, interleaved. 2. Dev-server overhead: GET /api/me through the dev server
against calling the handler directly with the same event, on DynamoDB Local."""

from __future__ import annotations

import os
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


if __name__ == "__main__":
    cold_start()
    dev_server_overhead()
