"""Campaigns (decision 10): a segment, a channel, a message template in both languages, an offer
(a coupon from the rewards catalog or a points multiplier), a send date, a holdout share and an
attribution window. A manager confirms it; the daily job sends it on its first run on or after
the send date, through the outreach engine (consent, cap, quiet hours, at most once). Each
member is contacted or held out by a hash of member and campaign, and the member's summary
remembers which, until the window ends, so a sale counts for the right group in its own
transaction: the results are counters, never a scan of sales."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.transactions import TransactWrite

from shop.audit import audit_entry
from shop.clock import now
from shop.concurrency import is_conflict, with_retries
from shop.dates import today
from shop.errors import NotFound, ShopError
from shop.i18n import N_, Lang, translate, written_date
from shop.points import plain_map
from shop.settings import get_settings
from shop.tables import Campaign, CampaignStats, DailyRun, Member, Message, transaction_connection

SMS_SINGLE, SMS_PART = 70, 67  # characters in one Chinese SMS, and in each part of a long one
VARIABLES = ("name", "shop", "offer", "until", "link")


class TemplateInvalid(ShopError):
    code = "template_invalid"
    message = N_("The message template cannot be used: {detail}")


class CampaignNotDraft(ShopError):
    code = "campaign_not_draft"
    message = N_("This campaign has been confirmed already: it can only be cancelled.")


class CampaignNotCancellable(ShopError):
    code = "campaign_sent"
    message = N_("This campaign has been sent: it cannot be cancelled.")


class LaterPlease(Exception):
    """Quiet hours stopped a campaign's send: its job is tried again later."""


class SendDateGone(ShopError):
    code = "send_date_gone"
    message = N_("The send date has passed: choose today or a later day.")


@dataclass(frozen=True)
class CampaignDetails:
    name: str
    segment_id: str
    channel: str  # sms | email | any
    text_zh: str
    text_en: str
    offer: dict  # {kind: none | coupon | points, reward_id?, multiplier?}
    send_on: date
    holdout_percent: int
    attribution_days: int


# --- the message -----------------------------------------------------------------------------


def _sandbox():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def render_text(text: str, params: dict) -> str:
    """A manager's template with its variables filled ({{ name }}, {{ offer }}, ...)."""
    from jinja2 import TemplateError

    try:
        return _sandbox().from_string(text).render(**params).strip()
    except TemplateError as error:
        raise TemplateInvalid(detail=str(error)[:120]) from None


def offer_words(offer: dict, lang: Lang) -> str:
    if offer.get("kind") == "coupon":
        from shop.rewards import get_reward

        reward = get_reward(offer["reward_id"])
        return reward.name_zh if lang == "zh" else reward.name_en
    if offer.get("kind") == "points":
        return translate(lang, "{times}× points on what you buy", times=offer["multiplier"])
    return ""


def _params(details: CampaignDetails, lang: Lang, name: str) -> dict:
    until = details.send_on + timedelta(days=details.attribution_days)
    return {
        "name": name,
        "shop": get_settings().shop_name,
        "offer": offer_words(details.offer, lang),
        "until": written_date(until, lang),
        "link": f"{get_settings().site_url}/book/",
    }


def preview(details: CampaignDetails) -> dict:
    """The message in both languages with a sample name, and each as the SMS will look (the
    shop's signature, the opt-out words) with its length and the number of SMS it takes."""
    from shop.messaging import render

    shown = {}
    for lang, text, name in (("zh", details.text_zh, "张女士"), ("en", details.text_en, "Ms Zhang")):
        body = render_text(text, _params(details, lang, name))
        sms = render("campaign", "sms", lang, {"text": body}).text
        parts = 1 if len(sms) <= SMS_SINGLE else -(-len(sms) // SMS_PART)
        shown[lang] = {"text": body, "sms": sms, "sms_length": len(sms), "sms_parts": parts}
    return shown


# --- creating, confirming, cancelling ---------------------------------------------------------


def list_campaigns() -> list[Campaign]:
    return sorted(Campaign.query("chain"), key=lambda c: c.created_at, reverse=True)


def get_campaign(campaign_id: str) -> Campaign:
    try:
        return Campaign.get("chain", campaign_id, consistent_read=True)
    except DoesNotExist:
        raise NotFound() from None


def details_of(campaign: Campaign) -> CampaignDetails:
    return CampaignDetails(
        campaign.name,
        campaign.segment_id,
        campaign.channel,
        campaign.text_zh,
        campaign.text_en,
        plain_map(campaign.offer),
        date.fromisoformat(campaign.send_on),
        int(campaign.holdout_percent),
        int(campaign.attribution_days),
    )


def _check(details: CampaignDetails) -> None:
    from shop.rewards import get_reward
    from shop.segments import get_segment

    get_segment(details.segment_id)
    if details.offer.get("kind") == "coupon":
        get_reward(details.offer["reward_id"])
    preview(details)  # a template that cannot be filled is refused now, not on the day


def create_campaign(details: CampaignDetails, actor: str, actor_store: str | None) -> Campaign:
    _check(details)
    campaign = Campaign(
        campaign_id=f"cp{secrets.token_hex(4)}",
        created_by=actor,
        created_at=now(),
        **_fields(details),
    )
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(campaign, condition=Campaign.campaign_id.does_not_exist())
        transaction.save(audit_entry(f"campaign#{campaign.campaign_id}", "campaign.created", actor, actor_store))
    return campaign


def change_campaign(campaign_id: str, details: CampaignDetails, actor: str, actor_store: str | None) -> Campaign:
    _check(details)
    campaign = get_campaign(campaign_id)
    for name, value in _fields(details).items():
        setattr(campaign, name, value)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(campaign, condition=Campaign.status == "draft")
            transaction.save(audit_entry(f"campaign#{campaign_id}", "campaign.changed", actor, actor_store))
    except Exception as error:
        if is_conflict(error):
            raise CampaignNotDraft() from None
        raise
    return campaign


def _fields(details: CampaignDetails) -> dict:
    return {
        "name": details.name,
        "segment_id": details.segment_id,
        "channel": details.channel,
        "text_zh": details.text_zh,
        "text_en": details.text_en,
        "offer": details.offer,
        "send_on": details.send_on.isoformat(),
        "holdout_percent": details.holdout_percent,
        "attribution_days": details.attribution_days,
    }


def first_run_day(on: date) -> date:
    """The daily job's first run on or after `on`: today's has maybe happened already."""
    try:
        last = DailyRun.get("run#daily", consistent_read=True).last_day
    except DoesNotExist:
        last = ""
    return max(on, today() + timedelta(days=1) if last >= today().isoformat() else today())


def confirm_campaign(campaign_id: str, actor: str, actor_store: str | None) -> Campaign:
    """Draft → confirmed, once: a second confirmation finds it confirmed and changes nothing.
    The send is a Reminders item for the daily job (decision 3)."""
    from shop.reminders import reminder

    campaign = get_campaign(campaign_id)
    if campaign.status == "confirmed":
        return campaign
    if campaign.status != "draft":
        raise CampaignNotDraft()
    due = first_run_day(date.fromisoformat(campaign.send_on))
    campaign.status, campaign.confirmed_by, campaign.confirmed_at = "confirmed", actor, now()
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(campaign, condition=Campaign.status == "draft")
            transaction.save(reminder("campaign", f"campaign:{campaign_id}", campaign_id, due))
            transaction.save(audit_entry(f"campaign#{campaign_id}", "campaign.confirmed", actor, actor_store))
    except Exception as error:
        if is_conflict(error):
            return get_campaign(campaign_id)  # confirmed at the same moment by someone else
        raise
    return campaign


def cancel_campaign(campaign_id: str, actor: str, actor_store: str | None) -> Campaign:
    campaign = get_campaign(campaign_id)
    try:
        campaign.update(
            actions=[Campaign.status.set("cancelled")], condition=Campaign.status.is_in("draft", "confirmed")
        )
    except UpdateError as error:
        if is_conflict(error):
            raise CampaignNotCancellable() from None
        raise
    audit_entry(f"campaign#{campaign_id}", "campaign.cancelled", actor, actor_store).save()
    return campaign


# --- sending (the daily job) -------------------------------------------------------------------


def send_campaign(campaign_id: str) -> bool:
    """Send a confirmed campaign to its segment as it is today; False when quiet hours stopped
    it (the next run goes on where it stopped: every member's message is keyed, once)."""
    from shop.segments import criteria_of, get_segment, members_matching

    campaign = get_campaign(campaign_id)
    if campaign.status != "confirmed":
        return True  # cancelled, or sent already
    details = details_of(campaign)
    audience = 0
    for member in members_matching(criteria_of(get_segment(campaign.segment_id)), today()):
        audience += 1
        if _contact(campaign, details, member) == "later":
            return False
    campaign.update(
        actions=[Campaign.status.set("sent"), Campaign.sent_at.set(now()), Campaign.audience.set(audience)],
        condition=Campaign.status == "confirmed",
    )
    return True


def _contact(campaign: Campaign, details: CampaignDetails, member: Member) -> str:
    """One member: the message decided (or held out), the coupon given to the contacted, and
    the member's window and the group's counters in one transaction, once."""
    from shop.outreach import deliver
    from shop.rewards import coupon_code

    cid = campaign.campaign_id
    reason, source = f"campaign:{cid}", f"campaign:{cid}"
    name = member.salutation or member.name
    params = _params(details, member.lang, name)
    coupon = details.offer.get("kind") == "coupon"
    if coupon:
        params["offer"] += f" {coupon_code(f'gift:{member.member_id}:{source}')}"
    text = render_text(details.text_zh if member.lang == "zh" else details.text_en, params)
    only = None if details.channel == "any" else details.channel
    outcome = deliver(
        member,
        reason,
        details.send_on,
        "campaign",
        {"text": text, "subject": campaign.name},
        True,
        details.holdout_percent,
        only,
    )
    if outcome == "already":
        outcome = _decided(member.member_id, reason, details.send_on)
    if outcome in ("queued", "sent") and coupon:
        _give_coupon(member.member_id, source, details)
    if outcome != "later":
        _count(cid, member.member_id, outcome, details)
    return outcome


def _decided(member_id: str, reason: str, due: date) -> str:
    message = Message.get(f"{member_id}#{reason}#{due.isoformat()}", consistent_read=True)
    return message.why if message.status == "skipped" else "queued"


def _give_coupon(member_id: str, source: str, details: CampaignDetails) -> None:
    from shop.rewards import get_reward, gift_coupon

    reward = get_reward(details.offer["reward_id"])
    gift_coupon(
        member_id, source, reward.name_zh, reward.name_en, int(reward.value_fen), details.attribution_days, reward.kind
    )


GROUPS = {"queued": "contacted", "held-out": "held_out"}


def _count(cid: str, member_id: str, outcome: str, details: CampaignDetails) -> None:
    from shop.points import member_for_points

    def attempt() -> None:
        member = member_for_points(member_id)
        windows = {k: dict(v) for k, v in plain_map(member.campaigns).items() if v["until"] >= today().isoformat()}
        if cid in plain_map(member.campaigns):
            return  # counted already (a run that stopped and went on)
        group = GROUPS.get(outcome)
        counter = {"no-consent": CampaignStats.no_consent, "cap": CampaignStats.capped}.get(outcome)
        with TransactWrite(connection=transaction_connection()) as transaction:
            if group:
                until = details.send_on + timedelta(days=details.attribution_days)
                windows[cid] = {"group": group, "from": details.send_on.isoformat(), "until": until.isoformat()}
                if group == "contacted" and details.offer.get("kind") == "points":
                    windows[cid]["multiplier"] = details.offer["multiplier"]
                counter = CampaignStats.contacted if group == "contacted" else CampaignStats.held_out
            else:
                windows[cid] = {
                    "group": "excluded",
                    "from": details.send_on.isoformat(),
                    "until": details.send_on.isoformat(),
                }
            member.campaigns = windows
            transaction.save(member, condition=Member.erased_at.does_not_exist())
            if counter is not None:
                transaction.update(stats_item(cid), actions=[counter.add(1)])

    with_retries(attempt)


def stats_item(campaign_id: str) -> CampaignStats:
    return CampaignStats(key=f"campaign#{campaign_id}", shard=random.randrange(8))


def count_delivered(reason: str) -> None:
    """The sender's step: a campaign's message went through its channel."""
    if reason.startswith("campaign:"):
        stats_item(reason.split(":")[1]).update(actions=[CampaignStats.delivered.add(1)])


# --- a sale within a campaign's window --------------------------------------------------------


def _open_windows(member: Member, on: date) -> dict[str, dict]:
    day = on.isoformat()
    return {
        cid: window
        for cid, window in plain_map(member.campaigns).items()
        if window["group"] in GROUPS.values() and window["from"] <= day <= window["until"]
    }


def with_campaign_bonus(priced, member: Member, on: date):
    """A contacted member's points multiplier while the campaign's window is open."""
    multiplier = max((float(w.get("multiplier", 1)) for w in _open_windows(member, on).values()), default=1.0)
    if multiplier <= 1 or not priced.points:
        return priced
    extra = round(priced.points * (multiplier - 1))
    return replace(priced, points=priced.points + extra, rules=[*priced.rules, {"rule": "campaign", "points": extra}])


def attribute_sale(member: Member, total_fen: int, on: date) -> tuple[list[str], list]:
    """A purchase within open windows counts for each campaign's group: revenue, and a conversion
    the first time. Returns the purchase's labels and the counter updates for its transaction;
    the member's windows are changed in place (the sale saves the member)."""
    labels, updates = [], []
    windows = {k: dict(v) for k, v in plain_map(member.campaigns).items() if v["until"] >= on.isoformat()}
    for cid, window in _open_windows(member, on).items():
        group = window["group"]
        labels.append(f"{cid}#{group}")
        actions = [getattr(CampaignStats, f"{group}_revenue_fen").add(total_fen)]
        if not window.get("converted"):
            windows[cid]["converted"] = True
            actions.append(getattr(CampaignStats, f"{group}_converted").add(1))
        updates.append((stats_item(cid), actions))
    member.campaigns = windows
    return labels, updates


def attribute_refund(transaction, labels: list[str], amount_fen: int) -> None:
    for label in labels or []:
        cid, group = label.split("#")
        transaction.update(stats_item(cid), actions=[getattr(CampaignStats, f"{group}_revenue_fen").add(-amount_fen)])


# --- results ------------------------------------------------------------------------------------


def results(campaign_id: str) -> dict:
    """The counters summed over their shards, and the groups compared (decision 10)."""
    from shop.outreach_report import compare

    names = ("contacted", "delivered", "contacted_converted", "contacted_revenue_fen", "held_out")
    names += ("held_out_converted", "held_out_revenue_fen", "no_consent", "capped")
    totals = dict.fromkeys(names, 0)
    for item in CampaignStats.query(f"campaign#{campaign_id}"):
        for name in names:
            totals[name] += int(getattr(item, name))
    comparison = compare(
        totals["contacted"], totals["contacted_converted"], totals["held_out"], totals["held_out_converted"]
    )
    comparison["contacted"].update(delivered=totals["delivered"], revenue_fen=totals["contacted_revenue_fen"])
    comparison["held_out"]["revenue_fen"] = totals["held_out_revenue_fen"]
    comparison["excluded"] = {"no_consent": totals["no_consent"], "capped": totals["capped"]}
    return comparison
