"""Members: joining with a one-time code, signing in and out, and reading one's own record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry, record
from shop.clock import now
from shop.codes import MEMBER_SIGN_IN, check_code, spend_code
from shop.contacts import ContactAddress
from shop.dates import today
from shop.errors import NotAMember, NotSignedIn
from shop.i18n import Lang
from shop.search_keys import search_keys
from shop.stats import day_stats
from shop.stores import find_store
from shop.tables import (
    Birthday,
    Consent,
    Contact,
    MarketingConsent,
    Member,
    SignInCode,
    StaffMember,
    StoreDayStats,
    transaction_connection,
)


@dataclass(frozen=True)
class BirthdayDate:
    calendar: str  # solar | lunar
    month: int
    day: int
    year: int | None = None
    leap_month: bool = False


@dataclass(frozen=True)
class NewMember:
    name: str
    marketing_consent: bool
    lang: Lang
    birthday: BirthdayDate | None = None
    salutation: str | None = None
    home_store: str | None = None
    invited_by: str | None = None
    referral: str | None = None  # a friend's referral code


@dataclass(frozen=True)
class Joined:
    member: Member
    already_member: bool


def enrol(contact: ContactAddress, new: NewMember, source: str) -> Member:
    """Make a member without a code: for the demo shop and for tools run by the shop itself.
    The contact stays unique all the same."""
    from shop.birthdays import birthday_item
    from shop.referrals import count_join

    member = _new_member(contact, new, source)
    link = Contact(contact=contact.value, member_id=member.member_id, kind=contact.kind, verified_at=now())
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(link, condition=Contact.contact.does_not_exist())
        transaction.save(member, condition=Member.member_id.does_not_exist())
        transaction.save(audit_entry(f"member#{member.member_id}", "member.joined", source, channel=contact.channel))
        transaction.update(day_stats(member.home_store, today()), actions=[StoreDayStats.joins.add(1)])
        if member.referred_by:
            count_join(transaction, new.referral)
        if member.birthday:
            transaction.save(birthday_item(member))
    return member


def join(contact: ContactAddress, code: str, new: NewMember) -> Joined:
    """Make a member of whoever proves they hold `contact`; the contact stays unique because its
    Contacts item is put only where none exists, in the same transaction that spends the code.
    Someone who is already a member is simply signed in."""
    from shop.birthdays import birthday_item
    from shop.referrals import count_join

    stored = check_code(contact, MEMBER_SIGN_IN, code)
    member = _new_member(contact, new, "join")
    link = Contact(contact=contact.value, member_id=member.member_id, kind=contact.kind, verified_at=now())
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(stored, condition=SignInCode.code_hash == stored.code_hash)
            transaction.save(link, condition=Contact.contact.does_not_exist())
            transaction.save(member, condition=Member.member_id.does_not_exist())
            transaction.save(
                audit_entry(f"member#{member.member_id}", "member.joined", "self", channel=contact.channel)
            )
            transaction.update(day_stats(member.home_store, today()), actions=[StoreDayStats.joins.add(1)])
            if member.referred_by:
                count_join(transaction, new.referral)
            if member.birthday:
                transaction.save(birthday_item(member))
    except TransactWriteError:
        existing = _member_for(contact)
        if existing is None:
            raise  # the code was spent by a racing request, or DynamoDB failed: nothing was written
        spend_code(stored)
        record(f"member#{existing.member_id}", "member.signed_in", "self", via="join")
        return Joined(existing, already_member=True)
    return Joined(member, already_member=False)


def _new_member(contact: ContactAddress, new: NewMember, source: str) -> Member:
    """A member who has confirmed being 14 or older; the home store and the inviting clerk are
    kept only when they exist."""
    from shop.referrals import referrer_of

    joined = now()
    consent = Consent(granted=new.marketing_consent, at=joined, source=source)
    birthday = Birthday(**vars(new.birthday)) if new.birthday else None
    store = find_store(new.home_store)
    return Member(
        member_id=uuid.uuid4().hex,
        name=new.name,
        salutation=new.salutation,
        contacts=[contact.value],
        birthday=birthday,
        marketing=MarketingConsent(**{contact.channel: consent}),
        lang=new.lang,
        home_store=store.store_id if store else None,
        invited_by=_inviting_clerk(new.invited_by, store),
        referred_by=referrer_of(new.referral),
        age_confirmed_at=joined,
        joined_at=joined,
        token_version=1,
        **search_keys(new.name, [contact.value]),
    )


def _inviting_clerk(staff_id: str | None, store) -> str | None:
    if not staff_id or store is None:
        return None
    try:
        clerk = StaffMember.get(staff_id)
    except DoesNotExist:
        return None
    return clerk.staff_id if clerk.active and not clerk.staff_id.startswith("contact#") else None


def sign_in(contact: ContactAddress, code: str) -> Member:
    """Sign in the member who holds `contact`. A valid code for a stranger is not spent, so the
    join page can use it."""
    stored = check_code(contact, MEMBER_SIGN_IN, code)
    member = _member_for(contact)
    if member is None:
        raise NotAMember()
    spend_code(stored)
    record(f"member#{member.member_id}", "member.signed_in", "self")
    return member


def sign_out(member_id: str) -> None:
    """End every session of the member at once: tokens carry the old version from now on."""
    member = get_member(member_id)
    member.update(actions=[Member.token_version.add(1)], add_version_condition=False)
    record(f"member#{member_id}", "member.signed_out", "self")


def get_member(member_id: str) -> Member:
    """A member as a session sees them; an erased member is no longer signed in."""
    try:
        member = Member.get(member_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotSignedIn() from error
    if member.erased_at is not None:
        raise NotSignedIn()
    return member


def _member_for(contact: ContactAddress) -> Member | None:
    try:
        link = Contact.get(contact.value, consistent_read=True)
        return Member.get(link.member_id, consistent_read=True)
    except DoesNotExist:
        return None
