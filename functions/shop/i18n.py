"""Two languages everywhere: Simplified Chinese first, English second, from one gettext catalog.

Message ids are English; `locale/zh/LC_MESSAGES/messages.po` holds the Chinese. The site build,
the message templates and the API's answers all read the same catalog through `translations()`.
"""

from __future__ import annotations

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


def short_date(day: str, lang: Lang) -> str:
    """A day as people say it in each language: 11月25日, Nov 25 (Babel's CLDR patterns)."""
    from datetime import date

    from babel.dates import format_skeleton

    return format_skeleton("MMMd", date.fromisoformat(day), locale="zh_CN" if lang == "zh" else "en")
