"""Two daily runs at once (a manual run during the scheduled one), on DynamoDB Local: every due
message goes out exactly once."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from shop.clock import set_clock
from shop.contacts import parse_contact
from shop.members import NewMember, enrol
from shop.profile import change_profile
from shop.sales import Line, Sale, record_sale
from tests.integration.test_points_concurrency import _race


def test_two_runs_at_once_send_each_message_once(local_shop):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.settings import get_settings

    members = []
    for n in range(20):
        member = enrol(parse_contact(f"1370000{n:04d}"), NewMember("会员", True, "zh"), "test")
        change_profile(member.member_id, {"marketing": {"sms": True}}, source="test")
        record_sale(Sale("jingan", "clerk", (Line("bouquet", "花", 1, 10_000),), "cash", member.member_id), f"s{n}")
        members.append(member.member_id)
    morning = datetime.combine(date(today().year + 1, 12, 1), datetime.min.time(), get_settings().time_zone)
    set_clock(lambda: morning + timedelta(hours=10))
    try:
        _race(2, lambda n: run_daily(date(morning.year, 12, 1), HANDLERS), workers=2)
    finally:
        set_clock(None)
    outbox = Path(local_shop) / "outbox.jsonl"
    sent = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines() if line]
    notices = sorted(m["recipient"] for m in sent if m["template"] == "points_notice")
    assert notices == sorted(f"+861370000{n:04d}" for n in range(20))  # each once
