"""Background jobs (a segment's count, the members' census): started from a request, run
elsewhere. In AWS a job is a message on the jobs queue, read by the jobs function; locally the
dev server runs it in a thread beside the request; tests keep it in PENDING and run it after the
request, as the jobs function (with that function's tables)."""

from __future__ import annotations

import json

from shop.settings import get_settings

PENDING: list[dict] = []


def start_job(job: dict) -> None:
    settings = get_settings()
    if settings.jobs_queue_url:
        import boto3

        boto3.client("sqs").send_message(QueueUrl=settings.jobs_queue_url, MessageBody=json.dumps(job))
    elif settings.local_jobs == "pending":
        PENDING.append(job)
    elif settings.local_jobs == "thread":
        import threading

        threading.Thread(target=run_job, args=(job,), daemon=True).start()
    else:
        run_job(job)


def run_job(job: dict) -> object:
    kind = job.get("job")
    if kind == "segment":
        from shop.segments import evaluate

        return evaluate(job["segment_id"], job["run_id"])
    if kind == "campaign":
        from shop.campaigns import LaterPlease, send_campaign

        if not send_campaign(job["campaign_id"]):
            raise LaterPlease()  # quiet hours: the queue brings it back later
        return True
    if kind == "census":
        from shop.reports import take_census

        return take_census()
    raise ValueError(f"unknown job {kind!r}")
