"""Two languages everywhere: Simplified Chinese first, English second, from one gettext catalog.

Message ids are English; `locale/zh/LC_MESSAGES/messages.po` holds the Chinese. The site build,
the message templates and the API's answers all read the same catalog through `translations()`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LOCALE_DIR = Path(__file__).with_name("locale")
CATALOG = LOCALE_DIR / "zh" / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: Lang):
    """A gettext translations object for `lang`, compiled in memory from the .po catalog."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if lang == "en":
        return NullTranslations()
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def N_(message: str) -> str:
    """Marks a message id for extraction where it is defined; it is translated where it is shown."""
    return message


def translate(lang: Lang, message: str, **params: object) -> str:
    text = translations(lang).gettext(message)
    return text.format(**params) if params else text


def negotiate(accept_language: str | None) -> Lang:
    """The best of our languages for an Accept-Language header; Chinese when nothing matches."""
    if not accept_language:
        return DEFAULT_LANG
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.strip().lower().split("-")[0]))
    for _, _, primary in sorted(ranked):
        if primary in LANGUAGES:
            return primary  # type: ignore[return-value]
    return DEFAULT_LANG


def babel_locale(lang: Lang) -> str:
    """The CLDR locale each language is written in: mainland Chinese, or English."""
    return "zh_CN" if lang == "zh" else "en"


def _plain_spaces(text: str) -> str:
    # CLDR puts no-break spaces in some patterns; one outside GSM-7 makes an English SMS UCS-2,
    # where it fits 70 characters instead of 160.
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def short_date(day: str, lang: Lang) -> str:
    """A day as people say it in each language: 11月25日, Nov 25 (Babel's CLDR patterns)."""
    from babel.dates import format_skeleton

    return _plain_spaces(format_skeleton("MMMd", date.fromisoformat(day), locale=babel_locale(lang)))


def written_date(day: date | str, lang: Lang) -> str:
    """A day (a date or its ISO string) as people write it: without the year in the shop's current
    year (12月31日, Dec 31), with it in any other (2027年1月5日, Jan 5, 2027)."""
    from babel.dates import format_skeleton

    from shop.dates import today

    on = day if isinstance(day, date) else date.fromisoformat(day)
    skeleton = "MMMd" if on.year == today().year else "yMMMd"
    return _plain_spaces(format_skeleton(skeleton, on, locale=babel_locale(lang)))


def written_yuan(amount: int | Decimal | str, lang: Lang) -> str:
    """An amount of yuan (whole, or with fen: 199.50) as a price is written in a message.

    Whole amounts as Chinese SMS write prices, 50元 (1,200元), and in English ¥50 (¥1,200); with
    fen, ¥199.50 in both. The sign is ¥ in English too, not CLDR's "CN¥": every reader is a
    customer of a shop in China, and ¥ keeps an English SMS in the GSM-7 alphabet."""
    from babel.numbers import format_decimal

    value = Decimal(str(amount))  # an int, a Decimal or a float back from DynamoDB, or a string
    if value != value.to_integral_value():
        pattern = "¥#,##0.00"
    else:
        pattern = "#,##0元" if lang == "zh" else "¥#,##0"
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def written_number(count: int | Decimal | str, lang: Lang) -> str:
    """A count (points, days) with the language's grouping: 12,000."""
    from babel.numbers import format_decimal

    return _plain_spaces(format_decimal(Decimal(str(count)), locale=babel_locale(lang)))
