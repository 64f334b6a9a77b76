"""The sender: the daily job queues each decided message (SQS, moto here); the sender claims it
and sends it once, reports a failed record alone (partial batch response) so it is tried again,
and never sends a claim a crash left behind."""

from __future__ import annotations

from datetime import date

import boto3
import pytest

from tests.support import join, outbox, travel_to


@pytest.fixture
def queue(shop, monkeypatch):
    from shop.settings import reset_settings

    url = boto3.client("sqs").create_queue(QueueName="outreach")["QueueUrl"]
    monkeypatch.setenv("OUTREACH_QUEUE_URL", url)
    reset_settings()
    yield url
    reset_settings()


def _event(url: str) -> dict:
    found = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    records = [
        {
            "messageId": m["MessageId"],
            "receiptHandle": m["ReceiptHandle"],
            "body": m["Body"],
            "attributes": {"ApproximateReceiveCount": "1"},
            "messageAttributes": {},
            "md5OfBody": m["MD5OfBody"],
            "eventSource": "aws:sqs",
            "eventSourceARN": "arn:aws:sqs:local:000000000000:outreach",
            "awsRegion": "local",
        }
        for m in found
    ]
    return {"Records": records}


def _send(event: dict) -> dict:
    from infra.devserver import LambdaContext
    from sender.app import lambda_handler

    return lambda_handler(event, LambdaContext("SenderFunction"))


@pytest.fixture
def two_members(queue, client, outbox_path, clock):
    from tests.support import ApiClient

    ids = []
    for n, (contact, recipient) in enumerate((("13800138000", "+8613800138000"), ("13912345678", "+8613912345678"))):
        member = client if n == 0 else ApiClient(source_ip="198.51.100.80")
        ids.append(join(member, outbox_path, contact, recipient).body["member"]["id"])
        member.patch("/api/me", {"marketing": {"sms": True}})
    travel_to(clock, date(2030, 6, 1), 10)
    return ids


def _decide(member_id: str, reason: str) -> str:
    from shop.outreach import deliver
    from shop.tables import Member

    params = {"points": 5, "date": "2030-12-31"}
    return deliver(Member.get(member_id), reason, date(2030, 6, 1), "points_notice", params, True)


def test_a_queued_message_is_sent_once_even_when_the_queue_delivers_it_twice(two_members, queue, outbox_path):
    from shop.tables import Message

    first, _second = two_members
    assert _decide(first, "once") == "queued"
    assert Message.get(f"{first}#once#2030-06-01").status == "pending"
    event = _event(queue)
    assert _send(event) == {"batchItemFailures": []}
    assert _send(event) == {"batchItemFailures": []}  # delivered again by SQS: not sent again
    assert len([m for m in outbox(outbox_path) if m["template"] == "points_notice"]) == 1
    assert Message.get(f"{first}#once#2030-06-01").status == "sent"


def test_a_failed_record_is_reported_alone_and_sent_on_the_retry(two_members, queue, outbox_path, monkeypatch):
    from shop.messaging import Outbox
    from shop.tables import Message

    first, second = two_members
    _decide(first, "batch")
    _decide(second, "batch")
    event = _event(queue)
    real_send = Outbox.send

    def flaky(self, template_id, params, recipient, lang):
        if recipient == "+8613912345678":
            raise ConnectionError("the SMS provider is down")
        return real_send(self, template_id, params, recipient, lang)

    monkeypatch.setattr(Outbox, "send", flaky)
    answer = _send(event)
    failed_id = next(r["messageId"] for r in event["Records"] if second in r["body"])
    assert answer == {"batchItemFailures": [{"itemIdentifier": failed_id}]}
    assert Message.get(f"{second}#batch#2030-06-01").status == "failed"
    monkeypatch.setattr(Outbox, "send", real_send)
    assert _send(event) == {"batchItemFailures": []}  # the retry: the failed one goes, the sent one does not
    sent = [m["recipient"] for m in outbox(outbox_path) if m["template"] == "points_notice"]
    assert sorted(sent) == ["+8613800138000", "+8613912345678"]


def test_a_claim_left_by_a_crash_is_never_sent_again(two_members, queue, outbox_path):
    from shop.tables import Message

    first, _ = two_members
    _decide(first, "crash")
    Message.get(f"{first}#crash#2030-06-01").update(actions=[Message.status.set("sending")])  # a crash mid-send
    assert _send(_event(queue)) == {"batchItemFailures": []}
    assert [m for m in outbox(outbox_path) if m["template"] == "points_notice"] == []
