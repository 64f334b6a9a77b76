"""The sender (SQS, batches of up to 10): each record names a message the daily job decided;
it is claimed and sent once (shop.outreach.send_message). A failure is reported for that record
alone (partial batch response), so SQS tries it again and, after three receives, moves it to
the dead-letter queue (README: how to redrive it)."""

from __future__ import annotations

import json

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from shop.outreach import send_message
from shop.tables import bind_tables
from web.observability import logger

bind_tables()
processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record) -> str:
    outcome = send_message(json.loads(record.body)["message_key"])
    if outcome == "stale":
        logger.warning("a claim was left sending (a crash?): not sent again", extra={"message_id": record.message_id})
    return outcome


@logger.inject_lambda_context
def lambda_handler(event, context) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
