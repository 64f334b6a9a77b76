"""The member card staff see at the counter, built section by section.

Each section is a small function of (member, viewer, lang) returning its part of the card;
a later issue adds a section by writing one function and listing it in SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as date_type
from datetime import timedelta

from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry, trail
from shop.clock import now
from shop.concurrency import with_retries
from shop.contacts import mask
from shop.dates import next_occurrence, today
from shop.i18n import Lang, short_date, translate
from shop.points import member_for_points
from shop.stores import find_store
from shop.tables import Member, StaffNote, transaction_connection
from shop.vocabulary import ALLERGIES, BUDGETS, COLOURS, FLOWERS, PETS, STYLES

MOST_NOTES = 50


@dataclass(frozen=True)
class Viewer:
    staff_id: str
    name: str
    role: str  # staff | manager
    store_id: str | None

    @property
    def actor(self) -> str:
        return f"staff#{self.staff_id}"


def read_card(member_id: str, viewer: Viewer, lang: Lang) -> dict:
    """The card; every read is written to Audit (who, when, which store)."""
    member = member_for_points(member_id)
    audit_entry(f"member#{member_id}", "card.read", viewer.actor, viewer.store_id).save()
    return build_card(member, viewer, lang)


def build_card(member: Member, viewer: Viewer, lang: Lang) -> dict:
    card: dict = {}
    for section in SECTIONS:
        card.update(section(member, viewer, lang))
    return card


def add_note(member_id: str, text: str, viewer: Viewer, lang: Lang) -> dict:
    """A staff note (who, when, which store), newest last; the oldest go past 50."""
    note = StaffNote(at=now(), by=viewer.staff_id, by_name=viewer.name, store=viewer.store_id, text=text)

    def attempt() -> Member:
        member = member_for_points(member_id)
        member.notes = [*member.notes, note][-MOST_NOTES:]
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(audit_entry(f"member#{member_id}", "member.note_added", viewer.actor, viewer.store_id))
        return member

    return build_card(with_retries(attempt), viewer, lang)


# --- the sections ----------------------------------------------------------------------------


def identity(member: Member, viewer: Viewer, lang: Lang) -> dict:
    store = find_store(member.home_store)
    return {
        "id": member.member_id,
        "name": member.name,
        "salutation": member.salutation,
        "joined_at": member.joined_at.isoformat(),
        "home_store": {"id": store.store_id, "name": store.name} if store else None,
    }


def contacts(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """Full contacts for managers; masked for staff."""
    show = (lambda value: value) if viewer.role == "manager" else mask
    return {"contacts": [{"kind": "email" if "@" in v else "phone", "value": show(v)} for v in member.contacts]}


def warnings(member: Member, viewer: Viewer, lang: Lang) -> dict:
    sensitive = member.sensitive
    found = []
    if sensitive:
        found += [{"kind": "allergy", "value": a, "text": translate(lang, ALLERGIES[a])} for a in sensitive.allergies]
        found += [{"kind": "pet", "value": p, "text": translate(lang, PETS[p])} for p in sensitive.pets]
    return {"warnings": found}


def preferences(member: Member, viewer: Viewer, lang: Lang) -> dict:
    chosen = member.preferences
    if chosen is None:
        return {"preferences": None}

    def names(values, vocabulary):
        return [{"value": v, "label": translate(lang, vocabulary[v])} for v in values if v in vocabulary]

    return {
        "preferences": {
            "flowers": names(chosen.flowers, FLOWERS),
            "colours": names(chosen.colours, COLOURS),
            "styles": names(chosen.styles, STYLES),
            "budget": names([chosen.budget], BUDGETS)[0] if chosen.budget in BUDGETS else None,
            "note": chosen.note,
        }
    }


def consent(member: Member, viewer: Viewer, lang: Lang) -> dict:
    marketing = member.marketing
    return {
        "consent": {
            channel: bool(getattr(marketing, channel, None) and getattr(marketing, channel).granted)
            for channel in ("sms", "email")
        }
    }


def points(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """Balance, what lapses soon, tier and progress; the last five purchases."""
    from shop.points import points_view
    from shop.rules import load_rules
    from shop.tables import Purchase

    recent = Purchase.by_member.query(member.member_id, scan_index_forward=False, limit=5)
    purchases = [
        {
            "id": p.purchase_id,
            "sold_at": p.sold_at.isoformat(),
            "store": p.store_id,
            "total_fen": int(p.total_fen),
            "refunded_fen": int(p.refunded_fen),
            "items": [line.name for line in p.lines],
        }
        for p in recent
    ]
    principal, bonus = int(member.wallet_principal), int(member.wallet_bonus)
    wallet = {"balance_fen": principal + bonus, "principal_fen": principal, "bonus_fen": bonus}
    return {"points": points_view(member, load_rules(), lang), "wallet": wallet, "purchases": purchases, "tags": []}


def upcoming(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """The birthday and the bookings still to come (the next three), nearest first."""
    from shop.tables import Booking

    dates = []
    if member.birthday:
        b = member.birthday
        day = next_occurrence(b.calendar, int(b.month), int(b.day), bool(b.leap_month))
        dates.append({"kind": "birthday", "date": day.isoformat(), "days": (day - today()).days})
    coming = Booking.by_member.query(member.member_id, Booking.day >= today().isoformat(), limit=10)
    for booking in [b for b in coming if b.status not in ("completed", "cancelled", "failed")][:3]:
        day = date_type.fromisoformat(booking.day)
        dates.append(
            {
                "kind": "booking",
                "date": booking.day,
                "days": (day - today()).days,
                "window": booking.window,
                "mode": booking.mode,
                "booking_id": booking.booking_id,
            }
        )
    return {"upcoming": sorted(dates, key=lambda entry: entry["date"])}


def talking_points(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """Three short things a clerk can say, from upcoming dates, preferences and how new they are."""
    said = []
    for date in upcoming(member, viewer, lang)["upcoming"]:
        if date["kind"] == "birthday" and date["days"] <= 30:
            said.append(translate(lang, "Birthday in {days} days: offer a birthday bouquet.", days=date["days"]))
        if date["kind"] == "booking" and date["days"] <= 7:
            said.append(
                translate(
                    lang,
                    "Has a booking on {date} ({window}).",
                    date=short_date(date["date"], lang),
                    window=date["window"],
                )
            )
    said += _points_to_mention(member, lang)
    said += _plants_to_mention(member, lang)
    chosen = member.preferences
    if chosen and chosen.flowers:
        liked = translate(lang, ", ").join(translate(lang, FLOWERS[f]) for f in chosen.flowers[:3] if f in FLOWERS)
        said.append(translate(lang, "Likes {flowers}: mention what has just come in.", flowers=liked))
    if chosen and (chosen.colours or chosen.styles):
        words = [translate(lang, COLOURS[c]) for c in chosen.colours[:2] if c in COLOURS]
        words += [translate(lang, STYLES[s]) for s in chosen.styles[:1] if s in STYLES]
        said.append(translate(lang, "Prefers {words}.", words=translate(lang, ", ").join(words)))
    if chosen and chosen.budget in BUDGETS:
        said.append(translate(lang, "Usually spends {budget}.", budget=translate(lang, BUDGETS[chosen.budget])))
    if now() - member.joined_at < timedelta(days=30):
        said.append(translate(lang, "New member: welcome them and ask what they like."))
    if not said:
        said.append(translate(lang, "Ask what flowers they like, and note it on the card."))
    return {"talking_points": said[:3]}


def _plants_to_mention(member: Member, lang: Lang) -> list[str]:
    """The plants they keep (bought here or added on "my plants"): something to ask after."""
    from shop.care import care_guides
    from shop.plants import list_plants

    kept = list_plants(member.member_id)
    if not kept:
        return []
    guides = care_guides()
    names = dict.fromkeys(guides[p.guide].name.pick(lang) for p in kept if p.guide in guides)
    return [
        translate(lang, "Keeps {plants}: ask how they are doing.", plants=translate(lang, ", ").join(list(names)[:3]))
    ]


def _points_to_mention(member: Member, lang: Lang) -> list[str]:
    """Points about to lapse (the reminder item) and a coupon not yet used."""
    from shop.points import lapse_reminder, live_buckets
    from shop.rewards import member_coupons, status_of
    from shop.rules import load_rules

    said = []
    on = today()
    lapsing = lapse_reminder(live_buckets(member, on), load_rules().expiry, on)
    if lapsing:
        text = "{points} points lapse on {date}: suggest using them as money off today."
        said.append(translate(lang, text, points=lapsing["points"], date=lapsing["expires_on"]))
    waiting = [c for c in member_coupons(member.member_id) if status_of(c, on) == "issued"]
    if waiting:
        first = waiting[0]
        name = first.name_zh if lang == "zh" else first.name_en
        said.append(translate(lang, "Has a coupon to use: {name}, until {date}.", name=name, date=first.expires_on))
    return said


def notes(member: Member, viewer: Viewer, lang: Lang) -> dict:
    stores = {}

    def store_name(store_id):
        if store_id and store_id not in stores:
            found = find_store(store_id)
            stores[store_id] = found.name if found else None
        return stores.get(store_id)

    return {
        "notes": [
            {
                "at": n.at.isoformat(),
                "by": n.by_name,
                "store": n.store,
                "store_name": store_name(n.store),
                "text": n.text,
            }
            for n in reversed(member.notes)
        ]
    }


def audit(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """Managers see who did what to the member."""
    if viewer.role != "manager":
        return {}
    entries = trail(f"member#{member.member_id}", limit=30)
    return {"audit": [{"at": e.entry.split("#")[0], "action": e.action, "actor": e.actor} for e in entries]}


def tags(member: Member, viewer: Viewer, lang: Lang) -> dict:
    """Who they are to the shop: the automatic tags with their reasons, and staff's own."""
    from shop.rules import load_rules
    from shop.tags import automatic_tags, corporate_members

    found = automatic_tags(member, today(), load_rules().tags, corporate_members())
    return {"tags": {"automatic": [tag.view(lang) for tag in found], "own": list(member.tags or [])}}


def feedback(member: Member, viewer: Viewer, lang: Lang) -> dict:
    from shop.feedback import card_section

    return {"feedback": card_section(member.member_id, lang)}


SECTIONS: tuple[Callable[[Member, Viewer, Lang], dict], ...] = (
    identity,
    contacts,
    warnings,
    preferences,
    consent,
    points,
    upcoming,
    talking_points,
    tags,
    feedback,
    notes,
    audit,
)
