"""Staff insight (issue 8): the tag rules at their edges, segments against a brute-force count,
campaigns sent once with their holdout, the uplift's interval, the dashboard against brute force
(and no Scan on its path), and feedback's follow-ups."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.support import ApiClient, join, outbox, run_pending_jobs, travel_to

ON = date(2030, 6, 15)


def signed_in_again(team, outbox_path) -> None:
    """Staff sessions last a working day: after the clock travels, the team signs in again."""
    from tests.support import sign_in_staff

    assert sign_in_staff(team.manager, outbox_path, "13900000001", "+8613900000001").status == 200
    assert sign_in_staff(team.clerk, outbox_path, "13900000002", "+8613900000002").status == 200


def _member(**fields):
    from shop.tables import Member

    base = {"member_id": "m1", "name": "张丽华", "joined_at": datetime(2029, 1, 1, tzinfo=UTC)}
    return Member(**(base | fields))


def _keys(member, on=ON):
    from shop.rules import TagRules
    from shop.tags import automatic_tags

    return {tag.key for tag in automatic_tags(member, on, TagRules())}


@pytest.mark.parametrize(
    ("fields", "tag", "has"),
    [
        ({"spend_by_month": {"2030-06": 500_000}}, "high-value", True),
        ({"spend_by_month": {"2030-06": 499_999}}, "high-value", False),
        ({"spend_by_month": {"2029-07": 500_000}}, "high-value", True),  # 11 months back: in the window
        ({"spend_by_month": {"2029-06": 500_000}}, "high-value", False),  # 12 months back: out
        ({"joined_at": datetime(2030, 5, 16, 12, tzinfo=UTC)}, "new", True),  # 30 days
        ({"joined_at": datetime(2030, 5, 15, 12, tzinfo=UTC)}, "new", False),  # 31 days
        ({"first_purchase_day": "2030-04-16", "first_purchase_fen": 50_000}, "promising", True),  # 60 days
        ({"first_purchase_day": "2030-04-15", "first_purchase_fen": 50_000}, "promising", False),  # 61 days
        ({"first_purchase_day": "2030-06-01", "first_purchase_fen": 49_999}, "promising", False),
        (
            {"spend_by_month": {"2030-03": 30_000, "2029-10": 20_000}, "first_purchase_day": "2029-01-01"},
            "promising",
            True,
        ),
        (
            {"spend_by_month": {"2030-03": 29_999, "2029-10": 20_000}, "first_purchase_day": "2029-01-01"},
            "promising",
            False,
        ),
        ({"last_purchase_day": "2029-06-15"}, "sleeping", True),  # 365 days
        ({"last_purchase_day": "2029-06-16"}, "sleeping", False),
        ({"category_counts": {"potted-plant": 3}}, "plant-lover", True),
        ({"category_counts": {"potted-plant": 2}}, "plant-lover", False),
        ({"festivals": {"mothers-day#2029"}}, "festival-buyer", True),
        ({"wallet_principal": 1}, "stored-value", True),
        ({"wallet_principal": 0, "wallet_bonus": 0}, "stored-value", False),
    ],
)
def test_each_automatic_tag_at_the_edges_of_its_threshold(fields, tag, has):
    assert (tag in _keys(_member(**fields))) is has


def test_drifting_is_late_against_their_own_rhythm():
    days = ["2030-01-01", "2030-01-31", "2030-03-02", "2030-04-01"]  # every 30 days
    rhythm = {"purchase_days": days, "last_purchase_day": "2030-04-01"}
    assert "drifting" not in _keys(_member(**rhythm), date(2030, 5, 30))  # 59 days: not yet twice the gap
    assert "drifting" in _keys(_member(**rhythm), date(2030, 5, 31))  # 60 days
    assert "drifting" not in _keys(_member(**rhythm | {"purchase_days": days[-2:]}), date(2030, 6, 30))  # no rhythm yet


def test_a_tag_says_why_in_both_languages():
    from shop.rules import TagRules
    from shop.tags import automatic_tags

    found = automatic_tags(_member(spend_by_month={"2030-06": 612_300}), ON, TagRules())
    tag = next(tag for tag in found if tag.key == "high-value")
    assert tag.view("zh")["reason"] != tag.view("en")["reason"]
    assert "6123" in tag.view("en")["reason"]


def test_the_corporate_tag_follows_the_companies_lists(shop):
    from shop.rules import TagRules
    from shop.tags import automatic_tags, corporate_members

    assert "corporate" in {t.key for t in automatic_tags(_member(), ON, TagRules(), {"m1"})}
    assert corporate_members() == set()


# --- segments: the background count against brute force ------------------------------------------

STORES = ("jingan", "xuhui")


def _seed_members(count: int, seed: int = 8) -> list:
    from shop.tables import Consent, MarketingConsent, Member

    rng = random.Random(seed)
    members = []
    for n in range(count):
        months = {f"2030-{m:02d}": rng.choice([0, 0, 30_000, 120_000]) for m in range(1, 7)}
        last = ON - timedelta(days=rng.randrange(0, 400))
        festivals = {f for f in ("mothers-day#2029", "valentines#2030", "mothers-day#2030") if rng.random() < 0.3}
        sms = Consent(granted=rng.random() < 0.6, at=datetime(2029, 1, 1, tzinfo=UTC), source="join")
        member = Member(
            member_id=f"m{n:04d}",
            name=f"会员{n}",
            joined_at=datetime(2029, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 500)),
            contacts=[f"+86139{n:08d}"],
            spend_by_month={k: v for k, v in months.items() if v},
            purchase_count=rng.randrange(0, 12),
            last_purchase_day=last.isoformat(),
            categories=rng.sample(["bouquet", "potted-plant", "cut-flowers"], rng.randrange(0, 3)),
            festivals=festivals or None,
            last_booked_on=(ON - timedelta(days=rng.randrange(0, 300))).isoformat() if rng.random() < 0.5 else None,
            home_store=rng.choice(STORES),
            marketing=MarketingConsent(sms=sms),
            tags=["爱百合"] if rng.random() < 0.2 else [],
        )
        member.save()
        members.append(member)
    return members


def _spend(member, months: int) -> int:
    wanted = {f"{(ON.year * 12 + ON.month - 1 - b) // 12}-{(ON.month - 1 - b) % 12 + 1:02d}" for b in range(months)}
    from shop.points import plain_map

    return sum(v for k, v in plain_map(member.spend_by_month).items() if k in wanted)


BRUTE = {  # criteria -> the same question asked of the seeded list directly
    "spend": ({"spend_min_yuan": 1500}, lambda m: _spend(m, 12) >= 150_000),
    "spend-3-months": ({"spend_months": 3, "spend_max_yuan": 300}, lambda m: _spend(m, 3) <= 30_000),
    "recent": ({"bought_within_days": 30}, lambda m: m.last_purchase_day >= "2030-05-16"),
    "lapsed": ({"not_bought_for_days": 180}, lambda m: m.last_purchase_day <= "2029-12-17"),
    "count": ({"purchases_min": 3, "purchases_max": 6}, lambda m: 3 <= m.purchase_count <= 6),
    "plants": ({"categories": ["potted-plant"]}, lambda m: "potted-plant" in m.categories),
    "festival": ({"festivals": ["mothers-day#2029"]}, lambda m: "mothers-day#2029" in (m.festivals or ())),
    "mothers-day-again": (
        {"festivals": ["mothers-day#2029"], "no_booking_since": "2030-01-01"},
        lambda m: (
            "mothers-day#2029" in (m.festivals or ()) and not (m.last_booked_on and m.last_booked_on >= "2030-01-01")
        ),
    ),
    "store-consent": (
        {"store": "xuhui", "consent": "sms"},
        lambda m: m.home_store == "xuhui" and m.marketing.sms.granted,
    ),
    "own-tag": ({"tags": ["爱百合"]}, lambda m: "爱百合" in m.tags),
    "not-festival": ({"not_festivals": ["valentines#2030"]}, lambda m: "valentines#2030" not in (m.festivals or ())),
    "combined": (
        {"spend_min_yuan": 300, "categories": ["bouquet"], "consent": "any"},
        lambda m: _spend(m, 12) >= 30_000 and "bouquet" in m.categories and m.marketing.sms.granted,
    ),
}


@pytest.mark.parametrize("case", sorted(BRUTE))
def test_a_segments_count_equals_a_brute_force_count(shop, clock, case):
    from shop.segments import Criteria, get_segment, member_ids, save_segment

    travel_to(clock, ON, 10)
    members = _seed_members(120)
    criteria, keep = BRUTE[case]
    segment = save_segment(case, Criteria.model_validate(criteria), "staff#m")
    assert segment.status == "queued"  # counted in the background, never on the request's path
    run_pending_jobs()
    segment = get_segment(segment.segment_id)
    expected = {m.member_id for m in members if keep(m)}
    assert segment.status == "ready" and segment.done == segment.parts
    assert segment.count == len(expected)
    assert set(member_ids(segment)) == expected
    assert set(segment.sample) <= expected


def test_segments_are_a_managers_with_progress_a_sample_and_a_csv(team, clock, outbox_path):
    body = {"name": "母亲节老客", "criteria": {"festivals": ["mothers-day#2029"], "no_booking_since": "2030-01-01"}}
    assert team.clerk.post("/api/staff/segments", body).status == 403
    travel_to(clock, ON, 10)
    signed_in_again(team, outbox_path)
    _seed_members(30)
    made = team.manager.post("/api/staff/segments", body)
    assert made.status == 201
    read = team.manager.get(f"/api/staff/segments/{made.body['id']}").body
    assert read["status"] == "ready" and read["done"] == read["parts"] and len(read["sample"]) == min(read["count"], 10)
    csv = team.manager.request("GET", f"/api/staff/segments/{made.body['id']}/members.csv")
    assert csv.status == 200
    assert csv.body["text"].count("\n") == read["count"] + 1
    assert team.manager.post("/api/staff/segments", {"name": "x", "criteria": {"tiers": ["x" * 50]}}).status == 422


# --- campaigns ----------------------------------------------------------------------------------


def test_the_holdout_share_holds_over_ten_thousand_members():
    from shop.outreach import held_out

    n, share = 10_000, 10
    held = sum(held_out(f"member{i:05d}", "campaign:cp1", share) for i in range(n))
    spread = 3 * math.sqrt(n * 0.1 * 0.9)  # three standard deviations
    assert abs(held - n * share / 100) <= spread
    again = sum(held_out(f"member{i:05d}", "campaign:cp1", share) for i in range(n))
    assert again == held  # reruns agree
    other = {i for i in range(n) if held_out(f"member{i:05d}", "campaign:cp2", share)}
    assert other != {i for i in range(n) if held_out(f"member{i:05d}", "campaign:cp1", share)}


@pytest.fixture
def campaign(team, clock, outbox_path):
    """Forty festival buyers (thirty with SMS consent) and a confirmed campaign with a 25% holdout."""
    from shop.tables import Consent, MarketingConsent, Member

    travel_to(clock, ON, 10)
    signed_in_again(team, outbox_path)
    for n in range(40):
        consent = Consent(granted=n < 30, at=datetime(2029, 1, 1, tzinfo=UTC), source="join")
        Member(
            member_id=f"c{n:03d}",
            name=f"会员{n}",
            joined_at=datetime(2029, 1, 1, tzinfo=UTC),
            contacts=[f"+86137{n:08d}"],
            festivals={"mothers-day#2029"},
            marketing=MarketingConsent(sms=consent),
        ).save()
    segment = team.manager.post(
        "/api/staff/segments", {"name": "老客", "criteria": {"festivals": ["mothers-day#2029"]}}
    )
    body = {
        "name": "母亲节早鸟",
        "segment_id": segment.body["id"],
        "channel": "sms",
        "text_zh": "{{ name }}，母亲节预订开始了，{{ offer }}，截至{{ until }}。",
        "text_en": "{{ name }}, Mother's Day bookings are open: {{ offer }} until {{ until }}.",
        "offer": {"kind": "points", "multiplier": 2},
        "send_on": (ON + timedelta(days=1)).isoformat(),
        "holdout_percent": 25,
        "attribution_days": 14,
    }
    made = team.manager.post("/api/staff/campaigns", body)
    assert made.status == 201, made.body
    return made.body["id"], body


class LambdaContext:
    function_name, memory_limit_in_mb, aws_request_id = "DailyFunction", 512, "daily-run"
    invoked_function_arn = "arn:aws:lambda:local:000000000000:function:DailyFunction"


def _run_daily(clock, day):
    """The scheduled run, as the deployed daily function (only its tables), at 09:01."""
    from daily.app import lambda_handler
    from tests.support import only_the_tables_of

    travel_to(clock, day, 9)
    clock.advance(seconds=60)
    with only_the_tables_of("DailyFunction"):
        done = lambda_handler({}, LambdaContext())
    run_pending_jobs()  # the jobs it started (a campaign's send, the census), as the jobs function
    return done


def test_a_campaign_confirmed_twice_is_sent_once_to_consenting_members_and_not_to_the_held_out(
    team, campaign, clock, outbox_path
):
    from shop.outreach import held_out

    campaign_id, body = campaign
    preview = team.manager.post("/api/staff/campaigns/preview", body).body
    assert (
        preview["zh"]["sms"].startswith("【") and "张女士" in preview["zh"]["text"] and preview["zh"]["sms_parts"] == 1
    )
    assert team.manager.post(f"/api/staff/campaigns/{campaign_id}/confirm", {}).body["status"] == "confirmed"
    assert team.manager.post(f"/api/staff/campaigns/{campaign_id}/confirm", {}).body["status"] == "confirmed"
    _run_daily(clock, ON + timedelta(days=1))
    _run_daily(clock, ON + timedelta(days=2))  # a second run finds it sent
    sent = [m for m in outbox(outbox_path) if "母亲节预订" in m["text"]]
    held = {f"c{n:03d}" for n in range(30) if held_out(f"c{n:03d}", f"campaign:{campaign_id}", 25)}
    phones = sorted(m["recipient"] for m in sent)
    assert phones == sorted(f"+86137{n:08d}" for n in range(30) if f"c{n:03d}" not in held)
    signed_in_again(team, outbox_path)
    read = team.manager.get(f"/api/staff/campaigns/{campaign_id}").body
    results = read["results"]
    assert read["status"] == "sent" and read["audience"] == 40
    assert results["contacted"]["n"] == 30 - len(held) and results["held_out"]["n"] == len(held)
    assert results["excluded"]["no_consent"] == 10
    assert results["contacted"]["delivered"] == 30 - len(held)
    assert results["enough"] is False  # fewer than 30 in the held-out group: said plainly


def test_a_sale_in_the_window_converts_for_its_group_and_earns_the_points_offer(team, campaign, clock, outbox_path):
    from shop.outreach import held_out
    from shop.sales import Line, Sale, record_sale

    campaign_id, _ = campaign
    team.manager.post(f"/api/staff/campaigns/{campaign_id}/confirm", {})
    _run_daily(clock, ON + timedelta(days=1))
    contacted = next(f"c{n:03d}" for n in range(30) if not held_out(f"c{n:03d}", f"campaign:{campaign_id}", 25))
    holdout = next(f"c{n:03d}" for n in range(30) if held_out(f"c{n:03d}", f"campaign:{campaign_id}", 25))
    travel_to(clock, ON + timedelta(days=3), 14)
    line = (Line("bouquet", "康乃馨", 1, 19_900),)
    first = record_sale(Sale(team.store_id, team.clerk_id, line, "wechat-pay", contacted), "k1")
    record_sale(Sale(team.store_id, team.clerk_id, line, "wechat-pay", contacted), "k2")
    held = record_sale(Sale(team.store_id, team.clerk_id, line, "cash", holdout), "k3")
    assert first["points_earned"] == 2 * held["points_earned"]  # the campaign's double points, only for the contacted
    signed_in_again(team, outbox_path)
    results = team.manager.get(f"/api/staff/campaigns/{campaign_id}").body["results"]
    assert results["contacted"]["converted"] == 1 and results["contacted"]["revenue_fen"] == 2 * 19_900
    assert results["held_out"]["converted"] == 1 and results["held_out"]["revenue_fen"] == 19_900
    travel_to(clock, ON + timedelta(days=20), 14)  # after the window: counts for nobody
    record_sale(Sale(team.store_id, team.clerk_id, line, "cash", holdout), "k4")
    signed_in_again(team, outbox_path)
    later = team.manager.get(f"/api/staff/campaigns/{campaign_id}").body["results"]
    assert later["held_out"]["revenue_fen"] == 19_900


def test_the_uplift_and_its_interval_match_a_hand_computed_example():
    from shop.outreach_report import compare

    result = compare(200, 50, 100, 15)  # 25% against 15%
    assert result["uplift"] == pytest.approx(0.10)
    # 1.96 * sqrt(.25 * .75 / 200 + .15 * .85 / 100) = 1.96 * 0.0470372 = 0.0921929
    assert result["interval"] == pytest.approx([0.10 - 0.0921929, 0.10 + 0.0921929], abs=1e-6)
    assert result["enough"] is True
    assert compare(20, 5, 10, 1)["enough"] is False


# --- reports: every number against brute force, and no Scan on the request path -------------------


def test_the_dashboard_matches_a_brute_force_computation_and_never_scans(team, client, outbox_path, clock, monkeypatch):
    from shop.sales import Line, Sale, record_sale

    travel_to(clock, date(2030, 3, 2), 10)
    members = [
        join(ApiClient(source_ip=f"198.51.100.{n}"), outbox_path, f"1380013800{n}", f"+861380013800{n}").body["member"][
            "id"
        ]
        for n in range(3)
    ]
    rng, sales = random.Random(3), []
    for day in range(20):
        travel_to(clock, date(2030, 3, 2) + timedelta(days=day), 12)
        for n in range(rng.randrange(0, 3)):
            who = rng.choice([*members, None])
            lines = (
                Line("bouquet", "玫瑰", 1, 10_000 + 100 * n),
                Line("potted-plant", "绿萝", rng.randrange(1, 3), 5_000),
            )
            method = rng.choice(["wechat-pay", "cash"])
            receipt = record_sale(Sale(team.store_id, team.clerk_id, lines, method, who), f"{day}-{n}")
            sales.append((date(2030, 3, 2) + timedelta(days=day), who, method, receipt))
    import pynamodb.connection.base

    def no_scan(*args, **kwargs):
        raise AssertionError("a Scan on the request path")

    signed_in_again(team, outbox_path)
    monkeypatch.setattr(pynamodb.connection.base.Connection, "scan", no_scan)
    got = team.manager.get("/api/staff/reports?from=2030-03-02&to=2030-03-21").body
    totals = got["totals"]
    assert totals["sales_fen"] == sum(r["total_fen"] for *_, r in sales)
    assert totals["purchases"] == len(sales)
    assert totals["joins"] == 3
    charts = got["charts"]
    by_method = dict(
        zip(charts["sales_by_payment"]["labels"], charts["sales_by_payment"]["series"][0]["values"], strict=True)
    )
    for method in ("wechat-pay", "cash"):
        assert by_method[method] == sum(r["total_fen"] for _, _, m, r in sales if m == method)
    by_category = dict(
        zip(charts["sales_by_category"]["labels"], charts["sales_by_category"]["series"][0]["values"], strict=True)
    )
    assert sum(by_category.values()) == totals["sales_fen"]
    active = {month: len({who for d, who, *_ in sales if who and d.isoformat()[:7] == month}) for month in ("2030-03",)}
    assert charts["active_members"]["series"][0]["values"] == [active["2030-03"]]
    points = sum(r["points_earned"] for *_, r in sales)
    assert sum(charts["points"]["series"][0]["values"]) == points
    days_of = {who: {d for d, w, *_ in sales if w == who} for who in members}
    assert charts["repeat_rate"]["series"][0]["values"] == [
        round(100 * sum(len(days) >= 2 for days in days_of.values()) / active["2030-03"], 1)
    ]
    weeks = charts["average_order"]["labels"]
    for week, value in zip(weeks, charts["average_order"]["series"][0]["values"], strict=True):
        start = date.fromisoformat(week)
        totals_in = [r["total_fen"] for d, *_, r in sales if start <= d < start + timedelta(days=7)]
        assert value == (sum(totals_in) // len(totals_in) if totals_in else None)


# --- feedback -------------------------------------------------------------------------------------


def test_a_low_rating_tells_the_manager_and_opens_a_follow_up_that_staff_close(team, client, outbox_path, clock):
    from shop.sales import Line, Sale, record_sale

    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    receipt = record_sale(
        Sale(team.store_id, team.clerk_id, (Line("bouquet", "百合", 1, 29_900),), "cash", member_id), "f1"
    )
    to_rate = client.get("/api/me/feedback").body["to_rate"]
    assert [t["subject"] for t in to_rate] == [f"purchase#{receipt['id']}"]
    rated = client.post("/api/me/feedback", {"subject": to_rate[0]["subject"], "rating": 2, "comment": "百合不新鲜"})
    assert rated.status == 201
    assert client.post("/api/me/feedback", {"subject": to_rate[0]["subject"], "rating": 5}).status == 409
    assert any("百合不新鲜" in m["text"] for m in outbox(outbox_path) if m["recipient"] == "+8613900000001")
    open_ones = team.clerk.get("/api/staff/follow-ups").body["follow_ups"]
    assert [f["rating"] for f in open_ones] == [2]
    card = team.clerk.get(f"/api/staff/members/{member_id}").body
    assert card["feedback"]["average"] == 2 and card["feedback"]["suggestions"][0]["flower"] == "lily"
    closed = team.clerk.post(f"/api/staff/follow-ups/{open_ones[0]['id']}/close", {"note": "已致电道歉，补送一束"})
    assert closed.status == 200
    assert team.clerk.get("/api/staff/follow-ups").body["follow_ups"] == []
    suggestion = card["feedback"]["suggestions"][0]["id"]
    assert team.clerk.post(f"/api/staff/feedback/{suggestion}/suggestion", {"accept": True}).status == 200
    notes = team.clerk.get(f"/api/staff/members/{member_id}").body["notes"]
    assert any("百合" in note["text"] for note in notes)
    assert client.get("/api/me/export").body["feedback"][0]["comment"] == "百合不新鲜"


def test_a_rating_from_the_link_needs_no_sign_in_and_a_forged_link_is_refused(team, client, outbox_path):
    from shop.feedback import rate_token
    from shop.sales import Line, Sale, record_sale

    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    receipt = record_sale(
        Sale(team.store_id, team.clerk_id, (Line("bouquet", "玫瑰", 1, 19_900),), "cash", member_id), "f2"
    )
    token = rate_token(member_id, f"purchase#{receipt['id']}")
    stranger = ApiClient(source_ip="198.51.100.77")
    assert stranger.get(f"/api/feedback?t={token}").body["rated"] is False
    assert stranger.post("/api/feedback", {"token": token, "rating": 5, "comment": "玫瑰很美"}).status == 201
    assert stranger.post("/api/feedback", {"token": token[:-2] + "xx", "rating": 5}).status == 400


def test_staff_keep_their_own_tags_on_the_card(team, client, outbox_path):
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    assert team.clerk.put(f"/api/staff/members/{member_id}/tags", {"tags": ["爱百合", "爱百合", "婚礼客户"]}).body == {
        "own": ["爱百合", "婚礼客户"]
    }
    tags = team.clerk.get(f"/api/staff/members/{member_id}").body["tags"]
    assert tags["own"] == ["爱百合", "婚礼客户"] and "new" in {t["key"] for t in tags["automatic"]}
    assert team.clerk.put(f"/api/staff/members/{member_id}/tags", {"tags": ["x"] * 13}).status == 422
