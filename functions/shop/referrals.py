"""Referrals: each member may have a code for inviting friends (`/join/?ref=CODE`); a friend who
joins with it is linked to them, and the referred member's first purchase gives both sides the
referral bonus (in the sale's transaction, once: the referrer's ledger line is keyed by the
friend). A code is kept unique by its Contacts item `ref:<CODE>`, put only where none exists."""

from __future__ import annotations

import secrets

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from shop.clock import now
from shop.concurrency import is_conflict
from shop.points import member_for_points
from shop.rewards import CODE_LETTERS
from shop.tables import Contact, Member, transaction_connection

LENGTH = 6


def guard_key(code: str) -> str:
    return f"ref:{code.strip().upper()}"


def referral_code(member_id: str) -> str:
    """The member's code, made on first ask (a clash with another code draws again)."""
    member = member_for_points(member_id)
    while member.referral_code is None:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(LENGTH))
        member.referral_code = code
        guard = Contact(contact=guard_key(code), member_id=member_id, kind="referral", verified_at=now())
        try:
            with TransactWrite(connection=transaction_connection()) as transaction:
                transaction.save(guard, condition=Contact.contact.does_not_exist())
                transaction.save(member, condition=Member.referral_code.does_not_exist())
        except (TransactWriteError, PutError) as error:
            if not is_conflict(error):
                raise
            member = member_for_points(member_id)  # a clash, or a code made at the same time
    return member.referral_code


def referrer_of(code: str | None) -> str | None:
    """The member a code belongs to, if it is a live one; an unknown code is simply ignored."""
    if not code or not code.strip():
        return None
    try:
        guard = Contact.get(guard_key(code), consistent_read=True)
        member = Member.get(guard.member_id, consistent_read=True)
    except DoesNotExist:
        return None
    return None if member.erased_at is not None else member.member_id


def joined_with(code: str) -> int:
    try:
        return int(Contact.get(guard_key(code), consistent_read=True).joined)
    except DoesNotExist:
        return 0


def count_join(transaction, code: str) -> None:
    """Count a friend who joined with the code, inside the join's transaction."""
    transaction.update(
        Contact(contact=guard_key(code)), actions=[Contact.joined.add(1)], condition=Contact.contact.exists()
    )
