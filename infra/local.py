"""The environment the functions see locally: the template's variables for a local stack,
DynamoDB at a local endpoint, the outbox instead of SNS and SES, a key file instead of the secret."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from infra.dynamodb import LOCAL_CREDENTIALS
from infra.template import local_environment


def write_care_index(target: Path) -> Path:
    """The care guides' index as the site publishes it, from the cards in site/content/care."""
    import json

    from infra.template import ROOT
    from shop.care import forget_guides, index_document, read_care_cards

    document = index_document(read_care_cards(ROOT / "site" / "content" / "care"))
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    forget_guides()
    return target


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
        "CARE_INDEX": str(write_care_index(state_dir / "care-index.json")),
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        # background jobs beside the request (the jobs queue's stand-in); tests run them after it
        "LOCAL_JOBS": os.environ.get("LOCAL_JOBS", "thread"),
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


@contextmanager
def local_shop(stack: str = "petalpoint"):
    """The local data `make dev` keeps: its running DynamoDB Local (DDB_PORT, 8001), or one
    started on .local/dynamodb for the while; the environment configured and the tables there."""
    from infra.dynamodb import LOCAL, create_tables, java_available, port_open, running_dynamodb

    port = int(os.environ.get("DDB_PORT", 8001))
    if port_open(port):
        endpoint = f"http://127.0.0.1:{port}"
        configure(stack, endpoint, LOCAL)
        create_tables(stack, endpoint)
        yield endpoint
        return
    if not java_available():
        raise SystemExit("DynamoDB Local is not running and cannot be started here (Java is missing)")
    with running_dynamodb(port, Path(LOCAL) / "dynamodb") as endpoint:
        configure(stack, endpoint, LOCAL)
        create_tables(stack, endpoint)
        yield endpoint
