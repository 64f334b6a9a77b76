"""The reminders function: the member's gift notebook (the people they buy for, their dates) and
their plants with the care each is due."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from reminders.requests import CareRequest, DigestRequest, OccasionChange, OccasionRequest, PlantRequest
from shop import occasions, plants
from shop.dates import today
from shop.tables import Occasion, Plant
from web.access import MEMBER, principal, requires
from web.app import answer, handler_for, make_app, request_lang
from web.requests import IdText

app = make_app()


def occasion_view(occasion: Occasion, lang: str) -> dict:
    from shop.bookings import booked_items

    booked = occasions.last_booking(occasion.member_id, occasion.occasion_id)
    last = None
    if booked is not None:
        last = {
            "id": booked.booking_id,
            "date": booked.day,
            "items": booked_items(booked, lang),
            "card_message": booked.card_message,
            "mode": booked.mode,
            "window": booked.window,
        }
    when = occasion.date
    return {
        "id": occasion.occasion_id,
        "person": occasion.person,
        "relationship": occasion.relationship,
        "kind": occasion.kind,
        "label": occasion.label,
        "date": {
            "calendar": when.calendar,
            "month": int(when.month),
            "day": int(when.day),
            "leap_month": bool(when.leap_month),
            "year": int(when.year) if when.year else None,
        },
        "remind_days": int(occasion.remind_days),
        "flowers": list(occasion.flowers),
        "recipient_id": occasion.recipient_id,
        "paused": bool(occasion.paused),
        "next_date": occasions.next_date(occasion).isoformat(),
        "days": (occasions.next_date(occasion) - today()).days,
        "last_booking": last,
    }


@app.get("/api/me/occasions", middlewares=[requires(MEMBER)])
def my_occasions():
    from shop.members import get_member

    member_id, lang = principal(app).id, request_lang(app.current_event.headers)
    return {
        "own_birthday": occasions.own_birthday(get_member(member_id)),
        "occasions": [occasion_view(o, lang) for o in occasions.list_occasions(member_id)],
    }


@app.post("/api/me/occasions", middlewares=[requires(MEMBER)])
def add(request: Annotated[OccasionRequest, Body()]):
    added = occasions.add_occasion(principal(app).id, request.fields())
    return answer(201, occasion_view(added, request_lang(app.current_event.headers)))


@app.patch("/api/me/occasions/<occasion_id>", middlewares=[requires(MEMBER)])
def change(occasion_id: IdText, request: Annotated[OccasionChange, Body()]):
    changed = occasions.change_occasion(principal(app).id, occasion_id, request.changes())
    return occasion_view(changed, request_lang(app.current_event.headers))


@app.delete("/api/me/occasions/<occasion_id>", middlewares=[requires(MEMBER)])
def delete(occasion_id: IdText):
    occasions.delete_occasion(principal(app).id, occasion_id)
    return {}


def _plant_view(plant: Plant, member) -> dict:
    lang = request_lang(app.current_event.headers)
    return plants.plant_view(plant, plants.plant_guides(), lang, plants.pets_of(member), today())


@app.get("/api/me/plants", middlewares=[requires(MEMBER)])
def my_plants():
    from shop.members import get_member

    member, lang = get_member(principal(app).id), request_lang(app.current_event.headers)
    guides, pets, on = plants.plant_guides(), plants.pets_of(member), today()
    return {
        "digest": member.care_digest,
        "plants": [plants.plant_view(p, guides, lang, pets, on) for p in plants.list_plants(member.member_id)],
        "guides": [
            {"slug": slug, "name": guide.name.pick(lang)}
            for slug, guide in sorted(guides.items(), key=lambda kv: kv[1].name.en)
        ],
    }


@app.post("/api/me/plants", middlewares=[requires(MEMBER)])
def add_plant(request: Annotated[PlantRequest, Body()]):
    from shop.members import get_member

    member = get_member(principal(app).id)
    added = plants.add_plant(member, request.guide, request.nickname, request.acquired_on or today())
    return answer(201, _plant_view(added, member))


@app.post("/api/me/plants/<plant_id>/care", middlewares=[requires(MEMBER)])
def care(plant_id: IdText, request: Annotated[CareRequest, Body()]):
    from shop.members import get_member

    member = get_member(principal(app).id)
    if request.action == "done":
        plant = plants.care_done(member.member_id, plant_id, request.task, today())
    else:
        plant = plants.snooze(member.member_id, plant_id, request.task, request.days, today())
    return _plant_view(plant, member)


@app.delete("/api/me/plants/<plant_id>", middlewares=[requires(MEMBER)])
def remove(plant_id: IdText):
    plants.remove_plant(principal(app).id, plant_id)
    return {}


@app.put("/api/me/plant-digest", middlewares=[requires(MEMBER)])
def digest(request: Annotated[DigestRequest, Body()]):
    from shop.members import get_member

    plants.set_digest(get_member(principal(app).id), request.cadence, today())
    return {"digest": request.cadence}


lambda_handler = handler_for(app)
