"""Optimistic writes: read, compute, write on the condition that nothing changed, and on a
conflict re-read and try again with jitter (pynamodb retries neither conditional failures nor
TransactionConflict). Only a real refusal reaches the caller."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError

from shop.errors import Conflict

T = TypeVar("T")
CONFLICTS = {
    "ConditionalCheckFailed",
    "ConditionalCheckFailedException",
    "TransactionConflict",
    "TransactionConflictException",
}


def is_conflict(error: Exception) -> bool:
    reasons = getattr(error, "cancellation_reasons", None) or []
    codes = {getattr(reason, "code", None) for reason in reasons if reason is not None}
    codes.add(getattr(error, "cause_response_code", None))
    return bool(codes & CONFLICTS)


def with_retries(attempt: Callable[[], T], tries: int = 80) -> T:
    """Run `attempt` until it writes without a conflict; each try re-reads what it needs."""
    for number in range(tries):
        try:
            return attempt()
        except (TransactWriteError, PutError, UpdateError) as error:
            if not is_conflict(error):
                raise
            time.sleep(random.uniform(0, min(0.2, 0.005 * 2**number)))  # full jitter, capped
    raise Conflict()
