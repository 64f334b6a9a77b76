"""Petalpoint's Pelican plugin: the shared translation catalog in the theme, and care guides as
data (each guide's care card checked, attached to its article and published as care/index.json,
with care/search.json beside it for the guide index's search). The build fails on a guide without
a valid care card."""

from __future__ import annotations

import html
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
if str(FUNCTIONS) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS))

from shop.care import index_document, read_care_guide  # noqa: E402
from shop.i18n import translations  # noqa: E402


def direct_gettext(translate):
    """`_` as Jinja's newstyle gettext does it (jinja2.ext._make_new_gettext), called directly:
    Jinja's `_` reaches it through two more context calls, and the care-label macros ask for
    some 140 strings on every guide page."""

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = translate(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 (our own catalog's text, as Jinja's own gettext does)
        return text % variables  # always a format string, as in Jinja's

    return gettext


def install_translations(generator) -> None:
    lang = generator.settings["DEFAULT_LANG"]
    catalog = translations(lang)
    generator.env.install_gettext_translations(catalog, newstyle=True)
    generator.env.globals["_"] = direct_gettext(catalog.gettext)
    generator.env.globals.update(
        LANG=lang,
        LANG_PREFIXES=generator.settings["LANGUAGES"],
        ASSETS="/" + generator.settings["THEME_STATIC_DIR"],
    )


class CareCardMissing(Exception):
    pass


@lru_cache(maxsize=4096)
def _read_card(path: Path, mtime_ns: int, size: int):
    return read_care_guide(path)


def read_card(card: Path):
    """A care card, read and checked once per version of the file: each language's build meets
    every card twice (its guide's and the translation's), and `make site` builds both languages."""
    stat = card.stat()
    return _read_card(card, stat.st_mtime_ns, stat.st_size)


def attach_care_cards(generator) -> None:
    guides = []
    for article in generator.articles:
        card = Path(article.source_path).with_name(f"{article.slug}.toml")
        if not card.exists():
            raise CareCardMissing(f"{article.source_path}: no care card {card.name}")
        article.care = read_card(card)  # raises on a missing or malformed field
        guides.append(article)
    for article in generator.translations:
        card = Path(article.source_path).with_name(f"{article.slug}.toml")
        article.care = read_card(card)
    generator.context["care_guides"] = sorted(guides, key=lambda a: a.care.name.zh)


def publish_care_index(generator, writer) -> None:
    guides = generator.context.get("care_guides", [])
    prefix = generator.settings["LANGUAGES"][generator.settings["DEFAULT_LANG"]]
    document = index_document([article.care for article in guides], prefix)
    target = Path(generator.output_path) / "care" / "index.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def search_text(*parts: str) -> str:
    """What the guide index's search matches, as its script reads it: tags dropped, full-width
    letters and digits folded to their ASCII forms (NFKC), lower case, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)) for part in parts if part)
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def publish_search_index(generator, writer) -> None:
    """care/search.json, in each language: what the guide index (care.html, care-search.js)
    filters by, and the text its search matches (the names in both languages, the species and
    the guide's summary in the page's language). A few kB where care/index.json is over 100."""
    guides = [
        {
            "slug": article.care.slug,
            "kind": article.care.kind,
            "light": article.care.light,
            "cats": article.care.toxicity.cats,
            "dogs": article.care.toxicity.dogs,
            "difficulty": article.care.difficulty,
            "text": search_text(
                article.care.name.zh, article.care.name.en, article.care.species, getattr(article, "summary", "")
            ),
        }
        for article in generator.context.get("care_guides", [])
    ]
    target = Path(generator.output_path) / "care" / "search.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = json.dumps({"guides": guides}, ensure_ascii=False, separators=(",", ":"))
    target.write_text(document, encoding="utf-8")


def register() -> None:
    signals.generator_init.connect(install_translations)
    signals.article_generator_finalized.connect(attach_care_cards)
    signals.article_writer_finalized.connect(publish_care_index)
    signals.article_writer_finalized.connect(publish_search_index)
