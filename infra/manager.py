"""`make manager CONTACT=... [NAME=...] [STORE=...]`: the first manager (and, if the chain has no
store yet, its first store). Locally it uses the running DynamoDB Local or starts one on the
data in .local/; with `STACK=<name> AWS=1` it writes to that stack's tables in AWS."""

from __future__ import annotations

import argparse
import os

from infra.local import local_shop
from infra.template import tables

LOCAL_STACK = "petalpoint"


def make_manager(contact: str, name: str, store_name: str) -> str:
    from shop.contacts import parse_contact
    from shop.staff import ensure_manager
    from shop.stores import StoreDetails, list_stores, open_store

    stores = list_stores()
    store = stores[0] if stores else open_store(StoreDetails(store_name, "", "", ""), "system", None)
    manager, created = ensure_manager(parse_contact(contact), name, store.store_id)
    what = "created" if created else "already exists"
    return f"manager {manager.name} ({parse_contact(contact).masked()}) {what}, store {store.name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contact", required=True)
    parser.add_argument("--name", default="店长")
    parser.add_argument("--store", default="总店")
    args = parser.parse_args()
    if os.environ.get("AWS") == "1":
        stack = os.environ["STACK"]
        for table in tables():
            os.environ[table.env_var] = table.name(stack)
        from shop.settings import reset_settings
        from shop.tables import bind_tables

        os.environ["SESSION_KEY_FILE"] = ""
        reset_settings()
        bind_tables()
        print(make_manager(args.contact, args.name, args.store))
        return
    with local_shop(LOCAL_STACK):
        print(make_manager(args.contact, args.name, args.store))


if __name__ == "__main__":
    main()
