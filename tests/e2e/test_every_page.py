"""Every kind of page the site builds, in both languages (issue 9): the public pages signed out,
the member portal as a member with some of everything, the staff portal as a clerk and the
managers' pages as a manager. On each, once its content has loaded (no loading line in sight,
nothing aria-busy): axe-core finds no serious or critical violation, no request leaves the dev
server, the console has no error (a CSP violation is one), the page is no wider than the window,
the header's links fit, and every image is sized and, below the first screen, lazy. Each portal
page's weight on a first load with an empty cache is measured in Chromium and kept within
budget; the table is printed (pytest -s) and kept in /tmp/shots/page-weights.txt. Full-page
screenshots of every kind at 390 px and 1280 px (Chinese, and a few in English) go to
/tmp/shots/every/, for a person to look at.

The page kinds are read from pelican.conf (DIRECT_TEMPLATES and their *_SAVE_AS), the care guides
(one of each kind of guide) and the shop pages, and every HTML file of the build must be of one of
them: a new page without a visit here fails the first test."""

from __future__ import annotations

import gzip
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from infra.site import conf_settings
from tests.e2e.test_join_journey import AXE
from tests.e2e.test_rewards_journey import member_sign_in
from tests.e2e.test_staff_journey import staff_sign_in
from tests.support import wait_until

CONTENT = Path(__file__).resolve().parents[2] / "site" / "content"
SHOTS = Path("/tmp/shots/every")
WEIGHTS = Path("/tmp/shots/page-weights.txt")
BUDGET = 150 * 1024  # bytes a portal page's first load may bring over the wire
PREFIX = {"zh": "", "en": "/en"}
LOCALE = {"zh": "zh-CN", "en": "en-GB"}
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
ENGLISH_SHOTS = {"index", "care", "guide:plant", "account", "book", "staffmember", "staffcounter", "staffreports"}
MISSING = "/no-such-page/"  # the 404 page is what a missing address answers with

# Who visits each kind of page: "public" is someone signed out (the staff sign-in page too).
VISITS = {
    "index": "public",
    "care": "public",
    "guide:cut-flower": "public",
    "guide:plant": "public",
    "join": "public",
    "signin": "public",
    "page:privacy": "public",
    "optout": "public",
    "statement": "public",
    "rate": "public",
    "notfound": "public",
    "staff": "public",
    "account": "member",
    "profile": "member",
    "points": "member",
    "wallet": "member",
    "book": "member",
    "bookings": "member",
    "occasions": "member",
    "plants": "member",
    "feedback": "member",
    "staffmembers": "clerk",
    "staffmember": "clerk",
    "staffcounter": "clerk",
    "staffcards": "clerk",
    "staffcompanies": "clerk",
    "staffcompany": "clerk",
    "staffbookings": "clerk",
    "staffbooking": "clerk",
    "stafffollowups": "clerk",
    "staffteam": "manager",
    "staffstores": "manager",
    "staffposter": "manager",
    "staffrules": "manager",
    "staffrewards": "manager",
    "staffwallet": "manager",
    "staffslots": "manager",
    "staffcatalog": "manager",
    "staffoutreach": "manager",
    "staffsegments": "manager",
    "staffcampaigns": "manager",
    "staffcampaign": "manager",
    "staffreports": "manager",
}
PORTAL = {kind for kind, role in VISITS.items() if role != "public"} | {"staff"}


# --- the page kinds ------------------------------------------------------------------------------


def guide_kinds() -> dict[str, str]:
    """Each care guide's slug and its kind of page (guide:plant, guide:cut-flower)."""
    return {
        card.stem: "guide:" + tomllib.loads(card.read_text(encoding="utf-8"))["kind"]
        for card in sorted((CONTENT / "care").glob("*.toml"))
    }


def page_kinds() -> dict[str, str]:
    """Every kind of page the build writes, with the address (without the language's prefix) of
    one: the theme's own pages, a guide of each kind, each shop page."""
    settings = conf_settings()
    kinds = {
        name: "/" + settings[f"{name.upper()}_SAVE_AS"].removesuffix("index.html")
        for name in settings["DIRECT_TEMPLATES"]
    }
    for slug, kind in guide_kinds().items():
        kinds.setdefault(kind, f"/care/{slug}/")
    for page in sorted((CONTENT / "pages").glob("*.md")):
        slug = page.name.split(".")[0]  # privacy.md and privacy.en.md
        kinds[f"page:{slug}"] = f"/{slug}/"
    return kinds


def kind_of(built: str, kinds: dict[str, str]) -> str | None:
    """The kind of a file of the build (its path in its language's folder), or None."""
    address = "/" + built.removesuffix("index.html")
    for kind, where in kinds.items():
        if where == address:
            return kind
    parts = address.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "care":
        return guide_kinds().get(parts[1])
    if len(parts) == 1 and f"page:{parts[0]}" in kinds:
        return f"page:{parts[0]}"
    return None


def test_every_page_kind_the_build_writes_is_visited(built_site):
    kinds = page_kinds()
    assert set(VISITS) == set(kinds), "a kind of page without a visit here (or a visit to no kind of page)"
    for lang, prefix in PREFIX.items():
        root = built_site / prefix.lstrip("/")
        built = [
            path.relative_to(root).as_posix()
            for path in root.rglob("*.html")
            if lang != "zh" or path.relative_to(root).parts[0] != "en"
        ]
        unknown = [path for path in built if kind_of(path, kinds) is None]
        assert unknown == [], f"{lang}: built pages of no kind visited here: {unknown}"
        assert {kind_of(path, kinds) for path in built} == set(kinds), f"{lang}: a kind of page not built"


# --- the shop: a member with some of everything, a company, a segment and a campaign -------------


@dataclass(frozen=True)
class Shop:
    member_id: str
    company_id: str
    booking_day: str
    campaign_id: str
    segment_id: str
    statement_token: str
    rate_token: str
    optout_token: str


def seed() -> Shop:
    """Given the counter's store, manager and member (张丽华, allergic to pollen, with a cat): a
    clerk; the member's points, stored value, flower card, booking, mother's birthday, plant, a
    purchase rated 2 stars (a follow-up) and one to rate; a company she orders for; a segment and
    a draft campaign; another member, whose link stops her offers."""
    from shop.booking_rules import BookingRules, save_booking_rules
    from shop.bookings import Ask, create_booking
    from shop.campaigns import CampaignDetails, create_campaign
    from shop.catalog import ItemDetails, add_item
    from shop.companies import CompanyDetails, add_company, statement_token
    from shop.contacts import parse_contact
    from shop.dates import today
    from shop.feedback import rate, rate_token
    from shop.members import NewMember, enrol
    from shop.occasions import add_occasion
    from shop.plants import add_plant
    from shop.privacy import optout_token
    from shop.rewards import RewardDetails, add_reward
    from shop.sales import Line, Sale, adjust, record_sale
    from shop.segments import Criteria, save_segment
    from shop.staff import NewStaff, add_staff
    from shop.subscriptions import Plan, sell
    from shop.tables import Contact, Member
    from shop.wallet import TopUpOffer, WalletRules, save_wallet_rules, top_up

    member_id = Contact.get(parse_contact("13800138000").value).member_id
    clerk = add_staff(NewStaff(parse_contact("13700001111"), "小王", "staff", "jingan"), "test", None).staff_id
    save_booking_rules(BookingRules(pickup_capacity=10, delivery_capacity=10, peak_days=[]), "test", None)
    roses = ItemDetails(
        "bouquet", "11枝红玫瑰", "Eleven red roses", 29_900, "rose",
        (("rose-red", 11), ("eucalyptus", 2)), True, ("love", "birthday"),
    )  # fmt: skip
    add_item(roses, "test", None, item_id="roses")
    weekly = ItemDetails("bouquet", "每周花束", "Weekly bouquet", 9_900, "mixed", (("rose-pink", 5),))
    add_item(weekly, "test", None, item_id="weekly")
    add_reward(RewardDetails("玻璃花瓶", "Glass vase", "gift", 300, 0, (), 10, 1, 90), "test", None, reward_id="vase")
    save_wallet_rules(WalletRules(offers=[TopUpOffer(pay_fen=100_000, bonus_fen=15_000)]), "test", None)

    def sale(name: str, category: str, fen: int, method: str = "cash") -> str:
        return record_sale(Sale("jingan", clerk, (Line(category, name, 1, fen),), method, member_id), name)["id"]

    adjust(member_id, 500, "开业赠送", "test", None)
    lilies = sale("香水百合花束", "bouquet", 26_800)
    sale("绿萝", "potted-plant", 7_900, "wechat-pay")
    top_up(member_id, 100_000, "wechat-pay", clerk, "jingan", "topup-1")
    card = Plan("weekly", 4, "weekly", "jingan", "10:00-12:00", "pickup", today() + timedelta(days=3))
    sell(member_id, card, 36_900, "wechat-pay", clerk, "jingan", "card-1")
    day = today() + timedelta(days=2)
    ask = Ask("jingan", day, "14:00-16:00", "pickup", (("roses", 1),), occasion="birthday", member_id=member_id)
    create_booking(ask, member_id, "roses", "self")
    mother = {"calendar": "solar", "month": 5, "day": 12}
    add_occasion(member_id, {"person": "妈妈", "relationship": "mother", "kind": "birthday", "date": mother})
    add_plant(Member.get(member_id), "pothos", "小绿", today() - timedelta(days=21))
    rate(member_id, f"purchase#{lilies}", 2, "百合不新鲜")
    to_rate = sale("红玫瑰", "bouquet", 19_900)

    company = add_company(
        CompanyDetails("静安科技", "上海静安科技有限公司", "91310106MA1FL1234X", "上海市静安区南京西路1000号20楼",
                       "行政部 刘女士", "021-6288 1234", 10, 100_000, 3, (member_id,)),
        "test", None,
    )  # fmt: skip
    segment = save_segment("最近买过花的会员", Criteria(bought_within_days=90), "test")
    campaign = create_campaign(
        CampaignDetails("秋季回馈", segment.segment_id, "sms", "{{ name }}，秋天的花到了。",
                        "{{ name }}, autumn flowers are in.", {"kind": "none"}, today() + timedelta(days=7), 10, 14),
        "test", None,
    )  # fmt: skip
    other = enrol(parse_contact("13700000021"), NewMember("王芳", True, "zh", home_store="jingan"), "test")
    return Shop(
        member_id=member_id,
        company_id=company.company_id,
        booking_day=day.isoformat(),
        campaign_id=campaign.campaign_id,
        segment_id=segment.segment_id,
        statement_token=statement_token(company.company_id, today().isoformat()[:7]),
        rate_token=rate_token(member_id, f"purchase#{to_rate}"),
        optout_token=optout_token(other.member_id, "sms"),
    )


def query_of(kind: str, shop: Shop) -> str:
    """What a page of the kind is opened with: a link's token, the member, company, day..."""
    return {
        "optout": f"?t={shop.optout_token}",
        "statement": f"?t={shop.statement_token}",
        "rate": f"?t={shop.rate_token}",
        "staffmember": f"?id={shop.member_id}",
        "staffcompany": f"?id={shop.company_id}",
        "staffbookings": f"?date={shop.booking_day}&store=jingan",
        "staffbooking": f"?member={shop.member_id}",
        "staffposter": "?store=jingan",
        "staffsegments": f"?id={shop.segment_id}",
        "staffcampaign": f"?id={shop.campaign_id}",
    }.get(kind, "")


# --- what each visit checks ----------------------------------------------------------------------


@dataclass
class Tab:
    """A browser tab and what it did since its visit began: every request it made, the finished
    ones (for their sizes) and the console's errors. Its cache is off: each visit is a first one."""

    page: object
    requests: list[str] = field(default_factory=list)
    finished: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, context) -> Tab:
        tab = cls(context.new_page())
        tab.page.on("request", lambda request: tab.requests.append(request.url))
        tab.page.on("requestfinished", lambda request: tab.finished.append(request))
        tab.page.on("console", tab._console)
        tab.page.on("pageerror", lambda error: tab.errors.append(f"uncaught {error}"))
        cdp = context.new_cdp_session(tab.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        return tab

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} (at {message.location.get('url')})")

    def visit(self, url: str) -> None:
        self.requests.clear()
        self.finished.clear()
        self.errors.clear()
        self.page.goto(url)


LOADED = """() => document.readyState === "complete"
  && ![...document.querySelectorAll(".loading")].some((line) => line.getClientRects().length > 0)
  && !document.querySelector("[aria-busy='true']")"""


def wait_for_content(page) -> None:
    """Until the page's requests are answered and its loading lines are gone."""
    page.wait_for_load_state("networkidle")
    wait_until(page, LOADED)
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[str]:
    page.evaluate(AXE.read_text())  # evaluated, not a <script> tag: the pages' CSP allows no inline script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def expected_error(kind: str, error: str) -> bool:
    """Chromium logs a failed response as an error: the 404 page's own status, and the staff
    sign-in page's asking whether someone is signed in already (401: not) are as they should be."""
    if kind == "notfound":
        return "status of 404" in error and MISSING in error
    if kind == "staff":
        return "status of 401" in error and "/api/staff/me" in error
    return False


def off_site(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname not in ("127.0.0.1", "localhost")
    ]


OVERFLOW = """() => {
  const cut = (selector) =>
    [...document.querySelectorAll(selector)].filter((bar) => bar.scrollWidth > bar.clientWidth + 1);
  return {
    page: document.documentElement.scrollWidth - window.innerWidth,
    header: cut(".site-nav__list").length,
    staff: cut(".staff-nav__list").length,
  };
}"""


def overflow(page) -> list[str]:
    """The page wider than the window, or the header's links not all in sight (the staff bar may
    scroll sideways on a phone, not on a desktop)."""
    width = page.viewport_size["width"]
    found = page.evaluate(OVERFLOW)
    problems = [f"{found['page']}px wider than a {width}px window"] * (found["page"] > 0)
    problems += [f"the header's links do not fit {width}px"] * bool(found["header"])
    problems += [f"the staff bar's links do not fit {width}px"] * bool(width >= DESKTOP["width"] and found["staff"])
    return problems


IMAGES = """() => Array.from(document.images).flatMap((image) => {
  const name = image.getAttribute("src") || image.id || image.className;
  const below = image.getBoundingClientRect().top > window.innerHeight;
  return [
    ...(getComputedStyle(image).aspectRatio === "auto" ? [`an image without its size: ${name}`] : []),
    ...(below && image.loading !== "lazy" ? [`an image below the first screen loads at once: ${name}`] : []),
  ];
})"""


def images(page) -> list[str]:
    """Every image sized before it loads (width and height, or an aspect ratio: nothing jumps),
    and those below the first screen lazy."""
    return page.evaluate(IMAGES)


def screenshot(page, name: str) -> list[str]:
    """The whole page at a phone's width and a desktop's, and what overflows at the desktop's."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.wait_for_timeout(100)  # a chart redrawn for the width
        page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"), full_page=True)
    problems = overflow(page)
    page.set_viewport_size(PHONE)
    return problems


# --- page weight ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weight:
    requests: int
    raw: int  # the response bodies as the dev server sends them (it never compresses)
    sent: int  # the same as CloudFront sends them: the site's files compressed (Compress: true)
    heaviest: str


WEIGHED: dict[tuple[str, str], Weight] = {}
COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml")


def weigh(tab: Tab) -> Weight:
    """A page's first load: the sum of its responses' bodies, raw and as sent. CloudFront gzips
    or brotlis the files it caches (1 KB or more, of a compressible type), not the API's answers
    (never cached); gzip at level 6 is the estimate (brotli sends less)."""
    raw = sent = 0
    sizes = []
    for request in tab.finished:
        response = request.response()
        size = request.sizes()["responseBodySize"]
        path = urlsplit(request.url).path
        compressible = response and any(word in response.headers.get("content-type", "") for word in COMPRESSIBLE)
        raw += size
        sent += (
            len(gzip.compress(response.body(), 6)) if compressible and size >= 1000 and "/api/" not in path else size
        )
        sizes.append((size, path))
    heaviest = ", ".join(f"{path} {size / 1024:.0f}" for size, path in sorted(sizes, reverse=True)[:3])
    return Weight(len(tab.finished), raw, sent, heaviest)


def weight_table() -> str:
    """The weights measured, written to WEIGHTS too."""
    lines = [
        f"Each portal page's first load, empty cache, in Chromium, in KB; the budget is {BUDGET // 1024} KB sent.",
        "raw: as the dev server sends it (uncompressed); sent: the site's files gzipped, as CloudFront sends them.",
        "",
        f"{'page':<16} {'lang':<4} {'requests':>8} {'raw':>7} {'sent':>7} {'raw-budget':>10}  heaviest (raw KB)",
    ]
    for (kind, lang), weight in sorted(WEIGHED.items(), key=lambda item: (item[0][1], item[0][0])):
        over = (weight.raw - BUDGET) / 1024
        lines.append(
            f"{kind:<16} {lang:<4} {weight.requests:>8} {weight.raw / 1024:>7.1f} {weight.sent / 1024:>7.1f}"
            f" {over:>+10.1f}  {weight.heaviest}"
        )
    table = "\n".join(lines)
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(table + "\n", encoding="utf-8")
    return table


# --- the visits ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_kind_is_accessible_stays_on_the_site_and_within_budget(browser, counter, clock, lang):
    base, prefix = counter, PREFIX[lang]
    shop = seed()
    kinds = page_kinds()
    contexts = {
        role: browser.new_context(viewport=PHONE, device_scale_factor=1, locale=LOCALE[lang])
        for role in ("public", "member", "clerk", "manager")
    }
    try:
        tabs = {role: Tab.open(context) for role, context in contexts.items()}
        clock.advance(seconds=61)  # the member asked for a code when she joined
        member_sign_in(tabs["member"].page, base, "138 0013 8000", "+8613800138000", prefix)
        staff_sign_in(tabs["clerk"].page, base, "137 0000 1111", "+8613700001111")
        staff_sign_in(tabs["manager"].page, base, "139 0000 0001", "+8613900000001")

        problems = []
        for kind, role in VISITS.items():
            tab = tabs[role]
            url = f"{base}{prefix}{MISSING if kind == 'notfound' else kinds[kind]}{query_of(kind, shop)}"
            tab.visit(url)
            found = []
            try:
                wait_for_content(tab.page)
            except AssertionError as error:
                found.append(f"still loading: {error}")
            if urlsplit(tab.page.url).path != urlsplit(url).path:
                found.append(f"went to {tab.page.url}")
            if kind in PORTAL:
                weight = WEIGHED[(kind, lang)] = weigh(tab)
                if weight.sent > BUDGET:
                    found.append(f"{(weight.sent - BUDGET) / 1024:.0f} KB over budget: {weight.heaviest}")
            found += [f"console: {error}" for error in tab.errors if not expected_error(kind, error)]
            found += [f"request off the site: {url}" for url in off_site(tab.requests)]
            found += axe_violations(tab.page)
            found += overflow(tab.page)
            found += images(tab.page)
            if lang == "zh" or kind in ENGLISH_SHOTS:
                found += screenshot(tab.page, f"{kind.replace(':', '-')}-{lang}")
            problems += [f"{kind} ({lang}): {problem}" for problem in found]
        print("\n" + weight_table())
        assert problems == [], "\n".join(problems)
    finally:
        for context in contexts.values():
            context.close()
