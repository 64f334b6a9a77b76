"""A member's data: all of it in an export, and none of it after erasure.

Erasure replaces the member with a tombstone that keeps only what anonymous totals need (the
id, the join date, the home store), frees the contacts for a new sign-up and ends every session,
in one transaction. Audit entries hold ids, never contact details, and stay.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry, trail
from shop.clock import now
from shop.codes import ERASE, check_code
from shop.contacts import ContactAddress
from shop.errors import InvalidLink, NotFound, NotSignedIn
from shop.keys import keyring
from shop.members import get_member
from shop.referrals import guard_key
from shop.tables import (
    Booking,
    Consent,
    Contact,
    Coupon,
    Feedback,
    LedgerEntry,
    MarketingConsent,
    Member,
    Message,
    Occasion,
    Plant,
    Purchase,
    Recipient,
    SignInCode,
    Subscription,
    WalletEntry,
    transaction_connection,
)

CHANNELS = ("sms", "email")


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_plain(inner) for inner in value]
    if hasattr(value, "attribute_values"):
        return _plain(value.attribute_values)
    return value


def _every_field(item) -> dict:
    """Every attribute of the model, empty ones as null, so the export shows what could be kept."""
    return {name: _plain(getattr(item, name)) for name in type(item).get_attributes()}


def export_member(member_id: str) -> dict:
    """Every field kept about the member, as stored, with their contacts and the audit trail."""
    member = get_member(member_id)
    contacts = [Contact.get(value, consistent_read=True) for value in member.contacts]
    return {
        "exported_at": now().isoformat(),
        "member": _every_field(member),
        "contacts": [_every_field(contact) for contact in contacts],
        "audit": [
            {"at": entry.entry.split("#")[0], "action": entry.action, "actor": entry.actor}
            for entry in trail(f"member#{member_id}", limit=500)
        ],
        "purchases": [_plain(purchase.attribute_values) for purchase in Purchase.by_member.query(member_id)],
        "points_ledger": [_plain(line.attribute_values) for line in LedgerEntry.query(member_id)],
        "coupons": [_every_field(coupon) for coupon in Coupon.by_member.query(member_id)],
        "bookings": [_every_field(booking) for booking in Booking.by_member.query(member_id)],
        "recipients": [_every_field(recipient) for recipient in Recipient.query(member_id)],
        "messages": [_every_field(message) for message in Message.by_member.query(member_id)],
        "occasions": [_every_field(occasion) for occasion in Occasion.query(member_id)],
        "plants": [_every_field(plant) for plant in Plant.query(member_id)],
        "stored_value": [_every_field(line) for line in WalletEntry.query(member_id)],
        "flower_cards": [_every_field(card) for card in Subscription.query(member_id)],
        "feedback": [_every_field(feedback) for feedback in Feedback.by_member.query(member_id)],
        "referral": _every_field(Contact.get(guard_key(member.referral_code))) if member.referral_code else None,
    }


def erase_member(member_id: str, actor: str, actor_store: str | None = None) -> None:
    """Erase a member everywhere (idempotent: erasing an erased member changes nothing)."""
    try:
        member = Member.get(member_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error
    if member.erased_at is None and _money_held(member):
        from shop.wallet import BalanceToSettle

        raise BalanceToSettle()  # money held for them is settled (refunded) first, then erased
    _scrub_free_text(member_id)
    for feedback in Feedback.by_member.query(member_id):  # ratings and their comments go
        feedback.delete()
    if member.erased_at is not None:
        return
    tombstone = Member(
        member_id=member_id,
        name="",
        joined_at=member.joined_at,
        home_store=member.home_store,
        erased_at=now(),
        token_version=member.token_version + 1,
        contacts=[],
        marketing=MarketingConsent(),
        version=member.version,
    )
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(tombstone, condition=Member.erased_at.does_not_exist())
        for value in member.contacts:
            transaction.delete(Contact(contact=value), condition=Contact.member_id == member_id)
        if member.referral_code:
            transaction.delete(Contact(contact=guard_key(member.referral_code)))
        transaction.save(audit_entry(f"member#{member_id}", "member.erased", actor, actor_store))


def _money_held(member: Member) -> bool:
    """Stored value, or a flower card with bouquets still to come: prepaid, so settled first."""
    from shop.subscriptions import remaining

    if int(member.wallet_principal) + int(member.wallet_bonus) > 0:
        return True
    return any(remaining(card) > 0 and not card.cancelled for card in Subscription.query(member.member_id))


def _forget_people(member_id: str) -> None:
    """The member's gift notebook, saved recipients and plants go; so do the words of their messages."""
    for recipient in Recipient.query(member_id):
        recipient.delete()
    for occasion in Occasion.query(member_id):
        occasion.delete()
    for plant in Plant.query(member_id):
        plant.delete()
    for message in Message.by_member.query(member_id):
        if message.params:
            message.update(actions=[Message.params.set({})])


def _scrub_free_text(member_id: str) -> None:
    """Sales, ledger lines and bookings stay for anonymous totals; the words typed about them,
    the people they were for and their addresses go."""
    _forget_people(member_id)
    for booking in Booking.by_member.query(member_id):
        if booking.recipient or booking.card_message or booking.notes:
            booking.update(
                actions=[Booking.recipient.remove(), Booking.card_message.remove(), Booking.notes.remove()],
                add_version_condition=False,
            )
    for purchase in Purchase.by_member.query(member_id):
        if purchase.note:
            purchase.update(actions=[Purchase.note.remove()])
    for line in LedgerEntry.query(member_id):
        if line.reason and line.kind in ("adjust", "refund"):
            line.update(actions=[LedgerEntry.reason.remove()])
    _scrub_prepaid(member_id)


def _scrub_prepaid(member_id: str) -> None:
    """Stored value and flower cards keep their sums; a refund's reason, the people the bouquets
    went to and the cards' words go."""
    for line in WalletEntry.query(member_id):
        if line.reason:
            line.update(actions=[WalletEntry.reason.remove()])
    for card in Subscription.query(member_id):
        if card.recipient or card.card_message:
            card.update(actions=[Subscription.recipient.remove(), Subscription.card_message.remove()])


def erase_myself(member_id: str, contact: ContactAddress, code: str) -> None:
    """A member's own erasure, confirmed with a fresh code sent to one of their contacts."""
    member = get_member(member_id)
    if contact.value not in member.contacts:
        raise NotFound()
    stored = check_code(contact, ERASE, code)
    stored.delete(condition=SignInCode.code_hash == stored.code_hash)
    erase_member(member_id, "self")


# --- Opt-out links: signed, single purpose, usable without signing in -------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def optout_token(member_id: str, channel: str) -> str:
    payload = f"{member_id}.{channel}".encode()
    signature = hmac.new(keyring().derive("optout"), payload, hashlib.sha256).digest()[:16]
    return f"{_b64(payload)}.{_b64(signature)}"


def opt_out(token: str) -> str:
    """Withdraw marketing consent for the channel the link was made for; returns the channel."""
    try:
        encoded, signature = token.split(".")
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        given = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        member_id, channel = payload.decode().split(".")
    except ValueError as error:
        raise InvalidLink() from error
    ring = keyring()
    expected = [hmac.new(ring.derive("optout", kid), payload, hashlib.sha256).digest()[:16] for kid, _ in ring.all()]
    if channel not in CHANNELS or not any(hmac.compare_digest(given, e) for e in expected):
        raise InvalidLink()
    try:
        member = get_member(member_id)
    except NotSignedIn as error:  # erased since the link was sent
        raise InvalidLink() from error
    marketing = member.marketing or MarketingConsent()
    setattr(marketing, channel, Consent(granted=False, at=now(), source="opt-out link"))
    member.marketing = marketing
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(member, condition=Member.erased_at.does_not_exist())
        transaction.save(audit_entry(f"member#{member_id}", "member.opted_out", "self", channel=channel))
    return channel
