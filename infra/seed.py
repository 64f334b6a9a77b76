"""The demo shop's data, seeded on the first `make dev`: realistic members of a Shanghai shop."""

from __future__ import annotations

from shop.contacts import parse_contact
from shop.members import BirthdayDate, NewMember, enrol

# (contact, name, birthday, marketing consent, language)
DEMO_MEMBERS = [
    ("138 0013 8000", "张姐", BirthdayDate("solar", 5, 12), True, "zh"),
    ("139 1234 5678", "王先生", BirthdayDate("lunar", 8, 15, year=1978), False, "zh"),
    ("136 6188 2020", "李阿姨", BirthdayDate("lunar", 1, 6), True, "zh"),
    ("186 2171 3344", "陈小姐", BirthdayDate("solar", 2, 29, year=1996), True, "zh"),
    ("emma.clarke@example.com", "Emma", BirthdayDate("solar", 11, 30), True, "en"),
]


def seed_demo_shop(progress=None) -> list[tuple[str, str]]:
    """Enrol the demo members; returns (name, contact) for the sign-in hints."""
    enrolled = []
    for contact_text, name, birthday, consent, lang in DEMO_MEMBERS:
        contact = parse_contact(contact_text)
        enrol(contact, NewMember(name, consent, lang, birthday), source="demo")
        enrolled.append((name, contact_text))
        if progress:
            progress()
    return enrolled
