"""Shapes that more than one function answers with."""

from __future__ import annotations

from shop.tables import Store


def store_view(store: Store) -> dict:
    return {
        "id": store.store_id,
        "name": store.name,
        "address": store.address,
        "phone": store.phone,
        "hours": store.hours,
    }
