"""What the insight routes accept. Unknown fields are refused and every value is bounded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from shop.segments import Criteria, TagText
from web.requests import IdText, Strict, text_of


class SegmentRequest(Strict):
    name: text_of(40)
    criteria: Criteria


class NoOffer(Strict):
    kind: Literal["none"]


class CouponOffer(Strict):
    kind: Literal["coupon"]
    reward_id: IdText


class PointsOffer(Strict):
    kind: Literal["points"]
    multiplier: Literal[1.5, 2, 3]


class CampaignRequest(Strict):
    name: text_of(60)
    segment_id: IdText
    channel: Literal["sms", "email", "any"]
    text_zh: text_of(300)
    text_en: text_of(300)
    offer: Annotated[NoOffer | CouponOffer | PointsOffer, Field(discriminator="kind")]
    send_on: date
    holdout_percent: int = Field(ge=0, le=50)
    attribution_days: int = Field(ge=1, le=60)


FeedbackKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,140}$")]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Subject = Annotated[str, StringConstraints(pattern=r"^(purchase|booking)#[a-z0-9]{1,64}$")]
Rating = Annotated[int, Field(ge=1, le=5)]


class RatingRequest(Strict):
    subject: Subject
    rating: Rating
    comment: Comment | None = None


class LinkRatingRequest(Strict):
    token: Annotated[str, StringConstraints(min_length=10, max_length=400)]
    rating: Rating
    comment: Comment | None = None


class NoteRequest(Strict):
    note: text_of(300)


class SuggestionRequest(Strict):
    accept: bool


class TagsRequest(Strict):
    tags: list[TagText] = Field(max_length=12)
