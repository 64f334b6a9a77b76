"""Petalpoint's Pelican plugin: the shared translation catalog in the theme, and care guides as
data (each guide's care card checked, attached to its article and published as care/index.json).
The build fails on a guide without a valid care card."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pelican import signals

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"
if str(FUNCTIONS) not in sys.path:
    sys.path.insert(0, str(FUNCTIONS))

from shop.care import index_document, read_care_guide  # noqa: E402
from shop.i18n import translations  # noqa: E402


def install_translations(generator) -> None:
    lang = generator.settings["DEFAULT_LANG"]
    generator.env.install_gettext_translations(translations(lang), newstyle=True)
    generator.env.globals.update(
        LANG=lang,
        LANG_PREFIXES=generator.settings["LANGUAGES"],
        ASSETS="/" + generator.settings["THEME_STATIC_DIR"],
    )


class CareCardMissing(Exception):
    pass


def attach_care_cards(generator) -> None:
    guides = []
    for article in generator.articles:
        card = Path(article.source_path).with_name(f"{article.slug}.toml")
        if not card.exists():
            raise CareCardMissing(f"{article.source_path}: no care card {card.name}")
        article.care = read_care_guide(card)  # raises on a missing or malformed field
        guides.append(article)
    for article in generator.translations:
        card = Path(article.source_path).with_name(f"{article.slug}.toml")
        article.care = read_care_guide(card)
    generator.context["care_guides"] = sorted(guides, key=lambda a: a.care.name.zh)


def publish_care_index(generator, writer) -> None:
    guides = generator.context.get("care_guides", [])
    prefix = generator.settings["LANGUAGES"][generator.settings["DEFAULT_LANG"]]
    document = index_document([article.care for article in guides], prefix)
    target = Path(generator.output_path) / "care" / "index.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


def register() -> None:
    signals.generator_init.connect(install_translations)
    signals.article_generator_finalized.connect(attach_care_cards)
    signals.article_writer_finalized.connect(publish_care_index)
