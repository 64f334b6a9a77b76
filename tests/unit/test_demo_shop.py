"""The demo shop seeds realistic data, twice without harm; `make manager` makes the first manager."""

from __future__ import annotations

from infra.manager import make_manager
from infra.seed import DEMO_MEMBERS, seed_demo_shop
from tests.support import ApiClient, sign_in_staff


def test_the_demo_shop_seeds_once_and_its_clerk_finds_a_regular(shop, outbox_path):
    seed_demo_shop()
    seed_demo_shop()  # a second start changes nothing
    from shop.staff import list_staff
    from shop.stores import list_stores

    assert [s.name for s in list_stores()] == ["静安店", "徐汇店"]
    assert sorted(s.role for s in list_staff()) == ["manager", "staff", "staff"]
    clerk = ApiClient(source_ip="198.51.100.80")
    assert sign_in_staff(clerk, outbox_path, "13900000002", "+8613900000002").status == 200
    found = clerk.get("/api/staff/members?q=8000").body["results"]
    assert [r["salutation"] for r in found] == ["张姐"]
    card = clerk.get(f"/api/staff/members/{found[0]['id']}").body
    assert {w["value"] for w in card["warnings"]} == {"pollen", "cat"}
    assert card["notes"][0]["by"] == "小周"
    assert len(DEMO_MEMBERS) >= 5
    assert card["points"]["balance"] > 0 and len(card["purchases"]) == 5  # counter x3, Mother's Day, stored value
    wang = clerk.get("/api/staff/members?q=5678").body["results"][0]["id"]
    assert clerk.get(f"/api/staff/members/{wang}").body["points"]["tier"]["key"] == "silver"  # kept (保级)


def test_make_manager_creates_the_first_manager_and_a_store_once(shop):
    first = make_manager("13900000009", "赵店长", "总店")
    again = make_manager("13900000009", "赵店长", "总店")
    assert "created" in first and "already exists" in again
    from shop.staff import list_staff

    assert [(s.name, s.role) for s in list_staff()] == [("赵店长", "manager")]


def test_the_demo_shop_shows_rewards_coupons_a_referral_and_a_bonus_event(shop):
    seed_demo_shop()
    seed_demo_shop()
    from shop.contacts import parse_contact
    from shop.rewards import list_rewards, member_coupons
    from shop.rules import load_rules
    from shop.tables import Contact, LedgerEntry, Member

    def member(contact: str) -> Member:
        return Member.get(Contact.get(parse_contact(contact).value).member_id)

    assert len(list_rewards()) >= 5
    zhang, chen = member("138 0013 8000"), member("186 2171 3344")
    assert [c.reward_id for c in member_coupons(zhang.member_id)] == ["wrap"]
    assert chen.referred_by == zhang.member_id
    assert [line.points for line in LedgerEntry.query(zhang.member_id) if line.kind == "referral"] == [200]
    assert load_rules().events[0].name_zh == "店庆双倍积分"


def test_the_demo_shop_has_a_catalog_and_bookings_for_the_board(shop, clock):
    seed_demo_shop()
    clock.advance(days=1)
    seed_demo_shop()  # the next day: "tomorrow" has moved, the bookings made yesterday stay
    from shop.bookings import day_bookings, stems_for
    from shop.catalog import list_items

    assert len(list_items()) >= 8
    board = day_bookings("jingan", _eve())
    assert len(board) == 3 and stems_for(board)["rose-red"] == 33 + 22
    assert [b.customer["name"] for b in board if b.customer] == ["赵女士"]  # the phone order
    from shop.contacts import parse_contact
    from shop.tables import Contact, Occasion

    wang = Contact.get(parse_contact("139 1234 5678").value).member_id
    assert sorted(o.kind for o in Occasion.query(wang)) == ["anniversary", "birthday"]
    from shop.care import care_guides
    from shop.catalog import items_for_guide

    guides = care_guides()
    for slug in ("rose", "lily", "phalaenopsis", "money-tree"):  # each guide's "at our shops"
        assert items_for_guide(guides[slug], list_items(active_only=True)), slug


def _eve():
    from datetime import date

    from shop.dates import today

    on = today()
    eve = date(on.year, 12, 24)
    return eve if eve > on else date(on.year + 1, 12, 24)


def test_the_weeks_before_mothers_day_invite_last_years_buyers(shop):
    from datetime import datetime, timedelta

    from shop.booking_rules import load_booking_rules
    from shop.dates import today
    from shop.outreach_report import plan

    seed_demo_shop()
    peak = next(p for p in load_booking_rules().peak_days if p.key == "mothers-day")
    coming = peak.on(today().year) if peak.on(today().year) > today() else peak.on(today().year + 1)
    rows = plan([coming - timedelta(days=21)], datetime.now().astimezone(), {})
    invited = sorted(row["member"]["name"] for row in rows if row["kind"] == "festival-invite")
    assert invited == ["张姐", "李阿姨"]


def test_the_demo_shop_keeps_plants_from_the_counter_and_the_portal_and_their_digest_is_planned(shop):
    from datetime import datetime

    from infra.seed import _member_id
    from shop.dates import today
    from shop.outreach_report import plan
    from shop.plants import list_plants, next_digest_day

    seed_demo_shop()
    seed_demo_shop()  # twice: nothing is kept twice
    li = _member_id("136 6188 2020")  # bought a moth orchid, a money tree and pothos at the counter
    assert sorted(p.guide for p in list_plants(li)) == ["money-tree", "phalaenopsis", "pothos"]
    assert {p.source for p in list_plants(li)} == {"counter"}
    emma = _member_id("emma.clarke@example.com")
    assert sorted(p.guide for p in list_plants(emma)) == ["peace-lily", "succulents"]
    rows = plan([next_digest_day("monthly", today())], datetime.now().astimezone(), {})
    digests = {row["member"]["name"] for row in rows if row["kind"] == "care-digest"}
    assert {"李阿姨", "陈小姐"} <= digests and "Emma" not in digests  # Emma chose weekly
    weekly = plan([next_digest_day("weekly", today())], datetime.now().astimezone(), {})
    assert "Emma" in {row["member"]["name"] for row in weekly if row["kind"] == "care-digest"}


def test_the_demo_shop_has_top_up_offers_and_members_who_paid_from_their_balance(shop):
    from infra.seed import _member_id
    from shop.tables import Member
    from shop.wallet import load_wallet_rules, wallet_view

    seed_demo_shop()
    seed_demo_shop()  # twice: topped up once
    assert [o.bonus_fen for o in load_wallet_rules().offers] == [5_000, 15_000, 60_000]
    zhang = wallet_view(Member.get(_member_id("138 0013 8000")))
    assert zhang["balance_fen"] == 115_000 - 26_800 and [m["kind"] for m in zhang["movements"]] == ["pay", "topup"]


def test_the_demo_shop_has_a_weekly_card_and_a_family_card(shop):
    from infra.seed import _member_id
    from shop.subscriptions import list_subscriptions

    seed_demo_shop()
    seed_demo_shop()  # sold once
    (weekly,) = list_subscriptions(_member_id("186 2171 3344"))
    (family,) = list_subscriptions(_member_id("139 1234 5678"))
    assert (weekly.cadence, int(weekly.count), weekly.family) == ("weekly", 4, False)
    assert family.family and family.mode == "delivery" and family.recipient["name"] == "王妈妈"


def test_the_demo_shop_has_a_company_ordering_on_account(shop):
    from shop.companies import list_companies, statement
    from shop.dates import today

    seed_demo_shop()
    seed_demo_shop()  # ordered once
    (company,) = list_companies()
    found = statement(company.company_id, today().isoformat()[:7])
    assert found["total_fen"] == (380 + 520) * 90 and int(company.owed_fen) == found["total_fen"]


def test_the_demo_shop_has_tags_ratings_a_counted_segment_a_campaign_and_a_census(shop):
    from infra.seed import DEMO_SEGMENT, seed_demo_shop
    from shop.campaigns import list_campaigns
    from shop.feedback import open_follow_ups
    from shop.segments import list_segments
    from shop.tables import ReportFigures

    seed_demo_shop()
    seed_demo_shop()  # once
    (segment,) = list_segments()
    assert segment.name == DEMO_SEGMENT and segment.status == "ready" and segment.count >= 1
    assert [c.status for c in list_campaigns()] == ["draft"]
    assert [int(f.rating) for f in open_follow_ups("xuhui")] == [2]
    assert list(ReportFigures.query("census#chain"))
