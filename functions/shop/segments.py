"""Segments: a manager's criteria over the members' summary fields (tier, tags, spend in a
window, last purchase, number of purchases, categories, festivals, bookings, store, birthday
month, consent), evaluated by a background job that pages through the members table in parts,
its progress kept on the segment; the matches are stored under the run so previews, the CSV and
campaigns read them with a Query (decision 2: a background job may page through members)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from pynamodb.exceptions import DoesNotExist, UpdateError

from shop.clock import now
from shop.concurrency import is_conflict
from shop.dates import today
from shop.errors import NotFound, ShopError
from shop.i18n import N_
from shop.points import spend_in_months
from shop.rules import CATEGORIES, LoyaltyRules, Strict, load_rules
from shop.tables import Member, Segment, SegmentMember
from shop.tags import keys_of

PARTS = 8  # the members table is read in this many parts; progress moves part by part
KEEP_RUN_DAYS = 30
SAMPLE = 10
TagText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)]
Key = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")]
FestivalYear = Annotated[str, StringConstraints(max_length=50, pattern=r"^[a-z0-9-]{1,40}#20[0-9]{2}$")]
Yuan = Annotated[int, Field(ge=0, le=10_000_000)]
Days = Annotated[int, Field(ge=1, le=3650)]
Count = Annotated[int, Field(ge=0, le=100_000)]


class Criteria(Strict):
    """Every field is optional; a member matches when every given field holds."""

    tiers: list[Key] = Field(default_factory=list, max_length=3)  # any of
    tags: list[TagText] = Field(default_factory=list, max_length=10)  # all of (automatic or staff's)
    not_tags: list[TagText] = Field(default_factory=list, max_length=10)  # none of
    spend_months: int = Field(default=12, ge=1, le=12)  # the window spend is counted over
    spend_min_yuan: Yuan | None = None
    spend_max_yuan: Yuan | None = None
    bought_within_days: Days | None = None  # last purchase at most this many days ago
    not_bought_for_days: Days | None = None  # last purchase at least this many days ago (or never)
    purchases_min: Count | None = None
    purchases_max: Count | None = None
    categories: list[Literal[CATEGORIES]] = Field(default_factory=list, max_length=6)  # type: ignore[valid-type]
    festivals: list[FestivalYear] = Field(default_factory=list, max_length=10)  # bought or booked for any of
    not_festivals: list[FestivalYear] = Field(default_factory=list, max_length=10)  # for none of
    no_booking_since: date | None = None  # no booking made on or after this day
    store: Key | None = None  # their home store
    birthday_month: int | None = Field(default=None, ge=1, le=12)
    consent: Literal["sms", "email", "any"] | None = None  # agreed to marketing on this channel


def _consented(member: Member, channel: str) -> bool:
    marketing = member.marketing
    given = [getattr(marketing, c, None) if marketing else None for c in ("sms", "email")]
    granted = {c for c, consent in zip(("sms", "email"), given, strict=True) if consent is not None and consent.granted}
    return bool(granted) if channel == "any" else channel in granted


def _spend_fits(member: Member, c: Criteria, on: date) -> bool:
    if c.spend_min_yuan is None and c.spend_max_yuan is None:
        return True
    spend = spend_in_months(member, on, last=c.spend_months - 1)
    low, high = c.spend_min_yuan, c.spend_max_yuan
    return (low is None or spend >= low * 100) and (high is None or spend <= high * 100)


def _last_purchase_fits(member: Member, c: Criteria, on: date) -> bool:
    last = member.last_purchase_day
    if c.bought_within_days is not None:
        if not last or last < (on - timedelta(days=c.bought_within_days)).isoformat():
            return False
    if c.not_bought_for_days is not None and last:
        return last <= (on - timedelta(days=c.not_bought_for_days)).isoformat()
    return True


def _purchases_fit(member: Member, c: Criteria) -> bool:
    count = int(member.purchase_count)
    return (c.purchases_min is None or count >= c.purchases_min) and (
        c.purchases_max is None or count <= c.purchases_max
    )


def _festivals_fit(member: Member, c: Criteria) -> bool:
    festivals = set(member.festivals or ())
    if c.festivals and not festivals & set(c.festivals):
        return False
    if festivals & set(c.not_festivals):
        return False
    booked = member.last_booked_on
    return not (c.no_booking_since and booked and booked >= c.no_booking_since.isoformat())


def _who_fits(member: Member, c: Criteria) -> bool:
    if c.categories and not set(c.categories) & set(member.categories or []):
        return False
    if c.store and member.home_store != c.store:
        return False
    if c.birthday_month and (member.birthday is None or int(member.birthday.month) != c.birthday_month):
        return False
    return not (c.consent and not _consented(member, c.consent))


def _tier_and_tags_fit(member: Member, c: Criteria, on: date, rules: LoyaltyRules, corporate: set[str]) -> bool:
    from shop.points import tier_of

    if c.tiers and tier_of(member, rules, on).key not in c.tiers:
        return False
    if not (c.tags or c.not_tags):
        return True
    tags = keys_of(member, on, rules.tags, corporate)
    return set(c.tags) <= tags and not tags & set(c.not_tags)


def matches(member: Member, c: Criteria, on: date, rules: LoyaltyRules, corporate: set[str]) -> bool:
    """Whether one member is in the segment on `on` (a pure function of the member's summary)."""
    return (
        member.erased_at is None
        and _spend_fits(member, c, on)
        and _last_purchase_fits(member, c, on)
        and _purchases_fit(member, c)
        and _festivals_fit(member, c)
        and _who_fits(member, c)
        and _tier_and_tags_fit(member, c, on, rules, corporate)
    )


def members_matching(criteria: Criteria, on: date, done: Callable[[int], None] | None = None) -> Iterator[Member]:
    """Page through every member, part by part (`done(part)` after each), yielding the matches."""
    from shop.tags import corporate_members

    rules, corporate = load_rules(), corporate_members()
    for part in range(PARTS):
        for member in Member.scan(segment=part, total_segments=PARTS):
            if matches(member, criteria, on, rules, corporate):
                yield member
        if done:
            done(part + 1)


# --- saved segments and their evaluation ------------------------------------------------------


class SegmentBusy(ShopError):
    code = "segment_busy"
    message = N_("This segment is being counted: wait for it to finish.")


class SegmentNotCounted(ShopError):
    code = "segment_not_counted"
    message = N_("This segment has not been counted yet: wait for the count to finish.")


def list_segments() -> list[Segment]:
    return sorted(Segment.query("chain"), key=lambda s: s.created_at, reverse=True)


def get_segment(segment_id: str) -> Segment:
    try:
        return Segment.get("chain", segment_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


def criteria_of(segment: Segment) -> Criteria:
    return Criteria.model_validate_json(segment.criteria)


def save_segment(name: str, criteria: Criteria, actor: str, segment_id: str | None = None) -> Segment:
    """A new segment, or new criteria for one; either way it is counted again in the background."""
    if segment_id is None:
        segment = Segment(segment_id=f"sg{secrets.token_hex(4)}", name=name, created_by=actor, created_at=now())
    else:
        segment = get_segment(segment_id)
        if segment.status in ("queued", "running"):
            raise SegmentBusy()
        segment.name = name
    segment.criteria = criteria.model_dump_json(exclude_defaults=True)
    return _start(segment)


def recount(segment_id: str) -> Segment:
    segment = get_segment(segment_id)
    if segment.status in ("queued", "running"):
        raise SegmentBusy()
    return _start(segment)


def _start(segment: Segment) -> Segment:
    from shop.jobs import start_job

    segment.run_id, segment.status, segment.done, segment.parts = secrets.token_hex(4), "queued", 0, PARTS
    segment.save()
    start_job({"job": "segment", "segment_id": segment.segment_id, "run_id": segment.run_id})
    return segment


def delete_segment(segment_id: str) -> None:
    get_segment(segment_id).delete()


def evaluate(segment_id: str, run_id: str) -> int | None:
    """The background job: count the segment's members, storing each match under the run and the
    progress on the segment. A run that is no longer the segment's current one stops."""
    try:
        segment = get_segment(segment_id)
    except NotFound:
        return None
    if segment.run_id != run_id or segment.status not in ("queued", "running"):
        return None
    run, expires = f"{segment_id}#{run_id}", timedelta(days=KEEP_RUN_DAYS)
    current = Segment.run_id == run_id

    def progress(part: int) -> None:
        segment.update(actions=[Segment.status.set("running"), Segment.done.set(part)], condition=current)

    count, sample = 0, []
    try:
        progress(0)
        with SegmentMember.batch_write() as batch:
            for member in members_matching(criteria_of(segment), today(), progress):
                batch.save(SegmentMember(run=run, member_id=member.member_id, expires_at=expires))
                count += 1
                if len(sample) < SAMPLE:
                    sample.append(member.member_id)
        segment.update(
            actions=[
                Segment.status.set("ready"),
                Segment.count.set(count),
                Segment.sample.set(sample),
                Segment.evaluated_at.set(now()),
            ],
            condition=current,
        )
    except UpdateError as error:
        if is_conflict(error):
            return None  # a newer run replaced this one
        raise
    except Exception:
        segment.update(actions=[Segment.status.set("failed")], condition=current)
        raise
    return count


def member_ids(segment: Segment) -> Iterator[str]:
    """The members of the segment's last finished run."""
    for row in SegmentMember.query(f"{segment.segment_id}#{segment.run_id}"):
        yield row.member_id


def sample_view(segment: Segment) -> list[dict]:
    """The preview: a few of the members found, by the name staff know them by."""
    from shop.points import tier_of

    rules, on = load_rules(), today()
    found = Member.batch_get(list(segment.sample)) if segment.sample else []
    return [
        {
            "id": member.member_id,
            "name": member.salutation or member.name,
            "tier": tier_of(member, rules, on).key,
            "last_purchase_day": member.last_purchase_day,
        }
        for member in found
        if member.erased_at is None
    ]


def members_csv(segment: Segment, full_phone: bool) -> str:
    """The segment's members as CSV for Excel (a byte-order mark, so it opens as UTF-8); members
    erased since the count are left out; clerks see masked phone numbers."""
    import csv
    import io

    from shop.contacts import mask
    from shop.points import tier_of

    rules, on = load_rules(), today()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["member", "name", "phone", "tier", "spend 12 months (yuan)", "last purchase"])
    ids = list(member_ids(segment))
    for start in range(0, len(ids), 100):
        for member in Member.batch_get(ids[start : start + 100]):
            if member.erased_at is not None:
                continue
            phone = next((c for c in member.contacts if c.startswith("+")), "")
            writer.writerow(
                [
                    member.member_id,
                    member.name,
                    phone if full_phone or not phone else mask(phone),
                    tier_of(member, rules, on).key,
                    f"{spend_in_months(member, on) / 100:.2f}",
                    member.last_purchase_day or "",
                ]
            )
    return "\ufeff" + out.getvalue()
