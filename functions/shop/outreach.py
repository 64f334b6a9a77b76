"""What the daily job says to members (decision 7): each message is decided (consent per channel,
opt-out, quiet hours, the cap on marketing) and written to Messages under a deterministic key
(member, reason, due day) with a conditional put, then queued (SQS) for the sender, which claims
it (pending → sending → sent or failed) before it goes through the channel adapters: running a
day twice, two runs at once, or the queue delivering twice never sends a message twice.
Marketing carries the opt-out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pynamodb.exceptions import PutError

from shop.clock import now
from shop.concurrency import is_conflict
from shop.dates import business_day
from shop.settings import get_settings
from shop.tables import Member, Message

QUIET_FROM, QUIET_UNTIL = 21, 9  # 21:00-09:00 business time: no marketing
MARKETING_CAP, CAP_DAYS = 4, 30  # at most 4 marketing messages in 30 days
# Kinds a member asked for at their own cadence (no offer in them): consent and quiet hours
# apply, and the opt-out; the cap on the shop's own messages does not.
UNCAPPED = {"care-digest"}


def capped(reason: str) -> bool:
    return reason.split(":")[0] not in UNCAPPED


def quiet(moment: datetime) -> bool:
    hour = moment.astimezone(get_settings().time_zone).hour
    return hour >= QUIET_FROM or hour < QUIET_UNTIL


def channel_for(member: Member, marketing: bool, only: str | None = None) -> tuple[str, str] | None:
    """The member's phone by SMS, else their email; for marketing, only a channel they agreed to
    (and only `only`, where a campaign names one)."""
    for contact in sorted(member.contacts, key=lambda c: not c.startswith("+")):
        channel = "email" if "@" in contact else "sms"
        if only and channel != only:
            continue
        consent = getattr(member.marketing, channel, None) if member.marketing else None
        if not marketing or (consent is not None and consent.granted):
            return channel, contact
    return None


# What a message is about (its reason's first part) -> the automated kind whose holdout it counts in.
HOLDOUT_KINDS = {
    "win-back": "win-back",
    "birthday": "birthday",
    "festival-invite": "festival",
    "festival-last-call": "festival",
}


def holdout_key(reason: str) -> str:
    """What a member's holdout is drawn for: an automated kind, or the campaign itself."""
    kind = reason.split(":")[0]
    return reason if kind == "campaign" else HOLDOUT_KINDS.get(kind, "")


def holdout_share(reason_kind: str, holdouts: dict[str, int]) -> int:
    """The share of members held out of one kind of message (0 for kinds never held out)."""
    return holdouts.get(HOLDOUT_KINDS.get(reason_kind, ""), 0)


def held_out(member_id: str, kind: str, percent: int) -> bool:
    """Whether a member is in the holdout of an automated kind: by a hash of the two, so every
    run agrees (decision 10)."""
    import hashlib

    return int(hashlib.sha256(f"{member_id}:{kind}".encode()).hexdigest()[:8], 16) % 100 < percent


def sent_lately(member_id: str, moment: datetime) -> int:
    since = moment - timedelta(days=CAP_DAYS)
    found = Message.by_member.query(member_id, Message.claimed_at >= since)
    return sum(
        1
        for message in found
        if message.marketing and capped(message.reason) and message.status in ("pending", "sending", "sent")
    )


def deliver(
    member: Member,
    reason: str,
    due: date,
    template: str,
    params: dict,
    marketing: bool,
    holdout: int = 0,
    only: str | None = None,
) -> str:
    """Decide one message and write it to Messages under its key (a conditional put: a second
    run finds it), then queue it for the sender; returns queued, a reason it was skipped
    (no-consent, held-out or cap: recorded, so the holdout's conversions can be counted),
    already (decided before) or later (quiet hours: nothing written)."""

    moment = now()
    if marketing and quiet(moment):
        return "later"
    chosen = channel_for(member, marketing, only)
    if chosen is None:
        why = "no-consent"
    elif holdout and held_out(member.member_id, holdout_key(reason), holdout):
        why = "held-out"
    elif marketing and capped(reason) and sent_lately(member.member_id, moment) >= MARKETING_CAP:
        why = "cap"
    else:
        why = None
    message = Message(
        message_key=f"{member.member_id}#{reason}#{due.isoformat()}",
        member_id=member.member_id,
        reason=reason,
        marketing=marketing,
        template=template,
        channel=chosen[0] if chosen else None,
        status="skipped" if why else "pending",
        why=why,
        params=params if not why else {},
        claimed_at=moment,
        day=business_day(moment).isoformat(),
    )
    try:
        message.save(condition=Message.message_key.does_not_exist())
    except PutError as error:
        if is_conflict(error):
            return "already"
        raise
    if why:
        return why
    enqueue(message.message_key)
    return "queued"


def enqueue(message_key: str) -> None:
    """Hand a decided message to the sender: through SQS in AWS; locally, the sender at once."""
    import json

    queue = get_settings().outreach_queue_url
    if not queue:
        send_message(message_key)
        return
    import boto3

    boto3.client("sqs").send_message(QueueUrl=queue, MessageBody=json.dumps({"message_key": message_key}))


def send_message(message_key: str) -> str:
    """The sender's step for one message: claimed (pending or failed → sending) so it goes at
    most once, then delivered through the channel adapter; a failure is marked and raised, so the
    queue tries again (and in the end dead-letters it). A claim left `sending` by a crash is
    reported, never sent again."""
    from pynamodb.exceptions import DoesNotExist, UpdateError

    from shop.messaging import channel_for as adapter

    try:
        message = Message.get(message_key, consistent_read=True)
    except DoesNotExist:
        return "gone"
    if message.status in ("sent", "skipped", "sending"):
        return "stale" if message.status == "sending" else message.status
    try:
        message.update(
            actions=[Message.status.set("sending"), Message.tries.add(1)],
            condition=Message.status.is_in("pending", "failed"),
        )
    except UpdateError as error:
        if is_conflict(error):
            return "already"
        raise
    member = Member.get(message.member_id, consistent_read=True)
    chosen = channel_for(member, message.marketing) if member.erased_at is None else None
    if chosen is None:  # erased, or consent withdrawn while it waited
        message.update(actions=[Message.status.set("skipped"), Message.why.set("gone"), Message.params.set({})])
        return "skipped"
    channel, address = chosen
    extra = {"name": member.salutation or member.name}
    if message.marketing:
        extra["optout"] = _optout_link(member.member_id, channel)
    from shop.points import plain_map

    try:
        adapter(channel).send(message.template, {**plain_map(message.params), **extra}, address, member.lang)
    except Exception:
        message.update(actions=[Message.status.set("failed")])
        raise
    message.update(actions=[Message.status.set("sent"), Message.sent_at.set(now())])
    from shop.campaigns import count_delivered

    count_delivered(message.reason)
    return "sent"


def _optout_link(member_id: str, channel: str) -> str:
    from shop.privacy import optout_token

    return f"{get_settings().site_url}/optout/?t={optout_token(member_id, channel)}"
