"""The daily job (EventBridge Scheduler, every morning in the business time zone): works through
the Reminders items due today and on any day missed since its last run."""

from __future__ import annotations

from shop.dates import today
from shop.errors import NotFound
from shop.reminders import run_daily
from shop.sales import lapse_due
from shop.tables import Reminder, bind_tables
from web.observability import logger

bind_tables()


def lapse_points(item: Reminder) -> None:
    """A bucket's last day has passed: lapse it with its ledger line (keyed by the day, once)."""
    try:
        lapse_due(item.member_id)
    except NotFound:
        pass  # the member was erased: nothing is left to lapse


HANDLERS = {"points-lapse": lapse_points}


@logger.inject_lambda_context
def lambda_handler(event, context) -> dict:
    done = run_daily(today(), HANDLERS)
    logger.info("daily run", extra=done)
    return done
