"""How a member's record is shown to the member: never the stored item itself."""

from __future__ import annotations

from shop.tables import Member


def member_view(member: Member) -> dict:
    birthday = member.birthday.as_dict() if member.birthday else None
    return {
        "id": member.member_id,
        "name": member.name,
        "contacts": [{"kind": "email" if "@" in value else "phone", "value": value} for value in member.contacts],
        "birthday": birthday,
        "marketing": {
            channel: {"granted": consent.granted, "at": consent.at.isoformat()}
            for channel in ("sms", "email")
            if (consent := getattr(member.marketing, channel, None)) is not None
        },
        "lang": member.lang,
        "joined_at": member.joined_at.isoformat(),
    }
