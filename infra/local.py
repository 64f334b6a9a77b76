"""The environment the functions see locally: the template's variables for a local stack,
DynamoDB at a local endpoint, the outbox instead of SNS and SES, a key file instead of the secret."""

from __future__ import annotations

import os
from pathlib import Path

from infra.dynamodb import LOCAL_CREDENTIALS
from infra.template import local_environment


def configure(stack: str, endpoint: str, state_dir: Path) -> dict[str, str]:
    """Set os.environ for handlers running in this process and rebind the models; returns it."""
    state_dir.mkdir(parents=True, exist_ok=True)
    variables = {
        **LOCAL_CREDENTIALS,
        **local_environment(stack),
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        "MESSAGE_CHANNELS": "outbox",
        "OUTBOX_PATH": str(state_dir / "outbox.jsonl"),
        "PHOTOS_DIR": str(state_dir / "photos"),
        "SESSION_KEY_FILE": str(state_dir / "session-keys.json"),
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
    }
    variables.pop("SESSION_SECRET_ARN", None)
    if os.environ.get("SITE_URL"):  # the dev server's own address: links and QR codes open locally
        variables["SITE_URL"] = os.environ["SITE_URL"]
    os.environ.update(variables)
    from shop.settings import reset_settings
    from shop.tables import bind_tables

    reset_settings()
    bind_tables()
    return variables
