"""One catalog, complete: every message the code, the theme and the message templates use has Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from shop.i18n import CATALOG, negotiate, translate

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "translate": (2,)}
METHODS = [
    ("functions/**.py", "python"),
    ("site/theme/templates/**.html", "jinja2"),
    ("functions/shop/message_templates/**.j2", "jinja2"),
]


def _used_messages() -> set[str]:
    found = set()
    options = {
        "site/theme/templates/**.html": {"extensions": "jinja2.ext.i18n"},
        "functions/shop/message_templates/**.j2": {"extensions": "jinja2.ext.i18n"},
    }
    for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, options, KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():
    with CATALOG.open("rb") as po:
        return read_po(po)


def test_every_message_in_use_has_a_chinese_translation():
    catalog = _catalog()
    missing = sorted(m for m in _used_messages() if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []


def test_translations_keep_every_placeholder():
    for message in _catalog():
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pattern = r"\{\w+\}|%\(\w+\)s"
        assert sorted(re.findall(pattern, ids[0])) == sorted(re.findall(pattern, strings[0])), message.id


def test_the_language_follows_accept_language_and_defaults_to_chinese():
    assert negotiate(None) == "zh"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("fr-FR,en;q=0.5,zh;q=0.8") == "zh"
    assert negotiate("de") == "zh"
    assert negotiate("en;q=abc") == "zh"
    assert translate("en", "Please sign in.") == "Please sign in."
