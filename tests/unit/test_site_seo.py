"""Search engines: sitemap.xml and robots.txt, the Open Graph and canonical tags of every page, and
each care guide's schema.org data from its care card."""

from __future__ import annotations

import importlib.util
import json
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from infra.site import build, conf_settings

ROOT = Path(__file__).resolve().parents[2]
CARE = ROOT / "site" / "content" / "care"
PLUGIN = ROOT / "site" / "plugins" / "petalpoint_seo.py"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HREFLANG = {"zh": "zh-Hans", "en": "en"}
PREFIX = {"zh": "", "en": "/en"}
PUBLIC = ["", "care/", "join/", "signin/", "privacy/"]  # besides the guides
PORTAL = ["account/", "profile/", "points/", "wallet/", "plants/", "staff/", "staff/members/", "staff/counter/"]


class Head(HTMLParser):
    """A page's <meta>, <link> and JSON-LD."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, name: str) -> str:
        values = self.meta.get(name, [])
        assert len(values) == 1, (name, values)
        return values[0]

    def link(self, rel: str, hreflang: str | None = None) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (hreflang is None or link.get("hreflang") == hreflang)
        ]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="module")
def address() -> str:
    return conf_settings()["SITE_ADDRESS"]


@pytest.fixture(scope="module")
def sitemap(site) -> dict[str, dict]:
    """loc -> {"lastmod": ..., "alternates": {hreflang: href}}"""
    root = ET.parse(site / "sitemap.xml").getroot()  # noqa: S314 (the build's own output)
    assert root.tag == f"{{{NS['s']}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert all(link.get("rel") == "alternate" for link in url.findall("x:link", NS))
        entries[loc] = {"lastmod": url.findtext("s:lastmod", namespaces=NS), "alternates": alternates}
    return entries


def guides() -> dict[str, dict]:
    return {card.stem: tomllib.loads(card.read_text()) for card in sorted(CARE.glob("*.toml"))}


def metadata(source: Path) -> dict[str, str]:
    head = source.read_text().split("\n\n", 1)[0]
    return {key.strip().lower(): value.strip() for key, value in (line.split(":", 1) for line in head.splitlines())}


def html_pages(site: Path) -> dict[str, Path]:
    """Every built page by its address without the site address: "/en/care/rose/", "/404.html"."""
    pages = {}
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        pages["/" + relative.removesuffix("index.html")] = page
    return pages


def test_the_site_address_is_site_url_with_a_placeholder_default(monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://flowers.example.cn/")
    assert conf_settings()["SITE_ADDRESS"] == "https://flowers.example.cn"
    monkeypatch.delenv("SITE_URL")
    assert conf_settings()["SITE_ADDRESS"] == "https://www.example.cn"


def test_the_sitemap_lists_every_public_page_in_both_languages_with_hreflang_pairs(site, sitemap, address):
    expected = PUBLIC + [f"care/{slug}/" for slug in guides()]
    for path in expected:
        urls = {lang: f"{address}{PREFIX[lang]}/{path}" for lang in PREFIX}
        for url in urls.values():
            assert url in sitemap, url
            assert sitemap[url]["alternates"] == {HREFLANG[lang]: urls[lang] for lang in PREFIX}, url
    assert len(sitemap) == 2 * len(expected)


def test_the_sitemap_lists_exactly_the_built_pages_that_are_not_noindex(site, sitemap, address):
    indexable = {
        path
        for path, page in html_pages(site).items()
        if "noindex" not in " ".join(Head(page.read_text()).meta.get("robots", []))
    }
    assert {loc.removeprefix(address) for loc in sitemap} == indexable
    for loc in sitemap:
        assert loc.startswith(address + "/")
        for part in ("/staff/", "/account/", "/profile/", "/points/", "404"):
            assert part not in loc, loc


def test_a_guide_is_dated_in_the_sitemap_by_its_own_date(sitemap, address):
    for slug in guides():
        for lang, source in (("zh", CARE / f"{slug}.md"), ("en", CARE / f"{slug}.en.md")):
            assert sitemap[f"{address}{PREFIX[lang]}/care/{slug}/"]["lastmod"] == metadata(source)["date"]


def test_robots_points_to_the_sitemap_and_keeps_out_of_the_portals(site, address):
    lines = (site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {address}/sitemap.xml" in lines
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")}
    assert "/api/" in disallowed
    for path in PORTAL:
        for prefix in PREFIX.values():
            assert any(f"{prefix}/{path}".startswith(rule) for rule in disallowed), (prefix, path)
    for path in [*PUBLIC, "care/rose/"]:
        for prefix in PREFIX.values():
            assert not any(f"{prefix}/{path}".startswith(rule) for rule in disallowed), (prefix, path)


def test_every_page_has_open_graph_canonical_and_hreflang(site, address):
    pages = html_pages(site)
    assert len(pages) > 100
    for path, page in pages.items():
        head = Head(page.read_text())
        lang = "en" if path.startswith("/en/") else "zh"
        bare = path.removeprefix("/en")
        assert head.one("og:title").strip(), path
        assert head.one("og:description").strip(), path
        assert head.one("description") == head.one("og:description"), path
        assert head.one("og:site_name") == ("花点" if lang == "zh" else "Petalpoint"), path
        assert head.one("og:locale") == {"zh": "zh_CN", "en": "en_US"}[lang], path
        assert head.meta["og:locale:alternate"] == [{"zh": "en_US", "en": "zh_CN"}[lang]], path
        is_guide = bare.startswith("/care/") and bare != "/care/"
        assert head.one("og:type") == ("article" if is_guide else "website"), path
        if path.endswith("404.html"):  # served at any missing address: no address of its own
            assert not head.link("canonical") and "og:url" not in head.meta, path
            continue
        assert head.link("canonical") == [address + path], path
        assert head.one("og:url") == address + path, path
        for other in PREFIX:
            assert head.link("alternate", HREFLANG[other]) == [f"{address}{PREFIX[other]}{bare}"], (path, other)


def test_no_page_asks_anything_of_other_hosts(site, address):
    """Absolute addresses are only the site's own (canonical, Open Graph, JSON-LD) and the
    schema.org vocabulary, which is a name and never fetched; every asset stays relative."""
    for page in html_pages(site).values():
        text = page.read_text().replace("http://www.w3.org/2000/svg", "")
        text = text.replace('"@context": "https://schema.org"', "").replace(address + "/", "")
        for forbidden in ("http://", "https://", "//fonts.", "cdn"):
            assert forbidden not in text, (page, forbidden)


def test_every_guide_has_schema_org_data_from_its_care_card(site, address):
    for slug, card in guides().items():
        for lang in PREFIX:
            page = site / PREFIX[lang].lstrip("/") / "care" / slug / "index.html"
            head = Head(page.read_text())
            assert len(head.json_ld) == 1, page
            assert "</" not in head.json_ld[0]
            data = json.loads(head.json_ld[0])
            source = CARE / (f"{slug}.md" if lang == "zh" else f"{slug}.en.md")
            url = f"{address}{PREFIX[lang]}/care/{slug}/"
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == "Article"
            assert data["name"] == card["name"][lang]
            assert data["headline"] == metadata(source)["title"]
            assert data["inLanguage"] == HREFLANG[lang]
            assert data["datePublished"].startswith(metadata(source)["date"])
            assert data["description"] == metadata(source)["summary"] == head.one("og:description")
            assert data["url"] == data["mainEntityOfPage"] == url
            assert data["about"] == {"@type": "Thing", "name": card["name"][lang], "alternateName": card["species"]}
            assert data["publisher"]["name"] == ("花点" if lang == "zh" else "Petalpoint")
            assert data["publisher"]["url"] == f"{address}{PREFIX[lang]}/"


def test_json_ld_cannot_close_its_script_element():
    spec = importlib.util.spec_from_file_location("petalpoint_seo", PLUGIN)
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    text = str(plugin.json_for_html({"description": "a </script><b>&amp; 花"}))
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"description": "a </script><b>&amp; 花"}
