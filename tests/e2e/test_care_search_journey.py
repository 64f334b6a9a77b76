"""Finding a care guide in a real browser: on /care/ a visitor filters to the plants safe for
cats and dogs, searches for 百合 (typed through an input method), asks for low light, meets the
empty state and widens the search again; the address keeps every choice (a shared link opens the
same list, the back button undoes a choice); the English page at /en/care/; without JavaScript
every guide still shows. Axe on each; screenshots at 390 and 1280 px wide.

The page is static (its search reads care/search.json, written with the site), so the built site
is served by the dev server's handler alone: no DynamoDB."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from infra.dynamodb import free_port
from tests.e2e.test_join_journey import check_accessibility, snap

SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def site_server(built_site, tmp_path_factory):
    """The built site, with the security headers (strict CSP) the dev server sends."""
    from infra.devserver import make_server

    server = make_server(free_port(), built_site, tmp_path_factory.mktemp("outbox") / "outbox.jsonl")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def guides(built_site) -> list[dict]:
    """Every guide's card, from the index the functions read (care/index.json)."""
    return json.loads((built_site / "care" / "index.json").read_text(encoding="utf-8"))["guides"]


def open_page(browser, base: str, path: str, width: int = 390, locale: str = "zh-CN", script: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, locale=locale, java_script_enabled=script, device_scale_factor=1
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    page.goto(f"{base}{path}")
    if script:  # the search is ready once it says how many guides it found
        page.wait_for_function("() => document.getElementById('care-count').textContent !== ''")
    return page


def shown(page) -> set[str]:
    """The guides a visitor sees."""
    return set(
        page.eval_on_selector_all(
            ".care-result",
            "cards => cards.filter((card) => card.getClientRects().length).map((card) => card.dataset.slug)",
        )
    )


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def shot(page, test_output: Path, name: str) -> None:
    """A full-page screenshot in test-output/ and in /tmp/shots/ (where the issue's reviewers look)."""
    snap(page, test_output, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    snap(page, SHOTS, name)


def count_says(page, text: str) -> None:
    page.wait_for_function("text => document.getElementById('care-count').textContent === text", arg=text, timeout=5000)


def test_the_search_index_is_small_and_written_in_both_languages(built_site, guides):
    """care/search.json: what the page filters by and searches, a small part of care/index.json."""
    full = (built_site / "care" / "index.json").stat().st_size
    for folder, summary in ((built_site, "见干见湿"), (built_site / "en", "bright, indirect light")):
        index = folder / "care" / "search.json"
        assert index.stat().st_size < full / 5
        entries = {entry["slug"]: entry for entry in json.loads(index.read_text(encoding="utf-8"))["guides"]}
        assert set(entries) == {guide["slug"] for guide in guides}
        pothos = entries["pothos"]
        assert pothos["kind"] == "plant" and pothos["light"] == "medium" and pothos["difficulty"] == "easy"
        assert pothos["cats"] == "toxic" and pothos["dogs"] == "toxic"
        assert "绿萝" in pothos["text"] and "pothos" in pothos["text"] and "epipremnum aureum" in pothos["text"]
        assert summary in pothos["text"]  # the summary in the page's language


def slugs(guides: list[dict], test) -> set[str]:
    return {guide["slug"] for guide in guides if test(guide)}


def safe(guide: dict) -> bool:
    return guide["toxicity"]["cats"] == "safe" and guide["toxicity"]["dogs"] == "safe"


def test_filters_and_search_find_the_right_guides_and_the_address_keeps_them(browser, site_server, guides, test_output):
    base = site_server
    page = open_page(browser, base, "/care/")
    assert shown(page) == slugs(guides, lambda guide: True)
    count_says(page, f"找到 {len(guides)} 篇指南")
    status = page.locator("#care-count")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    # the form is labelled: a search landmark, the box's label, the filters' legends
    assert page.get_by_role("search", name="查找养护指南").is_visible()
    assert page.get_by_role("group", name="只看").is_visible()
    assert page.get_by_role("group", name="类型").is_visible()
    check_accessibility(page, "care-zh")

    # each card shows its key care facts as labels
    spider = page.locator(".care-result[data-slug='spider-plant'] .care-labels")
    said = [" ".join(text.split()) for text in spider.locator("li").all_text_contents()]
    assert said == ["光照: 中等光照", "每4–10天浇一次水", "对猫狗无毒", "养护难度: 好养"]
    lily = page.locator(".care-result[data-slug='lily'] .care-labels").inner_text()
    assert "每1–3天换一次水" in lily and "对猫有毒" in lily and "对狗无毒" in lily

    # safe for cats and dogs, then plants only
    page.get_by_label("对猫狗无毒").check()
    assert query_of(page) == {"pets": ["safe"]}
    page.get_by_label("绿植", exact=True).check()
    assert query_of(page) == {"pets": ["safe"], "kind": ["plant"]}
    expected = slugs(guides, lambda guide: safe(guide) and guide["kind"] == "plant")
    assert shown(page) == expected
    assert "spider-plant" in expected and not {"lily", "pothos"} & shown(page)
    count_says(page, f"找到 {len(expected)} 篇指南")
    assert page.locator("#group-cut-flower").is_hidden()  # a group with nothing in it goes
    assert page.is_visible("#care-clear")
    check_accessibility(page, "care-zh-filtered")
    shot(page, test_output, "care-zh-filtered-390")

    # a shared link opens the same list, with the same boxes ticked
    friend = open_page(browser, base, "/care/?pets=safe&kind=plant")
    assert shown(friend) == expected
    assert friend.is_checked("#care-pets") and friend.is_checked("#care-kind-plant")
    assert not friend.is_checked("#care-light")
    friend.context.close()

    # the back button undoes one choice at a time
    page.go_back()
    page.wait_for_url(re.compile(r".*/care/\?pets=safe$"))
    assert not page.is_checked("#care-kind-plant") and page.is_checked("#care-kind-all")
    assert shown(page) == slugs(guides, safe)
    page.go_back()
    page.wait_for_url(re.compile(r".*/care/$"))
    assert not page.is_checked("#care-pets")
    assert shown(page) == slugs(guides, lambda guide: True)
    page.go_forward()
    page.wait_for_url(re.compile(r".*/care/\?pets=safe$"))
    assert page.is_checked("#care-pets") and shown(page) == slugs(guides, safe)
    page.get_by_role("button", name="清除搜索和筛选").click()
    page.wait_for_url(re.compile(r".*/care/$"))
    assert shown(page) == slugs(guides, lambda guide: True)

    # 百合 through an input method: nothing happens while it is still pinyin, then the lilies
    search = page.locator("#care-q")
    search.focus()
    search.evaluate(
        """box => {
            box.dispatchEvent(new CompositionEvent("compositionstart"));
            box.value = "bai he";
            box.dispatchEvent(new InputEvent("input", {isComposing: true, inputType: "insertCompositionText"}));
        }"""
    )
    assert shown(page) == slugs(guides, lambda guide: True)
    search.evaluate(
        """box => {
            box.value = "百合";
            box.dispatchEvent(new InputEvent("input", {isComposing: true, inputType: "insertCompositionText"}));
            box.dispatchEvent(new CompositionEvent("compositionend", {data: "百合"}));
        }"""
    )
    found = shown(page)
    assert "lily" in found and "rose" not in found
    count_says(page, f"找到 {len(found)} 篇指南")
    assert query_of(page) == {"q": ["百合"]}

    # plain typing works too, and matches the other language's name and the species
    search.fill("绿萝")
    assert shown(page) == {"pothos"}
    search.fill("Sansevieria")
    assert shown(page) == {"snake-plant"}
    search.fill("ZZ")
    assert "zz-plant" in shown(page)
    search.fill("")
    assert shown(page) == slugs(guides, lambda guide: True)

    # low light: the snake plant and the ZZ plant
    page.get_by_label("弱光（耐阴）").check()
    assert query_of(page) == {"light": ["low"]}
    low = shown(page)
    assert low == slugs(guides, lambda guide: guide["light"] == "low")
    assert {"snake-plant", "zz-plant"} <= low

    # low light and 百合: nothing, and a way back from each
    search.fill("百合")
    count_says(page, "没有符合的指南：试试去掉一个筛选条件")
    assert shown(page) == set()
    assert page.is_hidden("#care-clear")
    assert query_of(page) == {"q": ["百合"], "light": ["low"]}
    check_accessibility(page, "care-zh-empty")
    shot(page, test_output, "care-zh-empty-390")
    actions = page.locator("#care-empty-actions button").all_inner_texts()
    assert actions == ["清除搜索“百合”", "去掉“弱光（耐阴）”", f"显示全部 {len(guides)} 篇指南"]
    page.get_by_role("button", name="去掉“弱光（耐阴）”").click()
    assert "lily" in shown(page) and not page.is_checked("#care-light")
    assert page.evaluate("document.activeElement.id") == "care-light"
    assert query_of(page) == {"q": ["百合"]}
    assert page.errors == []
    page.context.close()


def test_a_shared_link_at_phone_and_desktop_widths(browser, site_server, guides, test_output):
    expected = slugs(guides, lambda guide: safe(guide) and guide["difficulty"] == "easy")
    for width in (390, 1280):
        page = open_page(browser, site_server, "/care/?pets=safe&easy=1", width=width)
        assert shown(page) == expected
        count_says(page, f"找到 {len(expected)} 篇指南")
        shot(page, test_output, f"care-zh-{width}")
        page.context.close()


def test_the_english_page(browser, site_server, guides, test_output):
    page = open_page(browser, site_server, "/en/care/", width=1280, locale="en-GB")
    count_says(page, f"Found {len(guides)} guides")
    assert page.get_by_role("search", name="Find a care guide").is_visible()
    check_accessibility(page, "care-en")
    shot(page, test_output, "care-en-1280")

    page.get_by_label("Search the guides").fill("lily")
    found = shown(page)
    assert "lily" in found and "pothos" not in found
    assert query_of(page) == {"q": ["lily"]}
    page.get_by_label("Search the guides").fill("百合")  # the Chinese name works on the English page
    assert "lily" in shown(page)
    page.get_by_label("Search the guides").fill("")
    page.get_by_label("Low light").check()
    low = slugs(guides, lambda guide: guide["light"] == "low")
    count_says(page, f"Found {len(low)} guides")
    assert shown(page) == low and {"snake-plant", "zz-plant"} <= low
    page.get_by_role("radio", name="Cut flowers").check()
    count_says(page, "No guides match: try removing a filter")
    check_accessibility(page, "care-en-empty")
    page.get_by_role("button", name="Remove “Cut flowers”").click()
    assert page.evaluate("document.activeElement.id") == "care-kind-all"
    assert {"snake-plant", "zz-plant"} <= shown(page)
    assert query_of(page) == {"light": ["low"]}
    # the cards link to the English guides
    link = page.locator(".care-result[data-slug='snake-plant'] a")
    assert link.get_attribute("href") == "/en/care/snake-plant/"
    page.context.close()

    phone = open_page(browser, site_server, "/en/care/?q=fern&kind=plant", locale="en-GB")
    assert shown(phone) == {"boston-fern"}
    count_says(phone, "Found 1 guide")
    assert phone.input_value("#care-q") == "fern"
    shot(phone, test_output, "care-en-390")
    assert phone.errors == []
    phone.context.close()


def test_without_the_index_every_guide_shows(browser, site_server, guides):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.route("**/care/search.json", lambda route: route.fulfill(status=503, body="unavailable"))
    with page.expect_response("**/care/search.json"):
        page.goto(f"{site_server}/care/?light=low")
    page.wait_for_selector("#care-search", state="hidden")
    assert page.is_hidden("#care-summary")
    assert shown(page) == slugs(guides, lambda guide: True)
    context.close()


def test_without_javascript_every_guide_shows(browser, site_server, guides):
    page = open_page(browser, site_server, "/care/?pets=safe&kind=plant", script=False)
    assert shown(page) == slugs(guides, lambda guide: True)
    assert page.is_hidden("#care-search") and page.is_hidden("#care-summary")  # no search that cannot work
    # the facts are in the page itself
    assert "每4–10天浇一次水" in page.inner_text(".care-result[data-slug='spider-plant']")
    page.context.close()
