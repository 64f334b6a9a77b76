"""The insight function: segments, campaigns, the reports dashboard, feedback and follow-ups,
staff's own tags on a member. `jobs_handler` is the jobs function's entry: the background jobs
(a segment's count, the members' census) read from the jobs queue."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from insight.requests import (
    CampaignRequest,
    FeedbackKey,
    LinkRatingRequest,
    NoteRequest,
    RatingRequest,
    SegmentRequest,
    SuggestionRequest,
    TagsRequest,
)
from shop.errors import RangeTooLong
from shop.i18n import translate
from shop.points import plain_map
from web.access import MANAGER, MEMBER, PUBLIC, STAFF, principal, requires
from web.app import answer, handler_for, make_app, request_lang
from web.observability import logger
from web.requests import IdText, NoFields

app = make_app()


def _lang():
    return request_lang(app.current_event.headers)


def _csv(text: str, filename: str):
    from aws_lambda_powertools.event_handler import Response

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(200, "text/csv; charset=utf-8", text, headers=headers)


# --- segments (managers) ------------------------------------------------------------------------


def segment_view(segment, with_sample: bool = False) -> dict:
    from shop.segments import sample_view

    view = {
        "id": segment.segment_id,
        "name": segment.name,
        "criteria": json.loads(segment.criteria),
        "status": segment.status,
        "done": int(segment.done),
        "parts": int(segment.parts),
        "count": None if segment.count is None else int(segment.count),
        "evaluated_at": segment.evaluated_at.isoformat() if segment.evaluated_at else None,
    }
    if with_sample and segment.status == "ready":
        view["sample"] = sample_view(segment)
    return view


@app.get("/api/staff/segment-options", middlewares=[requires(MANAGER)])
def segment_options():
    from shop.booking_rules import load_booking_rules
    from shop.rules import CATEGORIES, CATEGORY_NAMES, load_rules
    from shop.stores import list_stores
    from shop.tags import AUTOMATIC, NAMES

    lang = _lang()
    return {
        "tiers": [{"key": t.key, "name": t.name_zh if lang == "zh" else t.name_en} for t in load_rules().tiers],
        "tags": [{"key": key, "name": translate(lang, NAMES[key])} for key in AUTOMATIC],
        "categories": [{"key": key, "name": translate(lang, CATEGORY_NAMES[key])} for key in CATEGORIES],
        "festivals": [
            {"key": p.key, "name": p.name_zh if lang == "zh" else p.name_en} for p in load_booking_rules().peak_days
        ],
        "stores": [{"id": s.store_id, "name": s.name} for s in list_stores()],
    }


@app.get("/api/staff/segments", middlewares=[requires(MANAGER)])
def list_segments():
    from shop.segments import list_segments as every

    return {"segments": [segment_view(s) for s in every()]}


@app.post("/api/staff/segments", middlewares=[requires(MANAGER)])
def add_segment(request: Annotated[SegmentRequest, Body()]):
    from shop.segments import save_segment

    return answer(201, segment_view(save_segment(request.name, request.criteria, principal(app).actor)))


@app.get("/api/staff/segments/<segment_id>", middlewares=[requires(MANAGER)])
def read_segment(segment_id: IdText):
    from shop.segments import get_segment

    return segment_view(get_segment(segment_id), with_sample=True)


@app.put("/api/staff/segments/<segment_id>", middlewares=[requires(MANAGER)])
def change_segment(segment_id: IdText, request: Annotated[SegmentRequest, Body()]):
    from shop.segments import save_segment

    return segment_view(save_segment(request.name, request.criteria, principal(app).actor, segment_id))


@app.post("/api/staff/segments/<segment_id>/count", middlewares=[requires(MANAGER)])
def count_segment(segment_id: IdText, request: Annotated[NoFields | None, Body()] = None):
    from shop.segments import recount

    return segment_view(recount(segment_id))


@app.delete("/api/staff/segments/<segment_id>", middlewares=[requires(MANAGER)])
def delete_segment(segment_id: IdText):
    from shop.segments import delete_segment as remove

    remove(segment_id)
    return {"message": translate(_lang(), "The segment has been deleted.")}


@app.get("/api/staff/segments/<segment_id>/members.csv", middlewares=[requires(MANAGER)])
def segment_csv(segment_id: IdText):
    from shop.segments import SegmentNotCounted, get_segment, members_csv

    segment = get_segment(segment_id)
    if segment.status != "ready":
        raise SegmentNotCounted()
    return _csv(members_csv(segment, full_phone=True), f"segment-{segment_id}.csv")


# --- campaigns (managers) -----------------------------------------------------------------------


def _details(request: CampaignRequest):
    from shop.campaigns import CampaignDetails

    return CampaignDetails(**{**request.model_dump(), "offer": request.offer.model_dump()})


def campaign_view(campaign, with_results: bool = False) -> dict:
    from shop.errors import NotFound
    from shop.segments import get_segment

    try:
        segment = get_segment(campaign.segment_id)
        about = {"id": segment.segment_id, "name": segment.name, "count": segment.count}
    except NotFound:
        about = {"id": campaign.segment_id, "name": None, "count": None}
    view = {
        "id": campaign.campaign_id,
        "name": campaign.name,
        "segment_id": campaign.segment_id,
        "segment": about,
        "channel": campaign.channel,
        "text_zh": campaign.text_zh,
        "text_en": campaign.text_en,
        "offer": plain_map(campaign.offer),
        "send_on": campaign.send_on,
        "holdout_percent": int(campaign.holdout_percent),
        "attribution_days": int(campaign.attribution_days),
        "status": campaign.status,
        "audience": None if campaign.audience is None else int(campaign.audience),
        "created_at": campaign.created_at.isoformat(),
        "confirmed_at": campaign.confirmed_at.isoformat() if campaign.confirmed_at else None,
        "sent_at": campaign.sent_at.isoformat() if campaign.sent_at else None,
    }
    if with_results:
        from shop.campaigns import results

        view["results"] = results(campaign.campaign_id)
    return view


def _not_in_the_past(request: CampaignRequest) -> None:
    from shop.campaigns import SendDateGone
    from shop.dates import today

    if request.send_on < today():
        raise SendDateGone()


@app.get("/api/staff/campaigns", middlewares=[requires(MANAGER)])
def list_campaigns():
    from shop.campaigns import list_campaigns as every

    return {"campaigns": [campaign_view(c) for c in every()]}


@app.post("/api/staff/campaigns/preview", middlewares=[requires(MANAGER)])
def preview_campaign(request: Annotated[CampaignRequest, Body()]):
    from shop.campaigns import preview

    return preview(_details(request))


@app.post("/api/staff/campaigns", middlewares=[requires(MANAGER)])
def add_campaign(request: Annotated[CampaignRequest, Body()]):
    from shop.campaigns import create_campaign

    _not_in_the_past(request)
    who = principal(app)
    return answer(201, campaign_view(create_campaign(_details(request), who.actor, who.store_id)))


@app.get("/api/staff/campaigns/<campaign_id>", middlewares=[requires(MANAGER)])
def read_campaign(campaign_id: IdText):
    from shop.campaigns import get_campaign

    return campaign_view(get_campaign(campaign_id), with_results=True)


@app.put("/api/staff/campaigns/<campaign_id>", middlewares=[requires(MANAGER)])
def change_campaign(campaign_id: IdText, request: Annotated[CampaignRequest, Body()]):
    from shop.campaigns import change_campaign as change

    _not_in_the_past(request)
    who = principal(app)
    return campaign_view(change(campaign_id, _details(request), who.actor, who.store_id))


@app.post("/api/staff/campaigns/<campaign_id>/confirm", middlewares=[requires(MANAGER)])
def confirm_campaign(campaign_id: IdText, request: Annotated[NoFields | None, Body()] = None):
    from shop.campaigns import confirm_campaign as confirm

    who = principal(app)
    return campaign_view(confirm(campaign_id, who.actor, who.store_id))


@app.post("/api/staff/campaigns/<campaign_id>/cancel", middlewares=[requires(MANAGER)])
def cancel_campaign(campaign_id: IdText, request: Annotated[NoFields | None, Body()] = None):
    from shop.campaigns import cancel_campaign as cancel

    who = principal(app)
    return campaign_view(cancel(campaign_id, who.actor, who.store_id))


# --- reports --------------------------------------------------------------------------------------


@app.get("/api/staff/reports", middlewares=[requires(STAFF)])
def read_report(
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
    store: Annotated[IdText | None, Query()] = None,
):
    from shop.reports import LONGEST, report

    who = principal(app)
    if who.role != MANAGER:
        store = who.store_id  # a clerk sees their own store
    if end < start or (end - start).days >= LONGEST:
        raise RangeTooLong()
    return report(start, end, store, _lang())


@app.post("/api/staff/reports/census", middlewares=[requires(MANAGER)])
def start_census(request: Annotated[NoFields | None, Body()] = None):
    from shop.jobs import start_job

    start_job({"job": "census"})
    return answer(202, {"message": translate(_lang(), "The members are being counted: refresh in a minute.")})


# --- feedback -------------------------------------------------------------------------------------


@app.get("/api/me/feedback", middlewares=[requires(MEMBER)])
def my_feedback():
    from shop.feedback import for_member

    return for_member(principal(app).id)


@app.post("/api/me/feedback", middlewares=[requires(MEMBER)])
def rate(request: Annotated[RatingRequest, Body()]):
    from shop.feedback import feedback_view
    from shop.feedback import rate as give

    given = give(principal(app).id, request.subject, request.rating, request.comment)
    return answer(201, {"feedback": feedback_view(given), "message": translate(_lang(), "Thank you for your rating!")})


@app.get("/api/feedback", middlewares=[requires(PUBLIC)])
def rating_link(token: Annotated[str, Query(alias="t", min_length=10, max_length=400)]):
    from shop.feedback import link_view

    return link_view(token)


@app.post("/api/feedback", middlewares=[requires(PUBLIC)])
def rate_by_link(request: Annotated[LinkRatingRequest, Body()]):
    from shop.feedback import feedback_view, rate_by_link

    given = rate_by_link(request.token, request.rating, request.comment)
    return answer(201, {"feedback": feedback_view(given), "message": translate(_lang(), "Thank you for your rating!")})


@app.get("/api/staff/follow-ups", middlewares=[requires(STAFF)])
def follow_ups(store: Annotated[IdText | None, Query()] = None):
    from shop.feedback import follow_up_view, open_follow_ups

    who = principal(app)
    store_id = store if who.role == MANAGER and store else who.store_id
    return {"store": store_id, "follow_ups": [follow_up_view(f) for f in open_follow_ups(store_id)]}


@app.post("/api/staff/follow-ups/<feedback_id>/close", middlewares=[requires(STAFF)])
def close_follow_up(feedback_id: FeedbackKey, request: Annotated[NoteRequest, Body()]):
    from shop.feedback import close_follow_up as close
    from shop.feedback import follow_up_view

    who = principal(app)
    only = None if who.role == MANAGER else who.store_id
    return {"follow_up": follow_up_view(close(feedback_id, request.note, who.actor, only))}


@app.post("/api/staff/feedback/<feedback_id>/suggestion", middlewares=[requires(STAFF)])
def settle_suggestion(feedback_id: FeedbackKey, request: Annotated[SuggestionRequest, Body()]):
    from shop.feedback import settle_suggestion as settle

    who = principal(app)
    settle(feedback_id, request.accept, who.id, who.name, who.store_id)
    return {"message": translate(_lang(), "Saved.")}


# --- staff's own tags on a member -----------------------------------------------------------------


@app.put("/api/staff/members/<member_id>/tags", middlewares=[requires(STAFF)])
def set_tags(member_id: IdText, request: Annotated[TagsRequest, Body()]):
    from shop.tags import set_tags as keep

    who = principal(app)
    return {"own": keep(member_id, request.tags, who.actor, who.store_id)}


lambda_handler = handler_for(app)


# --- the jobs function ----------------------------------------------------------------------------


@logger.inject_lambda_context
def jobs_handler(event, context) -> dict:
    """One job per queue message; a failure leaves the message for another try (then the
    dead-letter queue)."""
    from shop.jobs import run_job

    failures = []
    for record in (event or {}).get("Records", []):
        try:
            run_job(json.loads(record["body"]))
        except Exception:
            logger.exception("job failed")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
