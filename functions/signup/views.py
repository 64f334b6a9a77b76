"""How a member's record is shown to the member: never the stored item itself."""

from __future__ import annotations

from shop.stores import find_store
from shop.tables import Member


def member_view(member: Member) -> dict:
    store = find_store(member.home_store)
    chosen = member.preferences
    sensitive = member.sensitive
    return {
        "id": member.member_id,
        "name": member.name,
        "salutation": member.salutation,
        "contacts": [{"kind": "email" if "@" in value else "phone", "value": value} for value in member.contacts],
        "birthday": member.birthday.as_dict() if member.birthday else None,
        "preferences": {
            "flowers": list(chosen.flowers) if chosen else [],
            "colours": list(chosen.colours) if chosen else [],
            "styles": list(chosen.styles) if chosen else [],
            "budget": chosen.budget if chosen else None,
            "note": chosen.note if chosen else None,
        },
        "sensitive": {
            "consented": sensitive is not None,
            "consented_at": sensitive.consented_at.isoformat() if sensitive else None,
            "allergies": list(sensitive.allergies) if sensitive else [],
            "pets": list(sensitive.pets) if sensitive else [],
        },
        "marketing": {
            channel: {"granted": consent.granted, "at": consent.at.isoformat(), "source": consent.source}
            for channel in ("sms", "email")
            if (consent := getattr(member.marketing, channel, None)) is not None
        },
        "home_store": {"id": store.store_id, "name": store.name} if store else None,
        "lang": member.lang,
        "joined_at": member.joined_at.isoformat(),
    }
