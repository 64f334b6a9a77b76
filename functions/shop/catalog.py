"""The catalog a member books from: bouquet styles and potted plants, each with a price, an
illustration, a recipe (stems of each variety), whether it can be delivered and the occasions
it suits. One partition for the chain, so the list is a Query."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pynamodb.exceptions import DoesNotExist
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.errors import NotFound
from shop.tables import CatalogItem, transaction_connection

if TYPE_CHECKING:
    from shop.care import CareGuide

CHAIN = "chain"
KINDS = ("bouquet", "potted-plant")


@dataclass(frozen=True)
class ItemDetails:
    kind: str
    name_zh: str
    name_en: str
    price_fen: int
    illustration: str
    recipe: tuple[tuple[str, int], ...]  # (variety, stems)
    deliverable: bool = True
    occasions: tuple[str, ...] = ()
    description_zh: str | None = None
    description_en: str | None = None
    active: bool = True

    def fields(self) -> dict:
        values = dict(vars(self))
        values["recipe"] = [{"variety": variety, "stems": stems} for variety, stems in self.recipe]
        values["occasions"] = list(self.occasions)
        return values


def list_items(active_only: bool = False) -> list[CatalogItem]:
    items = [item for item in CatalogItem.query(CHAIN) if item.active or not active_only]
    return sorted(items, key=lambda item: (not item.active, item.kind, int(item.price_fen)))


def get_item(item_id: str) -> CatalogItem:
    try:
        return CatalogItem.get(CHAIN, item_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def add_item(details: ItemDetails, actor: str, actor_store: str | None, item_id: str | None = None) -> CatalogItem:
    item = CatalogItem(chain=CHAIN, item_id=item_id or f"c{secrets.token_hex(4)}", created_at=now(), **details.fields())
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(item, condition=CatalogItem.item_id.does_not_exist())
        transaction.save(audit_entry(f"catalog#{item.item_id}", "catalog.added", actor, actor_store))
    return item


def change_item(item_id: str, changes: dict, actor: str, actor_store: str | None) -> CatalogItem:
    item = get_item(item_id)
    if "recipe" in changes:
        changes["recipe"] = [{"variety": variety, "stems": stems} for variety, stems in changes["recipe"]]
    actions = [getattr(CatalogItem, name).set(value) for name, value in changes.items()]
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(item, actions=actions, condition=CatalogItem.item_id.exists())
        transaction.save(
            audit_entry(f"catalog#{item_id}", "catalog.changed", actor, actor_store, fields=sorted(changes))
        )
    return get_item(item_id)


def items_for_guide(guide: CareGuide, items: list[CatalogItem]) -> list[CatalogItem]:
    """The items a care guide is about, the most of its flower first: a bouquet or plant with one
    of the guide's varieties in its recipe, or a potted plant named as the guide's plant (as a
    plant sold at the counter is matched; cut-flower guides only by variety, so "Peace lily" is
    no lily)."""

    def stems(item: CatalogItem) -> int:
        return sum(count for variety, count in recipe_of(item) if variety in guide.varieties)

    def named(item: CatalogItem) -> bool:
        plants = guide.kind == "plant" and item.kind == "potted-plant"
        return plants and (guide.named_in(item.name_zh) or guide.named_in(item.name_en))

    found = [item for item in items if stems(item) or named(item)]
    return sorted(found, key=lambda item: -stems(item))


def recipe_of(item: CatalogItem) -> list[tuple[str, int]]:
    from shop.points import plain_map

    return [(str(line["variety"]), int(line["stems"])) for line in map(plain_map, item.recipe)]


def item_view(item: CatalogItem, lang: str) -> dict:
    return {
        "id": item.item_id,
        "kind": item.kind,
        "name": item.name_zh if lang == "zh" else item.name_en,
        "name_zh": item.name_zh,
        "name_en": item.name_en,
        "description_zh": item.description_zh,
        "description_en": item.description_en,
        "price_fen": int(item.price_fen),
        "illustration": item.illustration,
        "recipe": [{"variety": variety, "stems": stems} for variety, stems in recipe_of(item)],
        "deliverable": bool(item.deliverable),
        "occasions": list(item.occasions),
        "active": bool(item.active),
    }
