"""Staff and managers: accounts kept by managers, sign-in with a code sent to their own contact.

A disabled account, or one whose role or store changes, gets a new token version, so its
sessions end on the very next request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry, record
from shop.clock import now
from shop.codes import STAFF_SIGN_IN, check_code, spend_code
from shop.contacts import ContactAddress
from shop.errors import ContactTaken, NotFound, NotSignedIn, UnknownStore
from shop.keys import keyring
from shop.stores import find_store, list_stores
from shop.tables import StaffContact, StaffMember, transaction_connection

ROLES = ("staff", "manager")


@dataclass(frozen=True)
class NewStaff:
    contact: ContactAddress
    name: str
    role: str
    store_id: str


def _guard_key(contact: ContactAddress) -> str:
    return f"contact#{contact.value}"


def add_staff(new: NewStaff, actor: str, actor_store: str | None) -> StaffMember:
    """A new account; its contact stays unique through a guard item put in the same transaction."""
    if find_store(new.store_id) is None:
        raise UnknownStore()
    member = StaffMember(
        staff_id=f"t{secrets.token_hex(6)}",
        contact=new.contact.value,
        name=new.name,
        role=new.role,
        store_id=new.store_id,
        active=True,
        token_version=1,
        created_at=now(),
    )
    guard = StaffContact(staff_id=_guard_key(new.contact), owner=member.staff_id)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(guard, condition=StaffContact.staff_id.does_not_exist())
            transaction.save(member, condition=StaffMember.staff_id.does_not_exist())
            transaction.save(audit_entry(f"staff#{member.staff_id}", "staff.added", actor, actor_store, role=new.role))
    except TransactWriteError as error:
        if _staff_for(new.contact) is not None:
            raise ContactTaken() from error
        raise
    return member


def change_staff(staff_id: str, changes: dict, actor: str, actor_store: str | None) -> StaffMember:
    """Change name, role, store or whether the account is active; anything but the name ends
    the account's sessions."""
    member = get_staff(staff_id)
    if "store_id" in changes and find_store(changes["store_id"]) is None:
        raise UnknownStore()
    ends_sessions = any(member.attribute_values.get(k) != v for k, v in changes.items() if k != "name")
    for field, value in changes.items():
        setattr(member, field, value)
    if ends_sessions:
        member.token_version += 1
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(member, condition=StaffMember.staff_id.exists())
        transaction.save(audit_entry(f"staff#{staff_id}", "staff.changed", actor, actor_store, fields=sorted(changes)))
    return member


def get_staff(staff_id: str) -> StaffMember:
    try:
        member = StaffMember.get(staff_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error
    if member.staff_id.startswith("contact#"):
        raise NotFound()
    return member


def list_staff() -> list[StaffMember]:
    """Everyone, store by store (a Query per store, never a Scan)."""
    found = [member for store in list_stores() for member in StaffMember.by_store.query(store.store_id)]
    return sorted(found, key=lambda member: (member.store_id, member.role != "manager", member.name))


def _staff_for(contact: ContactAddress) -> StaffMember | None:
    try:
        guard = StaffContact.get(_guard_key(contact), consistent_read=True)
        return StaffMember.get(guard.owner, consistent_read=True)
    except DoesNotExist:
        return None


def staff_sign_in(contact: ContactAddress, code: str) -> StaffMember:
    stored = check_code(contact, STAFF_SIGN_IN, code)
    member = _staff_for(contact)
    if member is None or not member.active:
        record(f"contact#{keyring().digest('contact', contact.value)}", "staff.sign_in_refused", "system")
        raise NotFound()
    spend_code(stored)
    record(f"staff#{member.staff_id}", "staff.signed_in", f"staff#{member.staff_id}", member.store_id)
    return member


def staff_sign_out(staff_id: str) -> None:
    member = get_staff(staff_id)
    member.update(actions=[StaffMember.token_version.add(1)])
    record(f"staff#{staff_id}", "staff.signed_out", f"staff#{staff_id}", member.store_id)


def active_staff(staff_id: str, version: int) -> StaffMember:
    """The staff member behind a session: active, with the session's token version."""
    try:
        member = StaffMember.get(staff_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotSignedIn() from error
    if not member.active or member.token_version != version:
        raise NotSignedIn()
    return member


def ensure_manager(contact: ContactAddress, name: str, store_id: str) -> tuple[StaffMember, bool]:
    """The first manager (`make manager CONTACT=...`): created once; an existing account is kept."""
    existing = _staff_for(contact)
    if existing is not None:
        return existing, False
    return add_staff(NewStaff(contact, name, "manager", store_id), actor="system", actor_store=None), True
