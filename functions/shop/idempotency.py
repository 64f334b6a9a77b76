"""Writes a retry could repeat run once per (principal, operation, key): powertools idempotency
caches the answer and refuses the same key with a different payload; a request still in progress
is a 409. (The record id the operation derives from the same key guards it once more, after the
cached answer has expired.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from shop.errors import ShopError
from shop.i18n import N_
from shop.settings import get_settings

ONE_DAY = 24 * 3600


class InProgress(ShopError):
    code = "in_progress"
    message = N_("The same request is still being processed. Please wait a moment.")


class KeyReused(ShopError):
    code = "idempotency_key_reused"
    message = N_("This request key was already used for a different request.")


class KeyMissing(ShopError):
    code = "idempotency_key_missing"
    message = N_("Send an Idempotency-Key header with this request.")


@lru_cache(maxsize=1)
def _guarded():
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    layer = DynamoDBPersistenceLayer(table_name=get_settings().table_name("Idempotency"))
    config = IdempotencyConfig(
        event_key_jmespath="[principal, operation, key]",
        payload_validation_jmespath="payload",
        raise_on_no_idempotency_key=True,
        expires_after_seconds=ONE_DAY,
    )

    @idempotent_function(data_keyword_argument="request", persistence_store=layer, config=config)
    def guarded(request: dict, run: Callable[[], dict]) -> dict:
        return run()

    return guarded, config


def once(
    principal: str, operation: str, key: str | None, payload: dict, run: Callable[[], dict], lambda_context=None
) -> dict:
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    if not key:
        raise KeyMissing()
    request = {"principal": principal, "operation": operation, "key": key, "payload": payload}
    guarded, config = _guarded()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)  # an in-progress record expires with the invocation
    try:
        return guarded(request=request, run=run)
    except IdempotencyAlreadyInProgressError as error:
        raise InProgress() from error
    except IdempotencyValidationError as error:
        raise KeyReused() from error


def forget_layer() -> None:
    """Tests and the dev server switch tables and endpoints: build the layer anew."""
    _guarded.cache_clear()
