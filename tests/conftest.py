"""Shared fixtures. Unit tests run on moto (fast, single-threaded); integration and browser tests
on DynamoDB Local, which each session starts in memory on a free port."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from infra.dynamodb import LOCAL_CREDENTIALS, create_tables
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
        configure("test", "", tmp_path)
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        create_tables("test")
        yield tmp_path
        set_clock(None)


@pytest.fixture
def outbox_path(shop: Path) -> Path:
    return shop / "outbox.jsonl"


@pytest.fixture
def client(shop):
    from tests.support import ApiClient

    return ApiClient()


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
def clock(shop):
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
