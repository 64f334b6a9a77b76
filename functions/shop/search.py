"""Finding a member at the counter: full phone, last four digits, email, name prefix, pinyin
initials. Every way is a GetItem or a Query on an index; never a Scan; at most 20 results."""

from __future__ import annotations

import re

from pynamodb.exceptions import DoesNotExist

from shop.contacts import parse_contact
from shop.errors import ShopError
from shop.search_keys import normal_name
from shop.tables import Contact, Member

MOST = 20


def find_members(query: str) -> tuple[str, list[Member]]:
    """What kind of query it was, and the members it finds (erased members never)."""
    text = query.strip()
    digits = re.sub(r"[\s\-]", "", text)
    if "@" in text or (digits.lstrip("+").isdigit() and len(digits.lstrip("+")) >= 7):
        return ("email" if "@" in text else "phone"), _by_contact(text)
    if digits.isdigit() and len(digits) == 4:
        return "last4", list(Member.by_last4.query(digits, limit=MOST))
    name = normal_name(text)
    found = _by_name(name)
    if re.fullmatch(r"[a-z]{2,10}", name):
        by_initials = Member.by_initials.query(name[0], Member.search_initials.startswith(name), limit=MOST)
        known = {member.member_id for member in found}
        found += [member for member in by_initials if member.member_id not in known]
        return "initials", found[:MOST]
    return "name", found


def _by_contact(text: str) -> list[Member]:
    try:
        link = Contact.get(parse_contact(text).value)
        return [Member.get(link.member_id)]
    except (ShopError, DoesNotExist):
        return []


def _by_name(name: str) -> list[Member]:
    if not name:
        return []
    return list(Member.by_name.query(name[0], Member.search_name.startswith(name), limit=MOST))
