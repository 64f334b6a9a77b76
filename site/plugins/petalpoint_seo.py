"""Petalpoint's Pelican plugin for search engines: sitemap.xml and robots.txt at the site's root,
and each care guide's schema.org data (JSON-LD) built from its care card.

The site is built once per language (Chinese at /, English at /en/). The build at the root writes
sitemap.xml and robots.txt for every language: a guide or shop page is listed in each language it
has a version in (itself and its translations), with the hreflang alternates between them; of the
theme's own pages only PUBLIC_TEMPLATES are listed, and every other one (the member and the staff
portal) is disallowed in robots.txt. Absolute addresses start with SITE_ADDRESS (pelican.conf)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def folder(save_as: str) -> str | None:
    """The address of a page saved as <folder>/index.html, without the language prefix
    ("" for the home page, "care/" for the care index); None for a page that is not a folder's."""
    if save_as == "index.html":
        return ""
    if save_as.endswith("/index.html"):
        return save_as.removesuffix("index.html")
    return None


def address(settings: dict, lang: str, path: str) -> str:
    """The absolute address of a page's path (without the prefix) in a language."""
    return f"{settings['SITE_ADDRESS']}{settings['LANGUAGES'][lang]}/{path}"


def _content_path(item) -> str:
    """An article's or page's address without the language prefix, as the build of its own
    language saves it (a translation's own url here is the unused *_LANG_URL)."""
    override = getattr(item, "override_url", None)
    if override:
        return override
    return item.settings[f"{type(item).__name__.upper()}_URL"].format(**item.url_format)


def _lastmod(item) -> str | None:
    when = getattr(item, "modified", None) or getattr(item, "date", None)
    return when.date().isoformat() if when else None


def public_pages(generators) -> list[tuple[str, dict[str, str | None]]]:
    """Every page a search engine may list: (path without the prefix, {lang: lastmod or None})."""
    settings = generators[0].settings
    languages = settings["LANGUAGES"]
    pages: list[tuple[str, dict[str, str | None]]] = []
    for name in settings["PUBLIC_TEMPLATES"]:
        path = folder(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"))
        if path is not None:
            pages.append((path, dict.fromkeys(languages)))
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = generator.articles
        elif isinstance(generator, PagesGenerator):
            items = generator.pages
        else:
            continue
        listed = []
        for item in items:
            versions = [item, *getattr(item, "translations", [])]
            dates = {
                version.lang: _lastmod(version)
                for version in versions
                if version.lang in languages and version.status == "published"
            }
            listed.append((_content_path(item), dates))
        pages.extend(sorted(listed))
    return pages


def sitemap(settings: dict, pages: list[tuple[str, dict[str, str | None]]]) -> str:
    hreflang = settings["HREFLANG"]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path, dates in pages:
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{hreflang[lang]}"'
            f" href={quoteattr(address(settings, lang, path))}/>"
            for lang in dates
        ]
        for lang, lastmod in dates.items():
            lines.append("  <url>")
            lines.append(f"    <loc>{xml_escape(address(settings, lang, path))}</loc>")
            if lastmod:
                lines.append(f"    <lastmod>{lastmod}</lastmod>")
            if len(dates) > 1:
                lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(settings: dict, pages: list[tuple[str, dict[str, str | None]]]) -> str:
    """Crawl everything but the HTTP API and the theme's pages that are not public (the member
    and the staff portal): a folder of such pages is disallowed whole unless a public page is in it."""
    public = {path for path, _ in pages}
    private: list[str] = []
    for name in settings["DIRECT_TEMPLATES"]:
        if name in settings["PUBLIC_TEMPLATES"]:
            continue
        path = folder(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"))
        if not path:
            continue  # the 404 page (noindex), or not written
        top = path.split("/", 1)[0] + "/"
        path = path if any(page.startswith(top) for page in public) else top
        if path not in private:
            private.append(path)
    lines = ["# Written by the site build (site/plugins/petalpoint_seo.py).", "User-agent: *", "Disallow: /api/"]
    for prefix in settings["LANGUAGES"].values():
        lines.extend(f"Disallow: {prefix}/{path}" for path in private)
    lines += ["", f"Sitemap: {settings['SITE_ADDRESS']}/{SITEMAP}"]
    return "\n".join(lines) + "\n"


def write_sitemap_and_robots(generators) -> None:
    settings = generators[0].settings
    if settings["LANGUAGES"][settings["DEFAULT_LANG"]]:
        return  # written once, by the build at the site's root, for every language
    pages = public_pages(generators)
    output = Path(settings["OUTPUT_PATH"])
    output.mkdir(parents=True, exist_ok=True)
    (output / SITEMAP).write_text(sitemap(settings, pages), encoding="utf-8")
    (output / ROBOTS).write_text(robots(settings, pages), encoding="utf-8")


def json_for_html(data) -> Markup:
    """JSON for a <script type="application/ld+json"> element: no "</" (nor any <, > or &) inside,
    so the element cannot be closed early; JSON parsers read the \\u escapes back."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)  # noqa: S704 (no <, > or & left: safe in HTML as it is)


def plain(html: str) -> str:
    """The text of the HTML Pelican makes of a title or summary from our own content."""
    return Markup(html).striptags()  # noqa: S704 (our own content, and the result is plain text)


def guide_structured_data(article) -> dict:
    """A care guide as a schema.org Article about its plant, from its care card."""
    settings = article.settings
    lang = article.lang
    care = article.care
    url = address(settings, lang, _content_path(article))
    shop = {
        "@type": "Organization",
        "name": settings["SITENAME"] if lang == "zh" else settings["SITENAME_EN"],
        "alternateName": settings["SITENAME_EN"] if lang == "zh" else settings["SITENAME"],
        "url": address(settings, lang, ""),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": plain(article.title),
        "name": care.name.pick(lang),
        "inLanguage": settings["HREFLANG"][lang],
        "datePublished": article.date.isoformat(),
        "description": plain(getattr(article, "summary", "") or ""),
        "about": {"@type": "Thing", "name": care.name.pick(lang), "alternateName": care.species},
        "author": shop,
        "publisher": shop,
    }
    modified = getattr(article, "modified", None)
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def portal_pages(settings: dict) -> set[str]:
    """Where the theme's pages other than PUBLIC_TEMPLATES are saved (base.html marks them noindex)."""
    return {
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        for name in settings["DIRECT_TEMPLATES"]
        if name not in settings["PUBLIC_TEMPLATES"]
    }


def install_templating(generator) -> None:
    generator.env.filters["guide_json_ld"] = lambda article: json_for_html(guide_structured_data(article))
    generator.env.globals["PORTAL_PAGES"] = portal_pages(generator.settings)


def register() -> None:
    signals.generator_init.connect(install_templating)
    signals.all_generators_finalized.connect(write_sitemap_and_robots)
