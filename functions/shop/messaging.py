"""The one place that sends messages. Channels take (template id, parameters, recipient).

SMS goes through Amazon SNS and email through Amazon SES in AWS's global regions; locally every
message lands in an outbox file that the dev server shows at /dev/outbox. A Chinese SMS
provider or WeChat would be one more channel here (they too take a template id and parameters).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from shop.clock import now
from shop.i18n import N_, Lang, translate, translations, written_date, written_number, written_yuan
from shop.settings import get_settings

TEMPLATES = Path(__file__).with_name("message_templates")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str


@lru_cache(maxsize=2)
def _environment(lang: Lang):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 (plain-text SMS and email, not HTML)
        keep_trailing_newline=False,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters.update(_formats(lang))
    env.globals["gap"] = GAP[lang]
    return env


OPT_OUT = N_("Reply T to unsubscribe")
# Between sentences: Chinese runs on, English needs a space (templates write {{ gap }}).
GAP = {"zh": "", "en": " "}
# The SMS that offer or remind, marketing under China's SMS rules: they end with the opt-out
# words. Sign-in codes, booking notices and staff's service messages do not.
MARKETING_SMS = frozenset(
    {
        "birthday_greeting",
        "campaign",
        "care_digest",
        "coupon_notice",
        "festival_invite",
        "occasion_reminder",
        "points_notice",
        "qingming_note",
        "win_back",
    }
)


def _formats(lang: Lang) -> dict:
    """The templates' filters, in the message's language; a template applies them to a parameter
    (`date=date|day`), so the message ids stay the same whatever the formatting.

    `day`: an ISO date or a date, 12月31日 / Dec 31 this year, 2027年1月5日 / Jan 5, 2027 otherwise.
    `yuan`: an amount of yuan, as the callers pass it (whole, or with fen), 50元 / ¥50, ¥199.50.
    `moment`: a local date and time ("2026-12-24T18:00"), 12月24日 18:00 / Dec 24 18:00.
    `number`: a count such as points, 12,000. A time window ("10:00-12:00") is shown as it is."""
    return {
        "day": lambda day: written_date(day, lang),
        "moment": lambda at: _written_moment(at, lang),
        "yuan": lambda amount: written_yuan(amount, lang),
        "number": lambda count: written_number(count, lang),
    }


def _written_moment(at: str, lang: Lang) -> str:
    """12月20日 18:00 from "2026-12-20T18:00"; a text queued before the format changed ("12-20
    18:00") is shown as it came."""
    try:
        return f"{written_date(at[:10], lang)} {at[11:16]}"
    except ValueError:
        return at


def render(template_id: str, channel: str, lang: Lang, params: dict) -> Rendered:
    """Render `<template_id>.<channel>.j2`; an email's first line is its subject. An SMS starts
    with the shop's signature in 【】, as Chinese SMS must, and a marketing one ends with the
    opt-out words: the templates carry neither."""
    shop = get_settings().shop_name
    template = _environment(lang).get_template(f"{template_id}.{channel}.j2")
    text = template.render(shop=shop, lang=lang, **params).strip()
    if channel != "email":
        sentences = [text, translate(lang, OPT_OUT)] if template_id in MARKETING_SMS else [text]
        return Rendered("", f"【{shop}】" + GAP[lang].join(sentences))
    subject, _, body = text.partition("\n")
    return Rendered(subject.strip(), body.strip())


class Channel(Protocol):
    def send(self, template_id: str, params: dict, recipient: str, lang: Lang) -> None: ...


class Outbox:
    """Local stand-in for every channel: one JSON line per message, newest last."""

    _lock = threading.Lock()

    def __init__(self, channel: str, path: str) -> None:
        self.channel, self.path = channel, Path(path)

    def send(self, template_id: str, params: dict, recipient: str, lang: Lang) -> None:
        message = render(template_id, self.channel, lang, params)
        line = {
            "at": now().isoformat(),
            "channel": self.channel,
            "recipient": recipient,
            "template": template_id,
            "lang": lang,
            **asdict(message),
        }
        with self._lock, self.path.open("a", encoding="utf-8") as outbox:
            outbox.write(json.dumps(line, ensure_ascii=False) + "\n")


class SnsSms:
    def send(self, template_id: str, params: dict, recipient: str, lang: Lang) -> None:
        import boto3

        message = render(template_id, "sms", lang, params)
        boto3.client("sns").publish(
            PhoneNumber=recipient,
            Message=message.text,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )


class SesEmail:
    def send(self, template_id: str, params: dict, recipient: str, lang: Lang) -> None:
        import boto3

        message = render(template_id, "email", lang, params)
        utf8 = lambda data: {"Data": data, "Charset": "UTF-8"}
        boto3.client("sesv2").send_email(
            FromEmailAddress=get_settings().email_sender,
            Destination={"ToAddresses": [recipient]},
            Content={"Simple": {"Subject": utf8(message.subject), "Body": {"Text": utf8(message.text)}}},
        )


def channel_for(channel: str) -> Channel:
    settings = get_settings()
    if settings.channels == "outbox":
        return Outbox(channel, settings.outbox_path)
    return SnsSms() if channel == "sms" else SesEmail()


def send_service_message(channel: str, template_id: str, params: dict, recipient: str, lang: Lang) -> None:
    """A service message (a one-time code, a booking notice): sent at once, no marketing consent needed."""
    channel_for(channel).send(template_id, params, recipient, lang)
