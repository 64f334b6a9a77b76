"""DynamoDB Local, started once per session in memory on a free port, and the dev server."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest

from infra.dynamodb import create_tables, free_port, java_available, running_dynamodb
from infra.local import configure


@pytest.fixture(scope="session")
def dynamodb_local():
    if not java_available():
        pytest.fail("DynamoDB Local needs Java and the npm package (make test installs it)")
    with running_dynamodb(free_port()) as endpoint:
        yield endpoint


@pytest.fixture
def local_shop(dynamodb_local, tmp_path: Path):
    """A fresh stack (its own tables) on DynamoDB Local, with the functions configured for it."""
    from shop.clock import set_clock

    stack = f"it-{uuid.uuid4().hex[:8]}"
    configure(stack, dynamodb_local, tmp_path)
    create_tables(stack, dynamodb_local)
    yield tmp_path
    set_clock(None)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from infra.site import build

    return build(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture
def dev_server(local_shop, built_site):
    """The dev server on a free port, in a thread of this process (so tests can move the clock)."""
    from infra.devserver import make_server

    server = make_server(free_port(), built_site, local_shop / "outbox.jsonl")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
