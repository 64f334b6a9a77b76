"""The gift notebook: next dates (solar, lunar, leap months, 29 February, across a year end, at
the business day's boundary), pausing, reminders sent once with consent, memorials without an
offer, and nobody else's notebook."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shop.dates import next_occurrence
from tests.support import ApiClient, join, outbox, travel_to


def test_next_dates_solar_lunar_leap_and_the_29th_of_february():
    assert next_occurrence("solar", 2, 29, after=date(2027, 1, 1)) == date(2027, 2, 28)
    assert next_occurrence("solar", 2, 29, after=date(2028, 1, 1)) == date(2028, 2, 29)
    assert next_occurrence("lunar", 8, 15, after=date(2026, 1, 1)) == date(2026, 9, 25)  # 中秋 2026
    assert next_occurrence("lunar", 8, 15, after=date(2027, 1, 1)) == date(2027, 9, 15)
    assert next_occurrence("lunar", 1, 1, after=date(2026, 12, 1)) == date(2027, 2, 6)  # 春节 across the year end
    # 2025 has a leap sixth month: a date in it falls in the leap month; in other years, the plain one
    assert next_occurrence("lunar", 6, 10, leap_month=True, after=date(2025, 7, 1)) == date(2025, 8, 3)
    assert next_occurrence("lunar", 6, 10, leap_month=True, after=date(2026, 1, 1)) == date(2026, 7, 23)


def test_the_business_day_turns_at_midnight_in_shanghai(clock):
    from zoneinfo import ZoneInfo

    from shop.clock import set_clock
    from shop.dates import today

    utc = ZoneInfo("UTC")
    set_clock(lambda: datetime(2026, 12, 31, 15, 59, tzinfo=utc))  # 23:59 in Shanghai
    assert today() == date(2026, 12, 31)
    set_clock(lambda: datetime(2026, 12, 31, 16, 0, tzinfo=utc))  # midnight in Shanghai, still the 31st in UTC
    assert today() == date(2027, 1, 1)


MOTHER = {
    "person": "妈妈",
    "relationship": "mother",
    "kind": "birthday",
    "date": {"calendar": "lunar", "month": 8, "day": 15},
    "remind_days": 7,
    "flowers": ["lily", "carnation"],
}


@pytest.fixture
def notebook(client, outbox_path, clock):
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"marketing": {"sms": True}})
    return member_id, client


def test_a_member_keeps_dates_pauses_and_resumes_them(notebook, outbox_path):
    from shop.dates import today

    member_id, member = notebook
    added = member.post("/api/me/occasions", MOTHER)
    assert added.status == 201
    occasion = added.body
    assert occasion["next_date"] == next_occurrence("lunar", 8, 15).isoformat() and occasion["days"] >= 0
    listed = member.get("/api/me/occasions").body
    assert [o["person"] for o in listed["occasions"]] == ["妈妈"]
    from shop.tables import Reminder

    item = Reminder.get(f"occasion#{member_id}#{occasion['id']}")
    due = date.fromisoformat(occasion["next_date"]) - timedelta(days=7)
    assert item.due_on == max(due, today() + timedelta(days=1)).isoformat() and item.due_key
    assert member.patch(f"/api/me/occasions/{occasion['id']}", {"paused": True}).body["paused"] is True
    assert Reminder.get(item.reminder_id).due_key is None  # out of the index, still in the notebook
    assert member.patch(f"/api/me/occasions/{occasion['id']}", {"paused": False}).status == 200
    assert Reminder.get(item.reminder_id).due_key
    other = ApiClient(source_ip="198.51.100.70")
    join(other, outbox_path, "13912345678", "+8613912345678", name="王五")
    assert other.patch(f"/api/me/occasions/{occasion['id']}", {"paused": True}).status == 404
    assert other.delete(f"/api/me/occasions/{occasion['id']}").status == 404
    assert member.delete(f"/api/me/occasions/{occasion['id']}").status == 200
    assert member.get("/api/me/occasions").body["occasions"] == []


def test_the_reminder_goes_once_with_consent_and_the_date_moves_on(notebook, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.tables import Occasion

    member_id, member = notebook
    soon = today() + timedelta(days=20)
    body = MOTHER | {"date": {"calendar": "solar", "month": soon.month, "day": soon.day}}
    occasion = member.post("/api/me/occasions", body).body
    travel_to(clock, soon - timedelta(days=7), 10)
    assert run_daily(today(), HANDLERS)["done"].get("occasion") == 1
    assert run_daily(today(), HANDLERS)["done"] == {}
    sent = [m for m in outbox(outbox_path) if m["template"] == "occasion_reminder"]
    assert len(sent) == 1 and "妈妈" in sent[0]["text"] and "7" in sent[0]["text"]
    moved = Occasion.get(member_id, occasion["id"])
    assert moved.next_on == next_occurrence("solar", soon.month, soon.day, after=soon + timedelta(days=1)).isoformat()
    shown = member.get("/api/me/occasions").body["occasions"][0]  # the notebook still shows the coming date
    assert shown["next_date"] == soon.isoformat() and shown["days"] == 7


def test_a_memorial_is_a_quiet_note_without_an_offer(notebook, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    _member_id, member = notebook
    soon = today() + timedelta(days=10)
    memorial = {"person": "外婆", "relationship": "grandparent", "kind": "memorial", "remind_days": 3}
    member.post("/api/me/occasions", memorial | {"date": {"calendar": "solar", "month": soon.month, "day": soon.day}})
    travel_to(clock, soon - timedelta(days=3), 10)
    run_daily(today(), HANDLERS)
    sent = [m for m in outbox(outbox_path) if m["template"] == "occasion_reminder"]
    assert len(sent) == 1 and "外婆" in sent[0]["text"]
    assert "http" not in sent[0]["text"]  # no link to book, no offer


def test_a_resumed_date_looks_ahead_and_a_link_can_be_cleared(notebook, clock, outbox_path):
    from shop.dates import today

    _member_id, member = notebook
    soon = today() + timedelta(days=10)
    body = MOTHER | {"date": {"calendar": "solar", "month": soon.month, "day": soon.day}, "recipient_id": "p1"}
    occasion = member.post("/api/me/occasions", body).body
    member.patch(f"/api/me/occasions/{occasion['id']}", {"paused": True})
    travel_to(clock, soon + timedelta(days=2), 10)  # the date has passed while paused
    resumed = member.patch(f"/api/me/occasions/{occasion['id']}", {"paused": False, "recipient_id": None}).body
    assert resumed["next_date"] > today().isoformat() and resumed["recipient_id"] is None
    assert member.patch(f"/api/me/occasions/{occasion['id']}", {"person": None}).status == 422
    other = ApiClient(source_ip="198.51.100.71")
    join(other, outbox_path, "13912345678", "+8613912345678", name="王五")
    ask = {"store": "jingan", "date": str(today() + timedelta(days=3)), "window": "10:00-12:00", "mode": "pickup"}
    ask |= {"items": [{"item_id": "c0", "quantity": 1}], "occasion_id": occasion["id"]}
    headers = {"idempotency-key": "x"}
    assert other.post("/api/me/bookings", ask, headers=headers).status == 404  # not their notebook


def test_a_memorial_brings_one_quiet_note_at_qingming(notebook, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.occasions import qingming_after
    from shop.reminders import run_daily

    _member_id, member = notebook
    for person in ("外婆", "外公"):
        memorial = {"person": person, "relationship": "grandparent", "kind": "memorial", "remind_days": 1}
        member.post("/api/me/occasions", memorial | {"date": {"calendar": "lunar", "month": 9, "day": 9}})
    qingming = qingming_after(today() + timedelta(days=4))
    travel_to(clock, qingming - timedelta(days=3), 10)
    run_daily(today(), HANDLERS)
    notes = [m for m in outbox(outbox_path) if m["template"] == "qingming_note"]
    assert len(notes) == 1  # one per member and year, however many memorials
    assert "http" not in notes[0]["text"] and ("外婆" in notes[0]["text"] or "外公" in notes[0]["text"])
