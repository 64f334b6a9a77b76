"""Bookings: slots and capacity, the Gold share, cut-offs, holds, warnings and taboos, the steps
of a booking, points at completion (once), photos, the workroom's stems, reminders, privacy."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from shop.dates import today
from tests.support import ApiClient, join, outbox

LILIES = {
    "kind": "bouquet",
    "name_zh": "白百合花束",
    "name_en": "White lilies",
    "price": "299",
    "illustration": "lily",
    "recipe": [{"variety": "lily", "stems": 5}, {"variety": "eucalyptus", "stems": 3}],
    "occasions": ["birthday", "mothers-day"],
}
ROSES = LILIES | {
    "name_zh": "11枝红玫瑰",
    "name_en": "Eleven red roses",
    "price": "199",
    "illustration": "rose",
    "recipe": [{"variety": "rose-red", "stems": 11}, {"variety": "eucalyptus", "stems": 2}],
}
ORCHID = LILIES | {
    "kind": "potted-plant",
    "name_zh": "蝴蝶兰",
    "name_en": "Phalaenopsis",
    "price": "380",
    "illustration": "orchid",
    "recipe": [{"variety": "orchid", "stems": 1}],
    "deliverable": False,
}
ADDRESS = {
    "province": "上海市",
    "city": "上海市",
    "district": "静安区",
    "street": "南京西路1266号",
    "building_room": "2号楼 1201",
}
RECIPIENT = {"name": "李妈妈", "phone": "13912340000", "address": ADDRESS}


@pytest.fixture
def desk(team, client, outbox_path, clock):
    """A store with three catalog items, small capacities and a peak day 20 days ahead; a member
    with a pollen allergy and a cat."""
    items = {}
    for key, body in (("lilies", LILIES), ("roses", ROSES), ("orchid", ORCHID)):
        answer = team.manager.post("/api/staff/catalog", body)
        assert answer.status == 201, answer.body
        items[key] = answer.body["id"]
    peak = today() + timedelta(days=20)
    rules = team.manager.get("/api/staff/booking-rules").body
    rules |= {"pickup_capacity": 2, "delivery_capacity": 2, "closed_weekdays": [], "gold_share_percent": 20}
    rules |= {"gold_priority_windows": ["18:00-20:00"]}
    rules["peak_days"] = [
        {
            "key": "test-peak",
            "name_zh": "测试节",
            "name_en": "Test day",
            "calendar": "solar",
            "month": peak.month,
            "day": peak.day,
            "pickup_capacity": 5,
            "delivery_capacity": 5,
            "early_bird_days": 14,
            "early_bird_percent": 10,
        }
    ]
    assert team.manager.put("/api/staff/booking-rules", rules).status == 200
    member_id = join(client, outbox_path, "13800138000", "+8613800138000").body["member"]["id"]
    client.patch("/api/me", {"sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["cat"]}})
    return {"items": items, "peak": peak, "member_id": member_id, "member": client, "store": team.store_id}


def test_a_care_guide_lists_the_items_it_is_about(desk, client):
    """Bouquets by the varieties in their recipe, potted plants by name; an unknown guide is 422."""
    names = {
        slug: [item["name"] for item in client.get(f"/api/catalog?guide={slug}").body["items"]]
        for slug in ("lily", "rose", "phalaenopsis", "peace-lily", "pothos")
    }
    assert names == {
        "lily": ["白百合花束"],
        "rose": ["11枝红玫瑰"],
        "phalaenopsis": ["蝴蝶兰"],
        "peace-lily": [],
        "pothos": [],
    }
    assert len(client.get("/api/catalog").body["items"]) == 3
    assert client.get("/api/catalog?guide=no-such-plant").body["error"] == "no_such_guide"
    assert client.get("/api/catalog?guide=../etc").status == 422


def booking(desk, day: date, mode="delivery", item="roses", window="10:00-12:00", **extra) -> dict:
    body = {"store": desk["store"], "date": day.isoformat(), "window": window, "mode": mode}
    body["items"] = [{"item_id": desk["items"][item], "quantity": 1}]
    if mode == "delivery":
        body["recipient"] = RECIPIENT
    return body | extra


def book(client, body, key):
    return client.post("/api/me/bookings", body, headers={"idempotency-key": key})


def test_a_month_of_slots_is_one_answer_with_the_peak_day_marked(desk, client):
    start = today() + timedelta(days=1)
    answer = client.get(f"/api/slots?store={desk['store']}&from={start}&to={start + timedelta(days=29)}")
    assert answer.status == 200
    days = answer.body["days"]
    assert len(days) == 30
    peak = next(day for day in days if day["date"] == desk["peak"].isoformat())
    assert peak["peak"]["name"] == "测试节"
    assert peak["early_bird"] == {"percent": 10, "until": (desk["peak"] - timedelta(days=14)).isoformat()}
    assert peak["windows"][0]["delivery"] == {"left": 4, "gold_left": 1}
    assert days[0]["windows"][0]["pickup"] == {"left": 2, "gold_left": 0}
    too_long = client.get(f"/api/slots?store={desk['store']}&from={start}&to={start + timedelta(days=90)}")
    assert too_long.status == 400 and too_long.body["error"] == "range_too_long"


def test_a_member_books_once_per_key_and_takes_one_place(desk, team, outbox_path):
    member, day = desk["member"], today() + timedelta(days=3)
    first = book(member, booking(desk, day), "b1")
    assert first.status == 201 and first.body["status"] == "confirmed"
    for _ in range(4):
        assert book(member, booking(desk, day), "b1").body["id"] == first.body["id"]
    slots = member.get(f"/api/slots?store={desk['store']}&from={day}&to={day}").body["days"][0]
    assert slots["windows"][0]["delivery"]["left"] == 1
    assert book(member, booking(desk, day, item="lilies"), "b1").body["error"] == "idempotency_key_reused"
    notices = [m for m in outbox(outbox_path) if m["template"] == "booking_notice"]
    assert len(notices) == 1 and notices[0]["recipient"] == "+8613800138000"  # one booking, one notice
    from shop.tables import Reminder

    reminder = Reminder.get(f"booking-reminder#{desk['member_id']}#{first.body['id']}")
    assert reminder.due_on == (day - timedelta(days=1)).isoformat()
    mine = member.get("/api/me/bookings").body["bookings"]
    assert [b["id"] for b in mine] == [first.body["id"]]
    card = team.clerk.get(f"/api/staff/members/{desk['member_id']}").body
    assert [u["booking_id"] for u in card["upcoming"] if u["kind"] == "booking"] == [first.body["id"]]
    assert any("10:00-12:00" in said for said in card["talking_points"])


def test_a_full_slot_says_so_and_a_delivery_needs_an_address(desk):
    member, day = desk["member"], today() + timedelta(days=3)
    assert book(member, booking(desk, day), "a").status == 201
    assert book(member, booking(desk, day), "b").status == 201
    full = book(member, booking(desk, day), "c")
    assert full.status == 409 and full.body["error"] == "slot_full"
    no_address = booking(desk, day, window="12:00-14:00") | {"recipient": {"name": "李妈妈", "phone": "13912340000"}}
    assert book(member, no_address, "d").body["error"] == "address_needed"
    assert book(member, booking(desk, day, item="orchid", window="12:00-14:00"), "e").body["error"] == "not_deliverable"


def test_warnings_name_the_allergy_the_pet_and_the_taboos(desk, team):
    member, day = desk["member"], today() + timedelta(days=3)
    quote = member.post("/api/me/bookings/quote", booking(desk, day, item="lilies", occasion="birthday")).body
    assert {w["code"] for w in quote["warnings"]} == {"pollen", "toxic-cat"}
    assert any("百合" in w["text"] for w in quote["warnings"])
    white = team.manager.post(
        "/api/staff/catalog",
        LILIES
        | {"name_zh": "白菊", "recipe": [{"variety": "chrysanthemum-white", "stems": 4}], "illustration": "mixed"},
    ).body["id"]
    desk["items"]["white"] = white
    taboo = member.post("/api/me/bookings/quote", booking(desk, day, item="white", occasion="birthday")).body
    assert {"white-chrysanthemum", "four-stems"} <= {w["code"] for w in taboo["warnings"]}
    sympathy = member.post("/api/me/bookings/quote", booking(desk, day, item="white", occasion="sympathy")).body
    assert "white-chrysanthemum" not in {w["code"] for w in sympathy["warnings"]}
    plant = member.post("/api/me/bookings/quote", booking(desk, day, mode="pickup", item="orchid", occasion="get-well"))
    assert "potted-plant-hospital" in {w["code"] for w in plant.body["warnings"]}


def test_the_price_has_the_early_bird_the_delivery_fee_and_the_points(desk, team):
    member = desk["member"]
    quote = member.post("/api/me/bookings/quote", booking(desk, desk["peak"])).body  # 20 days ahead: early
    assert quote["early_bird_fen"] == 1990 and quote["total_fen"] == 19_900 - 1990 + 3000
    assert quote["points"] == 179 + 100  # per yuan on the flowers (not delivery), and the first-purchase bonus
    rules = team.manager.get("/api/staff/booking-rules").body
    rules["peak_days"][0]["early_bird_days"] = 25
    team.manager.put("/api/staff/booking-rules", rules)
    late = member.post("/api/me/bookings/quote", booking(desk, desk["peak"])).body
    assert late["early_bird_fen"] == 0 and late["subtotal_fen"] == 19_900 + 3000


def test_the_gold_share_of_a_peak_day_is_kept_for_gold_members(desk, team, outbox_path):
    member, peak = desk["member"], desk["peak"]
    for n in range(4):
        assert book(member, booking(desk, peak), f"k{n}").status == 201
    assert book(member, booking(desk, peak), "k5").body["error"] == "slot_full"  # the last place is Gold's
    gold = ApiClient(source_ip="198.51.100.20")
    gold_id = join(gold, outbox_path, "13912345678", "+8613912345678", name="王先生").body["member"]["id"]
    team.manager.put(f"/api/staff/members/{gold_id}/tier", {"tier": "gold", "reason": "老顾客", "until": "2030-01-01"})
    gold_booking = book(gold, booking(desk, peak), "g1")
    assert gold_booking.status == 201 and gold_booking.body["peak"]["name"] == "测试节"
    assert book(gold, booking(desk, peak), "g2").body["error"] == "slot_full"


def test_nobody_books_past_the_cutoff_and_members_cancel_until_the_day_before(desk, clock):
    from shop.settings import get_settings

    member = desk["member"]
    zone = get_settings().time_zone
    tomorrow = today() + timedelta(days=1)
    made = book(member, booking(desk, tomorrow), "t").body
    local_now = datetime.now(zone)
    afternoon = datetime.combine(tomorrow, datetime.min.time(), zone) + timedelta(hours=15)
    clock.advance(seconds=(afternoon - local_now).total_seconds())  # tomorrow, 15:00 in Shanghai
    # the member's session is still valid (30 days); it is past today's cut-off and past the day before's
    assert book(member, booking(desk, tomorrow, window="12:00-14:00"), "late").body["error"] == "past_cutoff"
    assert member.post(f"/api/me/bookings/{made['id']}/cancel").body["error"] == "too_late_to_cancel"
    yesterday = booking(desk, tomorrow - timedelta(days=1))
    assert book(member, yesterday, "past").body["error"] == "past_cutoff"


def test_a_member_cancels_and_the_place_comes_back(desk):
    member, day = desk["member"], today() + timedelta(days=5)
    made = book(member, booking(desk, day), "x").body
    cancelled = member.post(f"/api/me/bookings/{made['id']}/cancel")
    assert cancelled.status == 200 and cancelled.body["status"] == "cancelled"
    slots = member.get(f"/api/slots?store={desk['store']}&from={day}&to={day}").body["days"][0]
    assert slots["windows"][0]["delivery"]["left"] == 2
    stranger = ApiClient(source_ip="198.51.100.30")
    assert stranger.get(f"/api/me/bookings/{made['id']}").status == 401


def test_a_peak_day_phone_order_without_a_deposit_holds_its_place_until_the_hold_runs_out(desk, team, clock):
    from daily.app import release_holds

    peak = desk["peak"]
    order = booking(desk, peak, window="12:00-14:00") | {
        "customer": {"name": "赵女士", "phone": "13700001111"},
        "payment": {"status": "unpaid"},
    }
    held = team.clerk.post("/api/staff/bookings", order, headers={"idempotency-key": "p1"}).body
    assert held["status"] == "requested" and held["hold_until"]
    paid = order | {"payment": {"status": "deposit", "method": "wechat-pay", "deposit": "50"}}
    kept = team.clerk.post("/api/staff/bookings", paid, headers={"idempotency-key": "p2"}).body
    assert kept["status"] == "confirmed" and kept["payment"]["deposit_fen"] == 5000
    assert release_holds() == 0  # not yet
    confirmed_later = team.clerk.post("/api/staff/bookings", order, headers={"idempotency-key": "p3"}).body
    paid_now = {"status": "deposit", "method": "cash", "deposit": "30"}
    assert (
        team.clerk.post(f"/api/staff/bookings/{confirmed_later['id']}/payment", paid_now).body["status"] == "confirmed"
    )
    clock.advance(hours=25)
    assert release_holds() == 2  # one lapsed, one confirmed by its deposit: both settled
    from shop.bookings import get_booking

    lapsed = get_booking(held["id"])
    assert lapsed.status == "cancelled" and lapsed.history[-1]["reason"] == "hold expired"
    assert get_booking(kept["id"]).status == "confirmed" and get_booking(confirmed_later["id"]).status == "confirmed"
    from shop.booking_rules import load_booking_rules
    from shop.slots import places_left, read_slot

    slot = read_slot(desk["store"], peak, "12:00-14:00")
    assert places_left(load_booking_rules(), peak, "12:00-14:00", "delivery", slot) == (2, 1)


def test_completing_earns_points_once_and_failing_earns_nothing(desk, team):
    member, day = desk["member"], today() + timedelta(days=2)
    made = book(member, booking(desk, day, mode="pickup"), "c1").body
    other = book(member, booking(desk, day, mode="pickup", window="12:00-14:00"), "c2").body
    step = lambda b, status, **extra: team.clerk.post(f"/api/staff/bookings/{b}/status", {"status": status, **extra})
    assert step(made["id"], "ready").status == 200
    assert step(made["id"], "out-for-delivery").body["error"] == "wrong_status"  # a pickup is not delivered
    done = step(made["id"], "completed").body
    again = step(made["id"], "completed").body
    assert done["purchase_id"] and again["purchase_id"] == done["purchase_id"]
    assert done["points_earned"] == 199 + 100  # the sale's own figure: per yuan and the first purchase
    points = member.get("/api/me/points").body
    assert [line["kind"] for line in points["history"]].count("earn") == 1
    assert points["balance"] == 199 + 100
    assert step(made["id"], "ready").body["error"] == "wrong_status"
    assert step(other["id"], "failed").status == 422  # a reason is required
    assert step(other["id"], "failed", reason="花材不足").body["status"] == "failed"
    assert member.get("/api/me/points").body["balance"] == 299


def test_photos_are_uploaded_through_a_presigned_url_and_shown_to_the_member(desk, team, monkeypatch, outbox_path):
    member, day = desk["member"], today() + timedelta(days=2)
    made = book(member, booking(desk, day), "ph").body
    upload = team.clerk.post(f"/api/staff/bookings/{made['id']}/photos", {"kind": "before"}).body
    assert upload["upload_url"].endswith(f"/dev/photos/bookings/{made['id']}/before.jpg")
    shown = member.get(f"/api/me/bookings/{made['id']}").body
    assert shown["photos"]["before"].endswith("before.jpg")
    team.clerk.post(f"/api/staff/bookings/{made['id']}/photos", {"kind": "handover"})
    from shop.settings import reset_settings

    monkeypatch.setenv("SITE_URL", "https://flowers.example.cn")
    reset_settings()
    team.clerk.post(f"/api/staff/bookings/{made['id']}/status", {"status": "out-for-delivery"})
    team.clerk.post(f"/api/staff/bookings/{made['id']}/status", {"status": "completed"})
    delivered = [m for m in outbox(outbox_path) if m["template"] == "booking_notice"][-1]
    assert f"https://flowers.example.cn/bookings/?id={made['id']}" in delivered["text"]


def test_photos_in_aws_use_presigned_s3_urls(shop, monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    from shop.photos import upload_url, view_url
    from shop.settings import reset_settings

    monkeypatch.setenv("PHOTOS_DIR", "")
    monkeypatch.setenv("PHOTOS_BUCKET", "pp-photos")
    reset_settings()
    try:
        for url, seconds in (
            (upload_url("bookings/b1/before.jpg"), "600"),
            (view_url("bookings/b1/before.jpg"), "3600"),
        ):
            parts = urlsplit(url)
            assert "pp-photos" in parts.netloc + parts.path and parts.path.endswith("bookings/b1/before.jpg")
            query = parse_qs(parts.query)
            assert query["X-Amz-Expires"] == [seconds] and query["X-Amz-Signature"]
    finally:
        reset_settings()


def test_the_board_sums_the_stems_to_buy_from_the_recipes(desk, team):
    member, peak = desk["member"], desk["peak"]
    two = booking(desk, peak, mode="pickup") | {"items": [{"item_id": desk["items"]["roses"], "quantity": 2}]}
    book(member, two, "s1")
    book(member, booking(desk, peak, mode="pickup", item="lilies"), "s2")
    cancelled = book(member, booking(desk, peak, mode="pickup", window="12:00-14:00"), "s3").body
    member.post(f"/api/me/bookings/{cancelled['id']}/cancel")
    board = team.clerk.get(f"/api/staff/bookings?store={desk['store']}&date={peak}").body
    stems = {line["variety"]: line["stems"] for line in board["stems"]}
    assert stems == {"rose-red": 22, "eucalyptus": 2 * 2 + 3, "lily": 5}
    assert board["peak"]["name"] == "测试节"
    assert len(board["windows"][0]["bookings"]) == 2
    assert board["windows"][0]["bookings"][1]["warnings"]  # the lilies: pollen and the cat


def test_tomorrows_booking_is_reminded_once_by_the_daily_job(desk, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.reminders import run_daily

    member, day = desk["member"], today() + timedelta(days=2)
    book(member, booking(desk, day), "r")
    clock.advance(days=1)
    sent = len(outbox(outbox_path))
    assert run_daily(today(), HANDLERS)["done"].get("booking-reminder") == 1
    assert run_daily(today(), HANDLERS)["done"] == {}
    reminders = outbox(outbox_path)[sent:]
    assert [(m["template"], m["recipient"]) for m in reminders] == [("booking_notice", "+8613800138000")]
    assert "10:00-12:00" in reminders[0]["text"]


def test_a_gold_first_window_opens_to_everyone_only_close_to_the_peak_day(desk, team, clock, outbox_path):
    member, peak = desk["member"], desk["peak"]
    evening = booking(desk, peak, window="18:00-20:00")
    assert book(member, evening, "e1").body["error"] == "slot_full"  # 20 days ahead: Gold first
    gold = ApiClient(source_ip="198.51.100.21")
    gold_id = join(gold, outbox_path, "13912345678", "+8613912345678", name="王先生").body["member"]["id"]
    team.manager.put(f"/api/staff/members/{gold_id}/tier", {"tier": "gold", "reason": "老顾客", "until": "2030-01-01"})
    assert book(gold, evening, "g1").status == 201
    clock.advance(days=17)  # three days before: open to all
    from shop.bookings import Ask, create_booking

    ask = Ask(
        desk["store"],
        peak,
        "18:00-20:00",
        "delivery",
        ((desk["items"]["roses"], 1),),
        recipient=RECIPIENT,
        member_id=desk["member_id"],
    )
    assert create_booking(ask, desk["member_id"], "e2", "self").status == "confirmed"


def test_a_store_can_open_its_own_windows_and_close_its_own_days(desk, team):
    rules = team.manager.get("/api/staff/booking-rules").body
    closed = today() + timedelta(days=4)
    rules["stores"] = {desk["store"]: {"windows": ["09:00-11:00", "11:00-13:00"], "closed_days": [closed.isoformat()]}}
    assert team.manager.put("/api/staff/booking-rules", rules).status == 200
    days = desk["member"].get(f"/api/slots?store={desk['store']}&from={closed}&to={closed + timedelta(days=1)}").body
    assert [w["window"] for w in days["days"][1]["windows"]] == ["09:00-11:00", "11:00-13:00"]
    assert days["days"][0]["closed"] is True
    refused = book(desk["member"], booking(desk, closed, window="09:00-11:00"), "closed")
    assert refused.status == 409 and refused.body["error"] == "day_closed"


def test_another_members_booking_is_not_there_and_erasure_takes_the_recipients(desk, outbox_path, clock):
    member, day = desk["member"], today() + timedelta(days=3)
    saved = booking(desk, day) | {"recipient": RECIPIENT | {"save": True}, "card_message": "妈妈辛苦了"}
    made = book(member, saved, "mine").body
    saved_id = member.get("/api/me/recipients").body["recipients"][0]["id"]
    again = book(member, booking(desk, day, window="12:00-14:00") | {"recipient": {"recipient_id": saved_id}}, "again")
    assert again.status == 201 and again.body["recipient"]["address"]["district"] == "静安区"
    other = ApiClient(source_ip="198.51.100.40")
    join(other, outbox_path, "13912345678", "+8613912345678", name="王五")
    assert other.get(f"/api/me/bookings/{made['id']}").status == 404
    assert other.post(f"/api/me/bookings/{made['id']}/cancel").status == 404
    export = member.get("/api/me/export").body
    assert "妈妈辛苦了" in [b["card_message"] for b in export["bookings"]]
    assert export["recipients"][0]["name"] == "李妈妈"

    from shop.privacy import erase_member
    from shop.tables import Booking, Recipient

    erase_member(desk["member_id"], "test")
    kept = Booking.get(made["id"])
    assert kept.recipient is None and kept.card_message is None and kept.status == "confirmed"
    assert list(Recipient.query(desk["member_id"])) == []


def test_last_years_festival_buyers_are_invited_unless_they_booked_again(desk, clock, outbox_path):
    from daily.app import HANDLERS
    from shop.booking_rules import load_booking_rules
    from shop.dates import today
    from shop.reminders import run_daily
    from tests.support import travel_to

    member, peak = desk["member"], desk["peak"]
    member.patch("/api/me", {"marketing": {"sms": True}})
    assert book(member, booking(desk, peak, mode="pickup"), "this-year").status == 201
    next_time = load_booking_rules().peak_days[0].on(peak.year + 1)
    again = ApiClient(source_ip="198.51.100.90")
    join(again, outbox_path, "13912345678", "+8613912345678", name="王先生")
    again.patch("/api/me", {"marketing": {"sms": True}})
    assert book(again, booking(desk, peak, mode="pickup"), "this-year").status == 201
    assert book(again, booking(desk, next_time, mode="pickup"), "next-year").status == 201  # booked already
    travel_to(clock, next_time - timedelta(days=14), 10)
    assert run_daily(today(), HANDLERS)["done"].get("festival-invite") == 1  # the other booked: their item moved on
    invited = [m for m in outbox(outbox_path) if m["template"] == "festival_invite"]
    assert [m["recipient"] for m in invited] == ["+8613800138000"]  # not the one who booked again
    assert len(invited) == 1 and "测试节" in invited[0]["text"] and f"/book/?date={next_time}" in invited[0]["text"]
    assert run_daily(today(), HANDLERS)["done"] == {}  # once
