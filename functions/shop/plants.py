"""Plants a member keeps and their care (decision 9). A potted plant bought at the counter (its
name matched to a care guide) or added on "my plants" is due for watering and feeding on its
guide's schedule for the season, counted from the last time it was done; the member marks a
task done or snoozes it. A care digest combines all their plants: monthly by default (the
season's rhythm), weekly if they choose (what is due that week)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist

from shop.care import CareGuide, care_guides
from shop.clock import now
from shop.dates import today
from shop.errors import NotFound, ShopError, Unavailable
from shop.i18n import N_
from shop.reminders import reminder
from shop.tables import Member, Plant, Reminder

MOST = 50
PER_SALE = 10  # plants kept from one sale (a sale is one transaction, of at most 100 items)
TASKS = ("water", "feed")
CADENCES = ("monthly", "weekly", "off")
SEASONS = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
SEASONS |= {6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"}
SEASON_NAMES = {"spring": N_("Spring"), "summer": N_("Summer"), "autumn": N_("Autumn"), "winter": N_("Winter")}


class TooManyPlants(ShopError):
    code = "too_many_plants"
    message = N_("My plants holds at most 50 plants.")


class NoSuchGuide(ShopError):
    code = "no_such_guide"
    message = N_("There is no care guide for that plant yet.")


def season_of(day: date) -> str:
    return SEASONS[day.month]


# --- the schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    task: str  # water | feed
    due_on: date
    every_days: int


def _later(day: date, snoozed_until: str | None) -> date:
    return max(day, date.fromisoformat(snoozed_until)) if snoozed_until else day


def water_task(plant: Plant, guide: CareGuide, on: date) -> Task:
    """Due the season's interval after it was last watered (or came home)."""
    every = guide.watering.every_days[season_of(on)]
    due = date.fromisoformat(plant.watered_on or plant.acquired_on) + timedelta(days=every)
    return Task("water", _later(due, plant.water_snoozed_until), every)


def feed_task(plant: Plant, guide: CareGuide, on: date) -> Task | None:
    """Due its interval after it was last fed, moved to the first day of the next month in which
    the guide feeds at all; none for a plant that is never fed."""
    months, every = guide.feeding.months, guide.feeding.every_days
    if not months or not every:
        return None
    due = date.fromisoformat(plant.fed_on or plant.acquired_on) + timedelta(days=every)
    while due.month not in months:
        due = (due.replace(day=1) + timedelta(days=32)).replace(day=1)
    return Task("feed", _later(due, plant.feed_snoozed_until), every)


def tasks_of(plant: Plant, guide: CareGuide, on: date) -> list[Task]:
    return [task for task in (water_task(plant, guide, on), feed_task(plant, guide, on)) if task]


# --- the member's plants --------------------------------------------------------------------


def plant_guides() -> dict[str, CareGuide]:
    """The guides a plant can be kept under (cut flowers are not kept)."""
    return {slug: guide for slug, guide in care_guides().items() if guide.kind == "plant"}


def list_plants(member_id: str) -> list[Plant]:
    return sorted(Plant.query(member_id), key=lambda p: (p.acquired_on, p.plant_id))


def get_plant(member_id: str, plant_id: str) -> Plant:
    try:
        return Plant.get(member_id, plant_id, consistent_read=True)
    except DoesNotExist as error:
        raise NotFound() from error


def new_plant(member_id: str, guide: str, on: date, source: str, **fields) -> Plant:
    return Plant(
        member_id=member_id, guide=guide, acquired_on=on.isoformat(), source=source, created_at=now(), **fields
    )


def add_plant(member: Member, guide: str, nickname: str | None, acquired_on: date) -> Plant:
    if guide not in plant_guides():
        raise NoSuchGuide()
    if Plant.count(member.member_id) >= MOST:
        raise TooManyPlants()
    plant = new_plant(
        member.member_id, guide, acquired_on, "member", plant_id=f"p{secrets.token_hex(4)}", nickname=nickname
    )
    plant.save()
    if (item := digest_item(member, after=today())) is not None:
        item.save()
    return plant


def care_done(member_id: str, plant_id: str, task: str, on: date) -> Plant:
    plant = get_plant(member_id, plant_id)
    done, snoozed = (Plant.watered_on, Plant.water_snoozed_until)
    if task == "feed":
        done, snoozed = Plant.fed_on, Plant.feed_snoozed_until
    plant.update(actions=[done.set(on.isoformat()), snoozed.remove()], condition=Plant.plant_id.exists())
    return plant


def snooze(member_id: str, plant_id: str, task: str, days: int, on: date) -> Plant:
    plant = get_plant(member_id, plant_id)
    snoozed = Plant.water_snoozed_until if task == "water" else Plant.feed_snoozed_until
    plant.update(actions=[snoozed.set((on + timedelta(days=days)).isoformat())], condition=Plant.plant_id.exists())
    return plant


def remove_plant(member_id: str, plant_id: str) -> None:
    get_plant(member_id, plant_id).delete()


def set_digest(member: Member, cadence: str, on: date) -> None:
    """Monthly, weekly or off; the coming digest of the new cadence is put at once (an item of the
    old cadence finds the cadence changed and sends nothing)."""
    member.update(actions=[Member.care_digest.set(cadence)])
    if (item := digest_item(member, after=on)) is not None and Plant.count(member.member_id, limit=1):
        item.save()


# --- bought at the counter ------------------------------------------------------------------


def guide_for(name: str) -> str | None:
    """The care guide a potted plant's name at the counter matches (白色蝴蝶兰 三株 → phalaenopsis)."""
    return next((slug for slug, guide in plant_guides().items() if guide.named_in(name)), None)


def plants_bought(member: Member, lines, purchase_id: str, on: date) -> list:
    """The plants (and the coming digest) a sale brings a member: one per potted-plant line whose
    name matches a guide, under ids derived from the sale, so a replay puts the same items. Where
    the guides cannot be read, the sale still goes through (and says so in the log)."""
    potted = [(n, line) for n, line in enumerate(lines) if line.category == "potted-plant"]
    if not potted:
        return []
    try:
        matched = [(n, guide_for(line.name), line) for n, line in potted]
    except Unavailable:  # the care index is out of reach: the sale matters more
        from web.observability import logger

        logger.warning("care guides unreadable: the sale's plants are not kept")
        return []
    items: list = [
        new_plant(member.member_id, slug, on, "counter", plant_id=f"{purchase_id}{n:02d}", purchase_id=purchase_id)
        for n, slug, line in matched
        if slug
    ][:PER_SALE]
    if items and (item := digest_item(member, after=on)) is not None:
        items.append(item)
    return items


# --- the digest -----------------------------------------------------------------------------


def next_digest_day(cadence: str, after: date) -> date:
    """A monthly digest on the 1st, a weekly one on Monday: the first such day after `after`."""
    if cadence == "weekly":
        return after + timedelta(days=7 - after.weekday())
    return (after.replace(day=1) + timedelta(days=32)).replace(day=1)


def digest_item(member: Member, after: date) -> Reminder | None:
    cadence = member.care_digest or "monthly"
    if cadence == "off":
        return None
    day = next_digest_day(cadence, after)
    return reminder("care-digest", member.member_id, f"{cadence}-{day.isoformat()}", day)


def digest_params(member: Member, plants: list[Plant], on: date, cadence: str) -> dict | None:
    """The digest's words in the member's language (at most three kinds of plant a line, one SMS);
    None when there is nothing to say (a weekly digest in a week with nothing due)."""
    from shop.i18n import translate
    from shop.settings import get_settings

    water, feed = digest_lines(plants, on, cadence)
    if not (water or feed):
        return None
    guides, lang = care_guides(), member.lang
    joined = ("、" if lang == "zh" else ", ").join
    every = translate(lang, N_("%(plant)s every %(days)s days"))
    return {
        "weekly": cadence == "weekly",
        "season": translate(lang, SEASON_NAMES[season_of(on)]),
        "water": joined(
            every % {"plant": guides[slug].name.pick(lang), "days": days}
            if cadence == "monthly"
            else guides[slug].name.pick(lang)
            for slug, days in water[:3]
        ),
        "feed": joined(guides[slug].name.pick(lang) for slug in feed[:3]),
        "link": f"{get_settings().site_url}/plants/",
    }


def digest_lines(plants: list[Plant], on: date, cadence: str) -> tuple[list[tuple[str, int]], list[str]]:
    """What a digest says, per guide (plants of one kind said once): monthly, each kind's watering
    rhythm this season and which are fed this month; weekly, which are due within the week."""
    guides = care_guides()
    until = on + timedelta(days=6)
    water: dict[str, int] = {}
    feed: list[str] = []
    for plant in plants:
        guide = guides.get(plant.guide)
        if guide is None:
            continue
        watering, feeding = water_task(plant, guide, on), feed_task(plant, guide, on)
        if cadence == "monthly" or watering.due_on <= until:
            water.setdefault(plant.guide, watering.every_days)
        fed = feeding is not None and (
            on.month in guide.feeding.months if cadence == "monthly" else feeding.due_on <= until
        )
        if fed and plant.guide not in feed:
            feed.append(plant.guide)
    return list(water.items()), feed


# --- what the member sees -------------------------------------------------------------------


def pets_of(member: Member) -> set[str]:
    """The member's pets as the guides' toxicity names them (cat -> cats)."""
    return {f"{pet}s" for pet in (member.sensitive.pets if member.sensitive else [])}


def plant_view(plant: Plant, guides: dict[str, CareGuide], lang: str, pets: set[str], on: date) -> dict:
    view = {
        "id": plant.plant_id,
        "guide": plant.guide,
        "name": plant.guide,
        "nickname": plant.nickname,
        "acquired_on": plant.acquired_on,
        "source": plant.source,
        "tasks": [],
    }
    guide = guides.get(plant.guide)
    if guide is None:  # its guide left the site: kept, without a schedule
        return view
    hows = {"water": guide.watering.how, "feed": guide.feeding.how}
    toxic = {pet for pet in ("cats", "dogs") if getattr(guide.toxicity, pet) != "safe"}
    return view | {
        "name": guide.name.pick(lang),
        "url": f"{'' if lang == 'zh' else '/en'}/care/{guide.slug}/",
        "light": guide.light,
        "light_note": guide.light_note.pick(lang),
        "season": season_of(on),
        "tasks": [
            {
                "task": task.task,
                "due_on": task.due_on.isoformat(),
                "days": (task.due_on - on).days,
                "every_days": task.every_days,
                "how": hows[task.task].pick(lang),
            }
            for task in tasks_of(plant, guide, on)
        ],
        "pet_warning": guide.toxicity.note.pick(lang) if toxic & pets else None,
    }
