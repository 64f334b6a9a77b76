"""Export gives everything; erasure leaves nothing; the inventory lists every field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import boto3

from infra.template import tables
from shop.tables import MODELS
from tests.support import ApiClient, join, last_code

INVENTORY = Path(__file__).resolve().parents[2] / "docs" / "data-inventory.md"
ROW = re.compile(r"^\| (\w+) \| `(\w+)` \| ([^|]+) \|[^|]*\|[^|]*\| ([^|]+) \|", re.MULTILINE)


def _inventory() -> dict[tuple[str, str], str]:
    return {(table, field): export.strip() for table, field, _, export in ROW.findall(INVENTORY.read_text())}


def test_the_inventory_lists_every_attribute_of_every_model():
    listed = _inventory()
    missing = [
        f"{model.table}.{attr.attr_name}"
        for model in MODELS
        for attr in model.get_attributes().values()
        if (model.table, attr.attr_name) not in listed
    ]
    assert missing == []


def _full_member(client, outbox_path, clock, team):
    joined = join(
        client,
        outbox_path,
        "13800138000",
        "+8613800138000",
        name="张三",
        salutation="张姐",
        store=team.store_id,
        invited_by=team.clerk_id,
        birthday={"calendar": "lunar", "month": 8, "day": 15, "year": 1980},
    )
    client.patch(
        "/api/me",
        {
            "preferences": {
                "flowers": ["lily", "peony"],
                "colours": ["white"],
                "styles": ["natural"],
                "budget": "200-400",
                "note": "不要太香",
            },
            "sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["cat"]},
            "marketing": {"email": True},
        },
    )
    client.post("/api/auth/code", {"contact": "zhang.san@example.com", "purpose": "add-contact"})
    added = client.post(
        "/api/me/contacts",
        {"contact": "zhang.san@example.com", "code": last_code(outbox_path, "zhang.san@example.com")},
    )
    assert added.status == 201, added.body
    member_id = joined.body["member"]["id"]
    assert team.clerk.post(f"/api/staff/members/{member_id}/notes", {"text": "上周买了白色芍药"}).status == 201
    occasion = {"person": "外婆", "relationship": "grandparent", "kind": "birthday", "remind_days": 7}
    occasion["date"] = {"calendar": "lunar", "month": 3, "day": 3}
    assert client.post("/api/me/occasions", occasion).status == 201
    assert client.post("/api/me/plants", {"guide": "pothos", "nickname": "阳台绿萝"}).status == 201
    return member_id


def test_the_export_holds_every_field_the_inventory_lists_for_a_member(client, outbox_path, clock, team):
    _full_member(client, outbox_path, clock, team)
    answer = client.get("/api/me/export")  # as the signup function, with only its tables
    assert answer.status == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    export = answer.body
    for (table, field), exported in _inventory().items():
        if exported != "yes":
            continue
        if table == "Members" and field != "erased_at":
            assert field in export["member"], field
        elif table == "Contacts":
            assert all(field in contact for contact in export["contacts"]), field
    assert len(export["contacts"]) == 2
    assert export["member"]["notes"][0]["text"] == "上周买了白色芍药"
    assert {"member.joined", "member.changed", "member.contact_added"} <= {e["action"] for e in export["audit"]}
    assert export["occasions"][0]["person"] == "外婆" and export["plants"][0]["nickname"] == "阳台绿萝"


def _everything() -> str:
    dynamodb = boto3.client("dynamodb")
    return json.dumps([dynamodb.scan(TableName=t.name("test"))["Items"] for t in tables()], ensure_ascii=False)


def test_erasure_leaves_none_of_the_member_anywhere_and_frees_the_phone(client, outbox_path, clock, team):
    member_id = _full_member(client, outbox_path, clock, team)
    token = client.session
    before = _everything()
    for secret in (
        "张三",
        "张姐",
        "+8613800138000",
        "zhang.san@example.com",
        "不要太香",
        "上周买了白色芍药",
        "阳台绿萝",
    ):
        assert secret in before
    clock.advance(seconds=61)
    client.post("/api/auth/code", {"contact": "13800138000", "purpose": "erase"})
    code = last_code(outbox_path, "+8613800138000")
    assert client.delete("/api/me", {"contact": "13800138000", "code": "000000"}).status == 400  # a wrong code
    answer = client.delete("/api/me", {"contact": "13800138000", "code": code})
    assert answer.status == 200
    assert any("Max-Age=0" in cookie for cookie in answer.cookies)

    after = _everything()
    for secret in (
        "张三",
        "张姐",
        "8613800138000",
        "138****8000",
        "zhang.san@example.com",
        "不要太香",
        "芍药",
        "外婆",
        "阳台绿萝",
        "pollen",
        '"month"',
        "zs",
    ):
        assert secret not in after, secret
    assert member_id in after  # the tombstone keeps anonymous totals countable
    assert client.get("/api/me", session=token).status == 401
    assert team.clerk.get(f"/api/staff/members/{member_id}").status == 404
    assert team.clerk.get("/api/staff/members?q=8000").body["results"] == []

    clock.advance(seconds=61)
    again = join(ApiClient(source_ip="198.51.100.77"), outbox_path, "13800138000", "+8613800138000", name="新会员")
    assert again.status == 201
    assert again.body["member"]["id"] != member_id


def test_a_manager_can_erase_a_member_and_a_clerk_cannot(client, outbox_path, clock, team):
    member_id = _full_member(client, outbox_path, clock, team)
    assert team.clerk.delete(f"/api/staff/members/{member_id}").status == 403
    assert team.manager.delete(f"/api/staff/members/{member_id}").status == 200
    assert team.manager.delete(f"/api/staff/members/{member_id}").status == 200  # idempotent
    assert client.get("/api/me").status == 401
    assert "张三" not in _everything() and "阳台绿萝" not in _everything()


def test_sensitive_details_need_their_own_consent(client, outbox_path):
    join(client, outbox_path, "13800138000", "+8613800138000")
    refused = client.patch("/api/me", {"sensitive": {"consent": False, "allergies": ["pollen"]}})
    assert refused.status == 422 and refused.body["error"] == "consent_needed"
    kept = client.patch("/api/me", {"sensitive": {"consent": True, "allergies": ["pollen"], "pets": ["dog"]}})
    assert kept.body["sensitive"]["allergies"] == ["pollen"] and kept.body["sensitive"]["consented"]
    withdrawn = client.patch("/api/me", {"sensitive": {"consent": False}})
    assert withdrawn.body["sensitive"] == {"consented": False, "consented_at": None, "allergies": [], "pets": []}


def test_marketing_consent_is_recorded_per_channel_with_time_and_source(client, outbox_path, clock):
    join(client, outbox_path, "13800138000", "+8613800138000", marketing_consent=False)
    clock.advance(hours=1)
    profile = client.patch("/api/me", {"marketing": {"sms": True}}).body
    assert profile["marketing"]["sms"]["granted"] is True
    assert profile["marketing"]["sms"]["source"] == "profile"


def test_the_opt_out_link_works_without_signing_in_and_only_for_its_member_and_channel(client, outbox_path):
    from shop.privacy import optout_token

    member_id = join(client, outbox_path, "13800138000", "+8613800138000", marketing_consent=True).body["member"]["id"]
    token = optout_token(member_id, "sms")
    stranger = ApiClient(source_ip="198.51.100.9")
    answer = stranger.post("/api/optout", {"token": token})
    assert answer.status == 200 and answer.body["channel"] == "sms"
    profile = client.get("/api/me").body
    assert profile["marketing"]["sms"]["granted"] is False
    assert profile["marketing"]["sms"]["source"] == "opt-out link"
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert stranger.post("/api/optout", {"token": forged}).status == 400
    other_channel = optout_token(member_id, "email").split(".")[1]
    assert stranger.post("/api/optout", {"token": token.split(".")[0] + "." + other_channel}).status == 400


def test_a_member_confirms_being_14_or_older_to_join(client, outbox_path):
    client.post("/api/auth/code", {"contact": "13800138000"})
    code = last_code(outbox_path, "+8613800138000")
    body = {"contact": "13800138000", "code": code, "name": "小朋友"}
    assert client.post("/api/members", {**body, "confirms_age": False}).status == 422
    assert client.post("/api/members", body).status == 422
    assert client.post("/api/members", {**body, "confirms_age": True}).status == 201
