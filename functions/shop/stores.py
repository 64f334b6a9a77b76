"""The chain's stores: each with a name, an address, a phone and opening hours."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.errors import NotFound
from shop.tables import Store, transaction_connection

CHAIN = "chain"


@dataclass(frozen=True)
class StoreDetails:
    name: str
    address: str
    phone: str
    hours: str


def list_stores() -> list[Store]:
    return list(Store.query(CHAIN))


def get_store(store_id: str) -> Store:
    try:
        return Store.get(CHAIN, store_id)
    except DoesNotExist as error:
        raise NotFound() from error


def find_store(store_id: str | None) -> Store | None:
    try:
        return Store.get(CHAIN, store_id) if store_id else None
    except DoesNotExist:
        return None


def open_store(details: StoreDetails, actor: str, actor_store: str | None, store_id: str | None = None) -> Store:
    store = Store(chain=CHAIN, store_id=store_id or f"s{secrets.token_hex(3)}", created_at=now(), **vars(details))
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(store, condition=Store.store_id.does_not_exist())
        transaction.save(audit_entry(f"store#{store.store_id}", "store.opened", actor, actor_store))
    return store


def change_store(store_id: str, changes: dict, actor: str, actor_store: str | None) -> Store:
    store = get_store(store_id)
    for field, value in changes.items():
        setattr(store, field, value)
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(store, condition=Store.store_id.exists())
        transaction.save(audit_entry(f"store#{store_id}", "store.changed", actor, actor_store, fields=sorted(changes)))
    return store
