"""The site build: both languages, care cards as data, and a build that fails on a broken guide."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from infra.site import build, conf_settings
from shop.care import CareGuide

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "site" / "content"
PAGES = [
    "index.html",
    "care/index.html",
    "join/index.html",
    "signin/index.html",
    "account/index.html",
    "profile/index.html",
    "points/index.html",
    "book/index.html",
    "bookings/index.html",
    "occasions/index.html",
    "plants/index.html",
    "wallet/index.html",
    "staff/counter/index.html",
    "staff/cards/index.html",
    "staff/wallet/index.html",
    "staff/companies/index.html",
    "staff/company/index.html",
    "staff/rules/index.html",
    "staff/rewards/index.html",
    "staff/bookings/index.html",
    "staff/booking/index.html",
    "staff/slots/index.html",
    "staff/catalog/index.html",
    "staff/outreach/index.html",
    "optout/index.html",
    "statement/index.html",
    "feedback/index.html",
    "rate/index.html",
    "staff/segments/index.html",
    "staff/campaigns/index.html",
    "staff/campaign/index.html",
    "staff/reports/index.html",
    "staff/follow-ups/index.html",
    "staff/index.html",
    "staff/members/index.html",
    "staff/member/index.html",
    "staff/team/index.html",
    "staff/stores/index.html",
    "staff/poster/index.html",
    "404.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("site") / "output")


def test_every_page_is_built_in_both_languages(site):
    for page in PAGES:
        chinese, english = (site / page).read_text(), (site / "en" / page).read_text()
        assert 'lang="zh-Hans"' in chinese, page
        assert 'lang="en"' in english, page


def test_every_care_guide_has_a_page_in_both_languages_and_a_card_in_the_index(site):
    guides = json.loads((site / "care" / "index.json").read_text())["guides"]
    slugs = {path.stem for path in (CONTENT / "care").glob("*.toml")}
    assert {guide["slug"] for guide in guides} == slugs
    assert len(slugs) >= 6
    for guide in guides:
        CareGuide.model_validate({k: v for k, v in guide.items() if k != "url"})
        assert (site / "care" / guide["slug"] / "index.html").exists()
        assert (site / "en" / "care" / guide["slug"] / "index.html").exists()
        assert guide["toxicity"]["cats"] in ("safe", "mild", "toxic")
        assert set(guide["watering"]["every_days"]) == {"spring", "summer", "autumn", "winter"}


def test_the_site_asks_nothing_of_other_hosts(site):
    # The only absolute addresses are the site's own (canonical, Open Graph, JSON-LD) and the
    # schema.org vocabulary, a name that is never fetched.
    address = conf_settings()["SITE_ADDRESS"]
    for page in site.rglob("*.html"):
        text = page.read_text().replace("http://www.w3.org/2000/svg", "")
        text = text.replace('"@context": "https://schema.org"', "").replace(address + "/", "")
        for forbidden in ("http://", "https://", "//fonts.", "cdn"):
            assert forbidden not in text, (page, forbidden)


def test_a_guide_with_a_missing_care_field_fails_the_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    card = content / "care" / "pothos.toml"
    card.write_text("\n".join(line for line in card.read_text().splitlines() if not line.startswith("pollen")))
    with pytest.raises(Exception, match="pollen"):
        build(tmp_path / "output", content=content)


def test_a_guide_without_a_care_card_fails_the_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "care" / "pothos.toml").unlink()
    with pytest.raises(Exception, match="care card"):
        build(tmp_path / "output", content=content)


def test_a_guide_naming_a_variety_the_catalog_does_not_know_fails_the_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    card = content / "care" / "rose.toml"
    card.write_text(card.read_text().replace('varieties = ["rose-red"', 'varieties = ["rose-blue"'))
    with pytest.raises(Exception, match="rose-blue"):
        build(tmp_path / "output", content=content)
