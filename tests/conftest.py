"""Shared fixtures. Unit tests run on moto (fast, single-threaded); integration and browser tests
on DynamoDB Local, which each session starts in memory on a free port."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from infra.dynamodb import LOCAL_CREDENTIALS, create_tables, free_port, java_available, running_dynamodb
from infra.local import configure

hypothesis_settings.register_profile("ci", max_examples=30, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

os.environ.update(LOCAL_CREDENTIALS)
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
os.environ.pop("AWS_PROFILE", None)


@pytest.fixture
def shop(tmp_path: Path):
    """A fresh shop on moto: every table of template.yaml, handlers configured, a clean clock."""
    from moto import mock_aws

    from shop.clock import set_clock

    with mock_aws():
        os.environ["LOCAL_JOBS"] = "pending"  # run after each request, as the jobs function (tests.support)
        configure("test", "", tmp_path)
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        create_tables("test")
        yield tmp_path
        set_clock(None)
        os.environ.pop("LOCAL_JOBS", None)


@pytest.fixture
def outbox_path(shop: Path) -> Path:
    return shop / "outbox.jsonl"


@pytest.fixture
def client(shop):
    from tests.support import ApiClient

    return ApiClient()


@pytest.fixture
def team(shop, outbox_path):
    """A store with a signed-in manager and clerk."""
    from tests.support import make_team

    return make_team(outbox_path)


@pytest.fixture(scope="session")
def test_output() -> Path:
    """Where tests leave what a person may want to look at (screenshots)."""
    path = Path(__file__).resolve().parent.parent / "test-output"
    path.mkdir(exist_ok=True)
    return path


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


class TravellingClock:
    """The shop's clock, movable forward: the rate limits and expiries are checked against it."""

    def __init__(self) -> None:
        from datetime import timedelta

        self.offset = timedelta()

    def __call__(self):
        from datetime import UTC, datetime

        return datetime.now(UTC) + self.offset

    def advance(self, **interval) -> None:
        from datetime import timedelta

        self.offset += timedelta(**interval)


@pytest.fixture
def clock():
    """The shop's clock, for tests that wait a minute (or five) without waiting."""
    from shop.clock import set_clock

    travelling = TravellingClock()
    set_clock(travelling)
    yield travelling
    set_clock(None)


@pytest.fixture
def log_text():
    """Everything the functions log during the test, formatted as in Lambda (JSON lines)."""
    import io
    import logging

    from web.observability import logger

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)
    yield stream.getvalue
    logger._logger.removeHandler(handler)


# --- DynamoDB Local and the dev server (integration and browser tests) ---------------------


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
    os.environ["LOCAL_JOBS"] = "inline"  # a job done before the request answers: journeys need no waiting
    configure(stack, dynamodb_local, tmp_path)
    create_tables(stack, dynamodb_local)
    yield tmp_path
    set_clock(None)
    os.environ.pop("LOCAL_JOBS", None)


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
