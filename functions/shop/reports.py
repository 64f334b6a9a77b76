"""The managers' dashboard, per store or for the chain, over a chosen period. Every figure comes
from counters written with what they count (the stores' day Stats, a campaign's Stats), from the
Slots table, or from figures a background job stored (the members' census, the outreach of a
day once its attribution window has closed): the request reads items by key and Queries, never
a Scan, and never recomputes from sales."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from shop.clock import now
from shop.dates import today
from shop.i18n import N_, Lang, translate
from shop.rules import CATEGORIES, PAYMENT_METHODS, load_rules
from shop.stats import CHAIN_WIDE, STATS_SHARDS
from shop.tables import Member, Message, ReportFigures, Slot, StoreDayStats

CHAIN = "chain"
METHODS = (*PAYMENT_METHODS, "on-account")
COUNTERS = tuple(name for name in StoreDayStats.get_attributes() if name not in ("key", "shard"))
OUTREACH_LAG = 15  # a day's outreach is counted once its 14-day attribution window has closed
LONGEST = 366


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_counts(stores: list[str], first: date, last: date) -> dict[str, dict[str, int]]:
    """Each day's counters, summed over the stores and the shards (BatchGet by key)."""
    keys = [
        (f"{store}#{day.isoformat()}", shard)
        for store in stores
        for day in _days(first, last)
        for shard in range(STATS_SHARDS)
    ]
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for item in StoreDayStats.batch_get(keys):
        day = totals[item.key.split("#", 1)[1]]
        for name in COUNTERS:
            day[name] += int(getattr(item, name) or 0)
    return totals


def _week(day: str) -> str:
    start = date.fromisoformat(day)
    return (start - timedelta(days=start.weekday())).isoformat()


def _by(counts: dict[str, dict[str, int]], period, names: tuple[str, ...], labels: list[str]) -> dict[str, dict]:
    grouped = {label: dict.fromkeys(names, 0) for label in labels}
    for day, values in counts.items():
        for name in names:
            grouped[period(day)][name] += values[name]
    return grouped


def _chart(title: str, kind: str, unit: str, labels: list, series: list[tuple[str, list]]) -> dict:
    return {
        "title": title,
        "kind": kind,
        "unit": unit,
        "labels": labels,
        "series": [{"name": name, "values": values} for name, values in series],
    }


def latest_census(scope: str, last: date) -> dict:
    found = ReportFigures.query(
        f"census#{scope}", ReportFigures.day <= last.isoformat(), scan_index_forward=False, limit=1
    )
    item = next(iter(found), None)
    return {"day": item.day, **item.figures.as_dict()} if item else {}


def report(first: date, last: date, store: str | None, lang: Lang) -> dict:
    from shop.stores import list_stores

    stores = [store] if store else [s.store_id for s in list_stores()] + [CHAIN_WIDE]
    counts = day_counts(stores, first, last)
    days = [d.isoformat() for d in _days(first, last)]
    weeks = sorted({_week(d) for d in days})
    months = sorted({d[:7] for d in days})
    t = lambda text: translate(lang, text)
    charts = {}
    weekly = _by(counts, _week, COUNTERS, weeks)
    monthly = _by(counts, lambda d: d[:7], COUNTERS, months)
    charts["new_members"] = _chart(
        t(N_("New members per week")),
        "bar",
        "count",
        weeks,
        [(t(N_("New members")), [weekly[w]["joins"] for w in weeks])],
    )
    charts["active_members"] = _chart(
        t(N_("Active members per month")),
        "bar",
        "count",
        months,
        [(t(N_("Members who bought")), [monthly[m]["active_members"] for m in months])],
    )
    charts["repeat_rate"] = _chart(
        t(N_("Repeat-purchase rate per month")),
        "line",
        "percent",
        months,
        [
            (
                t(N_("Bought again within the month")),
                [_percent(monthly[m]["repeat_members"], monthly[m]["active_members"]) for m in months],
            )
        ],
    )
    charts["average_order"] = _chart(
        t(N_("Average order value per week")),
        "line",
        "fen",
        weeks,
        [
            (
                t(N_("Average order")),
                [_average(weekly[w]["sales_fen"] + weekly[w]["refunded_fen"], weekly[w]["purchases"]) for w in weeks],
            )
        ],
    )
    whole = {name: sum(values[name] for values in counts.values()) for name in COUNTERS}
    charts["sales_by_category"] = _chart(
        t(N_("Sales by category")),
        "bar",
        "fen",
        list(CATEGORIES),
        [(t(N_("Sales")), [whole["sales_" + c.replace("-", "_")] for c in CATEGORIES])],
    )
    charts["sales_by_payment"] = _chart(
        t(N_("Sales by payment method")),
        "bar",
        "fen",
        list(METHODS),
        [(t(N_("Sales")), [whole["paid_" + m.replace("-", "_")] for m in METHODS])],
    )
    census = latest_census(store or CHAIN, last)
    rules = load_rules()
    tiers = [tier.key for tier in sorted(rules.tiers, key=lambda x: x.spend_fen)]
    charts["tiers"] = _chart(
        t(N_("Members by tier")),
        "pie",
        "count",
        [(tier.name_zh if lang == "zh" else tier.name_en) for tier in sorted(rules.tiers, key=lambda x: x.spend_fen)],
        [(t(N_("Members")), [int(census.get("tiers", {}).get(k, 0)) for k in tiers])],
    )
    charts["tier_moves"] = _chart(
        t(N_("Tier changes per month")),
        "bar",
        "count",
        months,
        [
            (t(N_("Up")), [monthly[m]["tier_ups"] for m in months]),
            (t(N_("Down")), [monthly[m]["tier_downs"] for m in months]),
        ],
    )
    charts["points"] = _chart(
        t(N_("Points issued and redeemed per week")),
        "bar",
        "count",
        weeks,
        [
            (t(N_("Issued")), [weekly[w]["points_issued"] for w in weeks]),
            (t(N_("Redeemed")), [weekly[w]["points_redeemed"] for w in weeks]),
        ],
    )
    charts["liability"] = _chart(
        t(N_("What the shop owes its members")),
        "bar",
        "fen",
        [t(N_("Points outstanding")), t(N_("Stored value held"))],
        [(t(N_("Owed")), [int(census.get("liability_fen", 0)), int(census.get("stored_value_fen", 0))])],
    )
    charts.update(_bookings(stores, first, last, t, lang))
    charts["outreach"] = _outreach(first, last, t)
    charts["campaigns"] = _campaigns(first, last, t)
    charts["ratings"] = _chart(
        t(N_("Ratings per week")),
        "line",
        "count",
        weeks,
        [
            (
                t(N_("Average rating")),
                [
                    round(weekly[w]["rating_sum"] / weekly[w]["ratings"], 2) if weekly[w]["ratings"] else None
                    for w in weeks
                ],
            ),
            (t(N_("Ratings of 2 or less")), [weekly[w]["ratings_low"] for w in weeks]),
        ],
    )
    totals = {
        "sales_fen": whole["sales_fen"],
        "refunded_fen": whole["refunded_fen"],
        "purchases": whole["purchases"],
        "joins": whole["joins"],
        "points_issued": whole["points_issued"],
        "points_redeemed": whole["points_redeemed"],
        "points_outstanding": int(census.get("points", 0)),
        "liability_fen": int(census.get("liability_fen", 0)),
        "stored_value_fen": int(census.get("stored_value_fen", 0)),
        "members": int(census.get("members", 0)),
        "census_day": census.get("day"),
        "ratings": whole["ratings"],
        "average_rating": round(whole["rating_sum"] / whole["ratings"], 2) if whole["ratings"] else None,
    }
    return {"from": first.isoformat(), "to": last.isoformat(), "store": store, "charts": charts, "totals": totals}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0


def _average(total: int, count: int) -> int | None:
    return total // count if count else None  # nothing to average: no point on the line


def _bookings(stores: list[str], first: date, last: date, t, lang: Lang) -> dict:
    """Places taken per window (a Query per store over the period), and each peak day's fill."""
    from shop.booking_rules import load_booking_rules

    by_window: dict[str, int] = defaultdict(int)
    peaks: dict[str, list[int]] = {}
    for store in stores:
        if store == CHAIN_WIDE:
            continue
        rules = load_booking_rules(store)
        taken_on: dict[str, int] = defaultdict(int)
        for slot in Slot.query(store, Slot.slot.between(first.isoformat(), last.isoformat() + "#~")):
            day, window = slot.slot.split("#")
            taken = int(slot.pickup_taken) + int(slot.delivery_taken)
            by_window[window] += taken
            taken_on[day] += taken
        for day in _days(first, last):
            peak = rules.peak_on(day)
            if peak is not None:
                capacity = (peak.pickup_capacity + peak.delivery_capacity) * len(rules.windows)
                label = f"{day.isoformat()} {peak.name_zh if lang == 'zh' else peak.name_en}"
                was = peaks.setdefault(label, [0, 0])
                was[0] += taken_on[day.isoformat()]
                was[1] += capacity
    windows = sorted(by_window)
    return {
        "bookings_by_slot": _chart(
            t(N_("Bookings by time window")),
            "bar",
            "count",
            windows,
            [(t(N_("Places taken")), [by_window[w] for w in windows])],
        ),
        "peak_fill": _chart(
            t(N_("Peak days: places taken")),
            "bar",
            "percent",
            list(peaks),
            [(t(N_("Filled")), [_percent(taken, capacity) for taken, capacity in peaks.values()])],
        ),
    }


def _outreach(first: date, last: date, t) -> dict:
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for item in ReportFigures.query("outreach#chain", ReportFigures.day.between(first.isoformat(), last.isoformat())):
        for kind, values in item.figures.as_dict().items():
            for n, value in enumerate(values):
                kinds[kind][n] += int(value)
    labels = sorted(kinds)
    return _chart(
        t(N_("Outreach: sent and converted within 14 days")),
        "bar",
        "count",
        labels,
        [
            (t(N_("Sent")), [kinds[k][0] for k in labels]),
            (t(N_("Bought after")), [kinds[k][1] for k in labels]),
            (t(N_("Held out")), [kinds[k][2] for k in labels]),
            (t(N_("Held out, bought anyway")), [kinds[k][3] for k in labels]),
        ],
    )


def _campaigns(first: date, last: date, t) -> dict:
    from shop.campaigns import list_campaigns, results

    sent = [c for c in list_campaigns() if c.status == "sent" and first.isoformat() <= c.send_on <= last.isoformat()]
    figures = [results(c.campaign_id) for c in sent]
    return _chart(
        t(N_("Campaigns: conversion, contacted against held out")),
        "bar",
        "percent",
        [c.name for c in sent],
        [
            (t(N_("Contacted")), [_percent(f["contacted"]["converted"], f["contacted"]["n"]) for f in figures]),
            (t(N_("Held out")), [_percent(f["held_out"]["converted"], f["held_out"]["n"]) for f in figures]),
        ],
    )


# --- the background jobs that store figures -------------------------------------------------------


def _empty_census() -> dict:
    zero = dict.fromkeys(("members", "points", "liability_fen", "stored_value_fen"), 0)
    return {**zero, "tiers": defaultdict(int), "tags": defaultdict(int)}


def take_census(on: date | None = None) -> dict:
    """Page through the members once: per home store and for the chain, how many, by tier, by
    automatic tag, points outstanding (and their worth in yuan) and stored value held."""
    from shop.points import balance_of, plain_map, tier_of
    from shop.tags import automatic_tags, corporate_members

    on = on or today()
    rules, corporate = load_rules(), corporate_members()
    scopes: dict[str, dict] = defaultdict(_empty_census)
    for member in Member.scan():
        if member.erased_at is not None:
            continue
        points = max(balance_of(plain_map(member.buckets), int(member.debt)), 0)
        tier = tier_of(member, rules, on).key
        tags = [tag.key for tag in automatic_tags(member, on, rules.tags, corporate)]
        for scope in (CHAIN, member.home_store or CHAIN_WIDE):
            figures = scopes[scope]
            figures["members"] += 1
            figures["tiers"][tier] += 1
            for tag in tags:
                figures["tags"][tag] += 1
            figures["points"] += points
            figures["liability_fen"] += points * rules.fen_per_point
            figures["stored_value_fen"] += int(member.wallet_principal) + int(member.wallet_bonus)
    moment = now()
    for scope, figures in scopes.items():
        plain = {**figures, "tiers": dict(figures["tiers"]), "tags": dict(figures["tags"])}
        ReportFigures(key=f"census#{scope}", day=on.isoformat(), figures=plain, computed_at=moment).save()
    return {scope: figures["members"] for scope, figures in scopes.items()}


def count_outreach(on: date | None = None) -> dict:
    """The outreach of the day OUTREACH_LAG days ago, now that its attribution window has closed:
    per kind, [sent, converted, held out, held out and converted]."""
    from shop.outreach_report import bought_within_window, live_member

    day = (on or today()) - timedelta(days=OUTREACH_LAG)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for message in Message.by_day.query(day.isoformat()):
        kind = message.reason.split(":")[0]
        group = 2 if message.why == "held-out" else 0 if message.status == "sent" else None
        if group is None:
            continue
        kinds[kind][group] += 1
        kinds[kind][group + 1] += int(bought_within_window(live_member(message.member_id), day))
    ReportFigures(key="outreach#chain", day=day.isoformat(), figures=dict(kinds), computed_at=now()).save()
    return dict(kinds)
