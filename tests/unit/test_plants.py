"""Plant care: each plant's watering and feeding on its guide's schedule for the season (done,
snoozed, removed), a potted plant bought at the counter kept under its guide, and the care
digest: monthly by default, weekly if chosen, combining plants, once, only with consent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shop.care import care_guides
from shop.tables import Plant
from tests.support import ApiClient, join, only_the_tables_of, outbox, travel_to


def _plant(guide: str, acquired: date, **fields) -> Plant:
    return Plant(member_id="m", plant_id="p", guide=guide, acquired_on=acquired.isoformat(), source="member", **fields)


def test_the_schedule_follows_the_guide_and_the_season(shop):
    from shop.plants import feed_task, season_of, water_task

    pothos = care_guides()["pothos"]  # water every 7/4/6/12 days; fed every 15 days, April to September
    assert [season_of(date(2026, m, 1)) for m in (1, 3, 6, 9, 12)] == ["winter", "spring", "summer", "autumn", "winter"]
    winter, summer = date(2026, 12, 10), date(2026, 7, 10)
    assert water_task(_plant("pothos", winter), pothos, winter).due_on == winter + timedelta(days=12)
    assert water_task(_plant("pothos", summer), pothos, summer).due_on == summer + timedelta(days=4)
    watered = _plant("pothos", date(2026, 6, 1), watered_on="2026-07-08")
    assert water_task(watered, pothos, summer).due_on == date(2026, 7, 12)
    # Fed every 15 days in its season; outside it, on the first day of the next month it is fed in
    assert feed_task(_plant("pothos", summer), pothos, summer).due_on == summer + timedelta(days=15)
    assert feed_task(_plant("pothos", date(2026, 9, 20)), pothos, date(2026, 9, 20)).due_on == date(2027, 4, 1)
    assert feed_task(_plant("pothos", winter), pothos, winter).due_on == date(2027, 4, 1)
    snoozed = _plant("pothos", winter, water_snoozed_until="2026-12-30")
    assert water_task(snoozed, pothos, winter).due_on == date(2026, 12, 30)
    early_snooze = _plant("pothos", winter, water_snoozed_until="2026-12-11")  # a snooze never brings it forward
    assert water_task(early_snooze, pothos, winter).due_on == winter + timedelta(days=12)


def test_a_plant_never_fed_has_no_feeding_task(shop):
    from shop.plants import feed_task

    guide = care_guides()["pothos"].model_copy(update={"feeding": care_guides()["rose"].feeding})
    assert feed_task(_plant("pothos", date(2026, 5, 1)), guide, date(2026, 5, 1)) is None


@pytest.fixture
def gardener(client, outbox_path, clock):
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"marketing": {"sms": True}})
    return member_id, client


def test_a_member_adds_waters_snoozes_and_removes_a_plant(gardener, outbox_path):
    from shop.dates import today

    _member_id, member = gardener
    listed = member.get("/api/me/plants").body
    assert listed["plants"] == [] and listed["digest"] == "monthly"
    assert {"pothos", "monstera", "phalaenopsis"} <= {g["slug"] for g in listed["guides"]}
    assert "rose" not in {g["slug"] for g in listed["guides"]}  # a cut flower is not kept
    added = member.post("/api/me/plants", {"guide": "pothos", "nickname": "客厅的绿萝"})
    assert added.status == 201
    plant = added.body
    assert plant["name"] == "绿萝" and plant["nickname"] == "客厅的绿萝" and plant["url"] == "/care/pothos/"
    water = next(t for t in plant["tasks"] if t["task"] == "water")
    every = care_guides()["pothos"].watering.every_days
    from shop.plants import season_of

    assert water["every_days"] == every[season_of(today())] and water["days"] == water["every_days"]
    done = member.post(f"/api/me/plants/{plant['id']}/care", {"task": "water", "action": "done"}).body
    assert next(t for t in done["tasks"] if t["task"] == "water")["due_on"] == water["due_on"]
    snoozed = member.post(f"/api/me/plants/{plant['id']}/care", {"task": "water", "action": "snooze", "days": 30})
    assert next(t for t in snoozed.body["tasks"] if t["task"] == "water")["days"] == 30
    # Another member cannot see or touch it
    other = ApiClient(source_ip="198.51.100.70")
    join(other, outbox_path, "13912345678", "+8613912345678", name="王五")
    assert other.post(f"/api/me/plants/{plant['id']}/care", {"task": "water", "action": "done"}).status == 404
    assert other.delete(f"/api/me/plants/{plant['id']}").status == 404
    assert other.get("/api/me/plants").body["plants"] == []
    assert member.delete(f"/api/me/plants/{plant['id']}").status == 200
    assert member.get("/api/me/plants").body["plants"] == []


def test_refusals_are_clear(gardener):
    _member_id, member = gardener
    assert member.post("/api/me/plants", {"guide": "rose"}).body["error"] == "no_such_guide"
    assert member.post("/api/me/plants", {"guide": "triffid"}).status == 422
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert member.post("/api/me/plants", {"guide": "pothos", "acquired_on": tomorrow}).status == 422
    plant = member.post("/api/me/plants", {"guide": "pothos"}).body
    assert member.post(f"/api/me/plants/{plant['id']}/care", {"task": "water", "action": "snooze"}).status == 422
    assert member.post(f"/api/me/plants/{plant['id']}/care", {"task": "prune", "action": "done"}).status == 422


def test_a_pet_owner_is_warned_about_a_plant_toxic_to_their_pet(gardener):
    _member_id, member = gardener
    member.patch("/api/me", {"sensitive": {"consent": True, "pets": ["cat"]}})
    assert member.post("/api/me/plants", {"guide": "pothos"}).body["pet_warning"]
    assert member.post("/api/me/plants", {"guide": "phalaenopsis"}).body["pet_warning"] is None


def test_a_potted_plant_sold_at_the_counter_is_kept_once_under_its_guide(team, gardener):
    from shop.sales import Line, Sale, record_sale
    from shop.tables import Reminder

    member_id, member = gardener
    lines = (
        Line("potted-plant", "白色蝴蝶兰 三株", 1, 38_000),
        Line("potted-plant", "小绿萝", 2, 3_500),
        Line("potted-plant", "不知名的盆栽", 1, 5_000),  # no guide: not kept
        Line("bouquet", "龟背竹叶花束", 1, 9_900),  # not a potted plant
    )
    sale = Sale(team.store_id, team.clerk_id, lines, "wechat-pay", member_id)
    record_sale(sale, "plants-1")
    record_sale(sale, "plants-1")  # a replay keeps nothing twice
    kept = member.get("/api/me/plants").body["plants"]
    assert sorted(p["guide"] for p in kept) == ["phalaenopsis", "pothos"]
    assert {p["source"] for p in kept} == {"counter"}
    from shop.dates import today
    from shop.plants import next_digest_day

    day = next_digest_day("monthly", today())
    assert Reminder.get(f"care-digest#{member_id}#monthly-{day.isoformat()}").due_key


def _run(clock, day):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    travel_to(clock, day, 10)
    with only_the_tables_of("DailyFunction"):
        return run_daily(today(), HANDLERS)["done"]


def test_the_monthly_digest_combines_plants_once_and_the_next_follows(gardener, clock, outbox_path):
    from shop.dates import today
    from shop.plants import next_digest_day

    _member_id, member = gardener
    member.post("/api/me/plants", {"guide": "pothos"})
    member.post("/api/me/plants", {"guide": "pothos", "nickname": "卧室"})
    member.post("/api/me/plants", {"guide": "monstera"})
    first = next_digest_day("monthly", today())
    assert _run(clock, first).get("care-digest") == 1
    assert _run(clock, first) == {}
    sent = [m for m in outbox(outbox_path) if m["template"] == "care_digest"]
    assert len(sent) == 1
    text = sent[0]["text"]
    assert text.count("绿萝") == 1 and "龟背竹" in text and "回T退订" in text  # one line per kind of plant
    assert len(text) <= 70  # one SMS
    second = next_digest_day("monthly", first)
    assert _run(clock, second).get("care-digest") == 1
    assert len([m for m in outbox(outbox_path) if m["template"] == "care_digest"]) == 2


def test_a_weekly_digest_says_what_is_due_that_week_and_the_monthly_one_stops(gardener, clock, outbox_path):
    from shop.dates import today
    from shop.plants import next_digest_day

    _member_id, member = gardener
    member.post("/api/me/plants", {"guide": "pothos"})
    assert member.put("/api/me/plant-digest", {"cadence": "weekly"}).body == {"digest": "weekly"}
    monday = next_digest_day("weekly", today())
    month_start = next_digest_day("monthly", today())
    for day in sorted({monday, monday + timedelta(days=7), monday + timedelta(days=14), month_start}):
        _run(clock, day)
    sent = [m for m in outbox(outbox_path) if m["template"] == "care_digest"]
    assert sent and all("本周" in m["text"] for m in sent)  # weekly only, never the monthly one
    assert len(sent) <= 3


def test_no_digest_without_consent_or_plants_and_it_is_not_held_to_the_offers_cap(gardener, clock, outbox_path):
    from shop.dates import today
    from shop.plants import next_digest_day
    from shop.tables import Message

    member_id, member = gardener
    plant = member.post("/api/me/plants", {"guide": "pothos"}).body
    member.delete(f"/api/me/plants/{plant['id']}")
    first = next_digest_day("monthly", today())
    assert _run(clock, first).get("care-digest") == 1  # handled: nothing to say, and no next one
    assert not [m for m in outbox(outbox_path) if m["template"] == "care_digest"]
    member.post("/api/me/plants", {"guide": "pothos"})
    member.patch("/api/me", {"marketing": {"sms": False}})
    second = next_digest_day("monthly", first)
    _run(clock, second)
    assert not [m for m in outbox(outbox_path) if m["template"] == "care_digest"]
    assert [m.why for m in Message.by_member.query(member_id) if m.reason.startswith("care-digest")] == ["no-consent"]


def test_the_digest_is_not_counted_toward_the_cap_on_offers(shop):
    from shop.outreach import capped

    assert not capped("care-digest:monthly-2026-12-01") and capped("win-back:2026-08-01")


def test_the_member_card_asks_after_their_plants(team, gardener):
    member_id, member = gardener
    member.post("/api/me/plants", {"guide": "phalaenopsis"})
    card = team.clerk.get(f"/api/staff/members/{member_id}").body
    assert any("蝴蝶兰" in said for said in card["talking_points"])


def test_an_unreachable_care_index_never_stops_a_sale_and_the_page_says_try_again(team, gardener, monkeypatch):
    from shop.care import forget_guides
    from shop.sales import Line, Sale, record_sale
    from shop.settings import reset_settings

    member_id, member = gardener
    monkeypatch.setenv("CARE_INDEX", "http://127.0.0.1:9/care/index.json")  # nothing listens there
    reset_settings()
    forget_guides()
    try:
        sale = Sale(team.store_id, team.clerk_id, (Line("potted-plant", "绿萝", 1, 3_500),), "cash", member_id)
        assert record_sale(sale, "unreachable")["total_fen"] == 3_500
        assert member.get("/api/me/plants").status == 503
    finally:
        monkeypatch.undo()
        reset_settings()
        forget_guides()
    assert member.get("/api/me/plants").body["plants"] == []  # that sale kept no plant


def test_a_digest_waits_for_the_care_guides_and_the_rest_of_the_run_goes_on(gardener, clock, outbox_path, monkeypatch):
    from shop.care import forget_guides
    from shop.dates import today
    from shop.plants import next_digest_day
    from shop.settings import reset_settings

    _member_id, member = gardener
    member.post("/api/me/plants", {"guide": "pothos"})
    first = next_digest_day("monthly", today())
    monkeypatch.setenv("CARE_INDEX", "http://127.0.0.1:9/care/index.json")
    reset_settings()
    forget_guides()
    try:
        assert _run(clock, first).get("care-digest") is None  # not done: looked at again next run
    finally:
        monkeypatch.undo()
        reset_settings()
        forget_guides()
    assert _run(clock, first).get("care-digest") == 1
    assert len([m for m in outbox(outbox_path) if m["template"] == "care_digest"]) == 1
