"""The daily job's messages: decided (consent, opt-out, quiet hours, the cap), claimed under a
deterministic key and sent at most once; the December reminder of points about to lapse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support import ApiClient, join, outbox, travel_to


@pytest.fixture
def earner(team, client, outbox_path, clock):
    """A member with marketing consent by SMS and 1,100 points in a bucket lapsing next year's end."""
    from shop.dates import today

    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"marketing": {"sms": True}})
    body = {
        "member_id": member_id,
        "lines": [{"category": "bouquet", "name": "花束", "quantity": 1, "unit_price": "1000"}],
        "payment_method": "cash",
    }
    assert team.clerk.post("/api/staff/purchases", body, headers={"idempotency-key": "k"}).status == 201
    return member_id, date(today().year + 1, 12, 31)


def notices(outbox_path) -> list[dict]:
    return [m for m in outbox(outbox_path) if m["template"] == "points_notice"]


def test_points_about_to_lapse_are_told_once_on_the_first_of_december(earner, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.tables import Message

    member_id, expires = earner
    travel_to(clock, date(expires.year, 11, 30), 10)
    assert "points-notice" not in run_daily(today(), HANDLERS)["done"]
    travel_to(clock, date(expires.year, 12, 1), 10)
    assert run_daily(today(), HANDLERS)["done"] == {"points-notice": 1}
    assert run_daily(today(), HANDLERS)["done"] == {}  # the same day again: nothing new
    sent = notices(outbox_path)
    assert len(sent) == 1 and sent[0]["recipient"] == "+8613800138000"
    assert "1,100" in sent[0]["text"] and sent[0]["text"].startswith("【")
    assert "T" in sent[0]["text"]  # 回T退订: the SMS way out
    message = Message.get(f"{member_id}#points-notice:{expires.isoformat()}#{expires.year}-12-01")
    assert message.status == "sent" and message.marketing and message.channel == "sms"


def test_quiet_hours_wait_for_the_morning_and_the_day_is_looked_at_again(earner, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    _member_id, expires = earner
    travel_to(clock, date(expires.year, 12, 1), 22)
    assert run_daily(today(), HANDLERS)["done"] == {}
    assert notices(outbox_path) == []
    travel_to(clock, date(expires.year, 12, 2), 9)
    assert run_daily(today(), HANDLERS)["done"] == {"points-notice": 1}
    assert len(notices(outbox_path)) == 1


def test_no_marketing_without_consent_and_a_record_of_why(team, client, outbox_path, clock):
    from shop.outreach import deliver
    from shop.tables import Member, Message

    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    travel_to(clock, date(2030, 6, 1), 10)
    assert (
        deliver(Member.get(member_id), "test", date(2030, 6, 1), "points_notice", {"points": 5, "date": "x"}, True)
        == "no-consent"
    )
    assert Message.get(f"{member_id}#test#2030-06-01").why == "no-consent"
    assert notices(outbox_path) == []


def test_the_cap_holds_and_the_opt_out_link_works_without_signing_in(team, outbox_path, clock):
    from shop.outreach import deliver
    from shop.tables import Member

    email = ApiClient(source_ip="198.51.100.60")
    member_id = join(email, outbox_path, "zhang@example.com", "zhang@example.com").body["member"]["id"]
    email.patch("/api/me", {"marketing": {"email": True}})
    travel_to(clock, date(2030, 6, 1), 10)
    member = Member.get(member_id)
    params = {"points": 5, "date": "2030-12-31"}
    outcomes = [deliver(member, f"r{n}", date(2030, 6, 1), "points_notice", params, True) for n in range(5)]
    assert outcomes == ["queued"] * 4 + ["cap"]  # at most 4 marketing messages in 30 days
    text = notices(outbox_path)[0]["text"]
    token = text.split("/optout/?t=")[1].split()[0]
    assert ApiClient(source_ip="198.51.100.61").post("/api/optout", {"token": token}).status == 200
    clock.advance(days=31)
    later = deliver(Member.get(member_id), "after", date(2030, 7, 2), "points_notice", params, True)
    assert later == "no-consent"  # opted out


def test_a_coupon_about_to_expire_is_told_once_and_a_used_one_not_at_all(earner, team, client, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.dates import today
    from shop.reminders import run_daily

    reward = {
        "name_zh": "包装升级",
        "name_en": "Wrap",
        "kind": "packaging-upgrade",
        "points_cost": 100,
        "valid_days": 30,
    }
    reward_id = team.manager.post("/api/staff/rewards", reward).body["id"]
    redeem = lambda key: client.post(f"/api/me/rewards/{reward_id}/redemptions", {}, headers={"idempotency-key": key})
    kept, used = redeem("a").body["coupon"], redeem("b").body["coupon"]
    member_id, _expires = earner
    sale = {
        "member_id": member_id,
        "coupon": used["code"],
        "lines": [{"category": "bouquet", "name": "花束", "quantity": 1, "unit_price": "100"}],
        "payment_method": "cash",
    }
    assert team.clerk.post("/api/staff/purchases", sale, headers={"idempotency-key": "use"}).status == 201
    travel_to(clock, date.fromisoformat(kept["expires_on"]) - timedelta(days=7), 10)
    assert run_daily(today(), HANDLERS)["done"].get("coupon-notice") == 2  # both looked at
    sent = [m for m in outbox(outbox_path) if m["template"] == "coupon_notice"]
    assert len(sent) == 1 and kept["code"] in sent[0]["text"]


def test_a_dry_run_lists_who_would_be_told_and_writes_nothing(earner, clock, shop):
    import boto3

    from shop.clock import now
    from shop.outreach_report import plan
    from shop.reminders import days_to_run

    member_id, expires = earner
    travel_to(clock, date(expires.year, 12, 1), 10)
    messages = next(t for t in boto3.client("dynamodb").list_tables()["TableNames"] if t.endswith("-Messages"))
    rows = [row for row in plan(days_to_run(date(expires.year, 12, 1)), now(), {}) if row["kind"] == "points-notice"]
    assert rows == [
        {
            "day": f"{expires.year}-12-01",
            "kind": "points-notice",
            "about": expires.isoformat(),
            "member": {"id": member_id, "name": "张姐"},
            "decision": "send-sms",
        }
    ]
    assert boto3.client("dynamodb").scan(TableName=messages)["Count"] == 0


def test_a_birthday_brings_a_greeting_with_a_coupon_a_week_ahead_once_a_year(team, client, outbox_path, clock):
    from daily.app import HANDLERS
    from shop.dates import next_occurrence, today
    from shop.reminders import run_daily
    from shop.rewards import member_coupons
    from shop.rules import load_rules, save_rules

    # the message's path, not its holdout: a random member id is held out one time in ten
    save_rules(load_rules().model_copy(update={"holdouts": {"win-back": 0, "birthday": 0}}), "test", None)

    soon = today() + timedelta(days=30)
    birthday = {"calendar": "solar", "month": soon.month, "day": soon.day}
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"marketing": {"sms": True}, "birthday": birthday})
    day = next_occurrence("solar", soon.month, soon.day)
    travel_to(clock, day - timedelta(days=7), 10)
    assert run_daily(today(), HANDLERS)["done"].get("birthday") == 1
    assert run_daily(today(), HANDLERS)["done"] == {}
    sent = [m for m in outbox(outbox_path) if m["template"] == "birthday_greeting"]
    coupons = member_coupons(member_id)
    assert len(sent) == 1 and len(coupons) == 1 and coupons[0].code in sent[0]["text"]
    assert int(coupons[0].value_fen) == 3000
    from shop.tables import Reminder

    next_year = Reminder.get(f"birthday#{member_id}#self")
    assert (
        next_year.due_on
        == (
            next_occurrence("solar", soon.month, soon.day, after=day + timedelta(days=1)) - timedelta(days=7)
        ).isoformat()
    )


def test_a_crash_half_way_and_a_rerun_send_each_message_once_and_missed_days_are_caught_up(team, outbox_path, clock):
    """Ten members' points lapse notices are due; the run crashes after five; the rerun sends
    the other five and none twice. The run happened days late: the missed days are done once."""
    import daily.app
    from shop.dates import today
    from shop.reminders import run_daily
    from shop.sales import Line, Sale, record_sale
    from tests.support import ApiClient

    members = []
    for n in range(10):
        member = ApiClient(source_ip=f"198.51.100.{100 + n}")
        contact = f"1370000{n:04d}"
        members.append(join(member, outbox_path, contact, f"+86{contact}").body["member"]["id"])
        member.patch("/api/me", {"marketing": {"sms": True}})
    for n, member_id in enumerate(members):
        record_sale(Sale(team.store_id, team.clerk_id, (Line("bouquet", "花", 1, 10_000),), "cash", member_id), f"s{n}")
    year = today().year + 1
    travel_to(clock, date(year, 12, 3), 10)  # two days late: 1 December was missed
    handled, real = [], daily.app.HANDLERS["points-notice"]

    def crashing(item):
        if len(handled) == 5:
            raise RuntimeError("the function timed out")
        handled.append(item.reminder_id)
        return real(item)

    with pytest.raises(RuntimeError):
        run_daily(today(), {**daily.app.HANDLERS, "points-notice": crashing})
    assert len([m for m in outbox(outbox_path) if m["template"] == "points_notice"]) == 5
    assert run_daily(today(), daily.app.HANDLERS)["done"] == {"points-notice": 5}  # the other five, once each
    assert run_daily(today(), daily.app.HANDLERS)["done"] == {}
    sent = [m["recipient"] for m in outbox(outbox_path) if m["template"] == "points_notice"]
    assert sorted(sent) == sorted(f"+861370000{n:04d}" for n in range(10))


def test_managers_see_the_plan_the_sent_log_and_an_offer_against_its_holdout(team, outbox_path, clock):
    from shop.outreach import deliver
    from shop.sales import Line, Sale, record_sale
    from shop.tables import Member
    from tests.support import ApiClient

    ids = []
    for n in range(2):
        member = ApiClient(source_ip=f"198.51.100.{120 + n}")
        contact = f"1360000{n:04d}"
        ids.append(join(member, outbox_path, contact, f"+86{contact}").body["member"]["id"])
        member.patch("/api/me", {"marketing": {"sms": True}})
    day = date(2030, 6, 3)
    travel_to(clock, day, 10)
    contacted, holdout = ids
    params = {"flowers": "", "code": "X", "value": 20, "date": "2030-07-03"}
    assert deliver(Member.get(contacted), "win-back:a", day, "win_back", params, True, holdout=0) == "queued"
    assert deliver(Member.get(holdout), "win-back:a", day, "win_back", params, True, holdout=100) == "held-out"
    clock.advance(days=3)
    record_sale(Sale(team.store_id, team.clerk_id, (Line("bouquet", "花", 1, 10_000),), "cash", contacted), "back")
    manager = ApiClient(source_ip="198.51.100.130")
    from tests.support import sign_in_staff

    sign_in_staff(manager, outbox_path, "13900000001", "+8613900000001")
    report = manager.get(f"/api/staff/outreach/holdouts?kind=win-back&from={day}&to={day}").body
    assert report["contacted"] == {"n": 1, "converted": 1, "rate": 1.0}
    assert report["held_out"] == {"n": 1, "converted": 0, "rate": 0.0}
    assert report["uplift"] == 1.0 and report["enough"] is False  # said plainly: too few to conclude
    log = manager.get(f"/api/staff/outreach/sent?date={day}").body["messages"]
    assert sorted((m["status"], m["why"]) for m in log) == [("sent", None), ("skipped", "held-out")]
    assert manager.get(f"/api/staff/outreach/plan?date={day}").status == 200
    assert team.clerk.get(f"/api/staff/outreach/plan?date={day}").status in (401, 403)
