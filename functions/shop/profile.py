"""A member's own profile: how to address them, birthday, preferences, sensitive details with
their own consent, marketing consent per channel, and a second contact proved by its own code."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.codes import ADD_CONTACT, check_code
from shop.concurrency import with_retries
from shop.contacts import ContactAddress
from shop.errors import ConsentNeeded, ContactTaken, TooManyContacts
from shop.members import get_member
from shop.search_keys import search_keys
from shop.tables import (
    Birthday,
    Consent,
    Contact,
    MarketingConsent,
    Member,
    Preferences,
    Sensitive,
    SignInCode,
    transaction_connection,
)


def change_profile(member_id: str, changes: dict, source: str = "profile") -> Member:
    """Apply the fields a member sent; the change and its audit entry are one transaction,
    retried on a concurrent change to the member (a sale at the counter, say)."""

    def attempt() -> Member:
        member = get_member(member_id)
        for field, value in changes.items():
            _APPLY[field](member, value, source)
        if "name" in changes:
            for attribute, value in search_keys(member.name, member.contacts).items():
                setattr(member, attribute, value)
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(member, condition=Member.member_id.exists() & Member.erased_at.does_not_exist())
            transaction.save(audit_entry(f"member#{member_id}", "member.changed", "self", fields=sorted(changes)))
            if "birthday" in changes:
                from shop.birthdays import schedule

                schedule(transaction, member)
        return member

    return with_retries(attempt)


def _set(field: str):
    return lambda member, value, source: setattr(member, field, value)


def _birthday(member: Member, value: dict | None, source: str) -> None:
    member.birthday = Birthday(**value) if value else None


def _preferences(member: Member, value: dict, source: str) -> None:
    member.preferences = Preferences(**value)


def _sensitive(member: Member, value: dict, source: str) -> None:
    """Allergies and pets need their own consent; withdrawing it deletes them."""
    if not value.get("consent"):
        if value.get("allergies") or value.get("pets"):
            raise ConsentNeeded()
        member.sensitive = None
        return
    since = member.sensitive.consented_at if member.sensitive else now()
    member.sensitive = Sensitive(consented_at=since, allergies=value.get("allergies", []), pets=value.get("pets", []))


def _marketing(member: Member, value: dict, source: str) -> None:
    """Consent per channel, with when and where it last changed."""
    current = member.marketing or MarketingConsent()
    for channel, granted in value.items():
        before = getattr(current, channel, None)
        if before is None or before.granted != granted:
            setattr(current, channel, Consent(granted=granted, at=now(), source=source))
    member.marketing = current


_APPLY = {
    "name": _set("name"),
    "salutation": _set("salutation"),
    "lang": _set("lang"),
    "birthday": _birthday,
    "preferences": _preferences,
    "sensitive": _sensitive,
    "marketing": _marketing,
}


def add_contact(member_id: str, contact: ContactAddress, code: str) -> Member:
    """A second contact, of the other kind (a member keeps one phone and one email), added only
    with a code sent to it; the code, the contact and the member change in one transaction."""
    member = get_member(member_id)
    if contact.value in member.contacts:
        return member
    if any(_kind(value) == contact.kind for value in member.contacts):
        raise TooManyContacts()
    stored = check_code(contact, ADD_CONTACT, code)
    member.contacts = [*member.contacts, contact.value]
    for attribute, value in search_keys(member.name, member.contacts).items():
        setattr(member, attribute, value)
    link = Contact(contact=contact.value, member_id=member_id, kind=contact.kind, verified_at=now())
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(stored, condition=SignInCode.code_hash == stored.code_hash)
            transaction.save(link, condition=Contact.contact.does_not_exist())
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            transaction.save(
                audit_entry(f"member#{member_id}", "member.contact_added", "self", channel=contact.channel)
            )
    except TransactWriteError:
        try:
            Contact.get(contact.value, consistent_read=True)
        except DoesNotExist:
            raise
        raise ContactTaken() from None
    return member


def _kind(value: str) -> str:
    return "email" if "@" in value else "phone"
