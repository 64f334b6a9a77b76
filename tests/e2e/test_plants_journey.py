"""My plants in a real browser: a member (who has a cat) adds the pothos she has had for three
weeks, calls it 小绿, sees its watering is late and how to water it, puts it off three days and
then waters it; a monstera comes from its care guide's "add to my plants" link, due for water
today, and is removed after a confirm step; the care digest goes weekly. Axe on the page, the
form and the list; screenshots at phone width in both languages. Signed out, that link goes
through signing in (or joining) and back to the monstera, and never off the site."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest

from tests.e2e.test_join_journey import check_accessibility, code_for, snap
from tests.e2e.test_rewards_journey import member_sign_in, new_page


def my_plants(page, base: str) -> dict:
    return page.request.get(f"{base}/api/me/plants").json()


def task_of(plant: dict, task: str) -> dict:
    return next(each for each in plant["tasks"] if each["task"] == task)


def test_a_member_keeps_her_pothos_watered_and_chooses_weekly_reminders(browser, counter, clock, test_output):
    from shop.dates import today

    base = counter
    member = new_page(browser)
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000")

    # from the account page to no plants yet, the digest monthly as it starts
    member.click("#plants-link")
    member.wait_for_url(re.compile(r".*/plants/$"))
    member.wait_for_selector("#plants-empty:not([hidden])")
    assert member.is_checked("#digest-monthly")
    # she joined without agreeing to offers: the page says no digest goes out until she does
    assert "还没有同意接收" in member.inner_text("#digest-no-consent")
    check_accessibility(member, "plants-empty")
    snap(member, test_output, "plants-empty-zh")

    # her pothos, home three weeks ago, called 小绿
    member.click("#add-plant")
    member.wait_for_selector("#editor:not([hidden])")
    member.click("#save-plant")
    assert member.get_attribute("#guide", "aria-invalid") == "true"
    member.select_option("#guide", "pothos")
    member.fill("#nickname", "小绿")
    member.fill("#acquired-on", (today() - timedelta(days=21)).isoformat())
    check_accessibility(member, "plants-editor")
    snap(member, test_output, "plants-editor-zh")
    member.click("#save-plant")

    plant = member.locator(".plant", has_text="小绿")
    plant.wait_for()
    assert "小绿（绿萝）已加入我的植物" in member.inner_text("#plants-status")
    saved = my_plants(member, base)["plants"][0]
    assert saved["nickname"] == "小绿" and saved["source"] == "member"
    water = task_of(saved, "water")
    assert water["days"] < 0  # three weeks is longer than any season's watering interval
    text = plant.inner_text()
    assert "绿萝" in text and "自己添加" in text and "到家" in text
    assert f"该浇水了 · 已过 {-water['days']} 天" in text
    assert "注意家里的宠物" in text and "猫" in text  # she has a cat; pothos is toxic to cats
    assert plant.get_by_role("link", name="绿萝养护指南").get_attribute("href") == "/care/pothos/"
    # the soonest task first: watering, late, before feeding
    assert plant.locator(".task").first.get_attribute("data-task") == "water"

    # how to water, folded until asked for
    how = plant.locator(".task[data-task='water'] .task__how")
    assert not how.locator("p").is_visible()
    how.locator("summary").click()
    assert "一次浇透" in how.locator("p").inner_text()
    check_accessibility(member, "plants")
    snap(member, test_output, "plants-zh")

    # not today: in three days
    later = plant.get_by_role("button", name="推迟提醒给小绿（绿萝）浇水")
    later.click()
    assert later.get_attribute("aria-expanded") == "true"
    assert member.evaluate("document.activeElement.textContent") == "3 天后"
    snap(member, test_output, "plants-later-zh")
    plant.get_by_role("button", name="3 天后").click()
    member.wait_for_selector("#plants-status:has-text('再提醒您')")
    assert task_of(my_plants(member, base)["plants"][0], "water")["days"] == 3
    assert "3 天后浇水" in member.locator(".plant", has_text="小绿").inner_text()

    # watered after all: the next time is the season's interval from today
    member.locator(".plant", has_text="小绿").get_by_role("button", name="小绿（绿萝）浇过水了").click()
    member.wait_for_selector("#plants-status:has-text('浇过水了')")
    water = task_of(my_plants(member, base)["plants"][0], "water")
    assert water["days"] == water["every_days"]
    assert f"{water['every_days']} 天后浇水" in member.locator(".plant", has_text="小绿").inner_text()
    focused = member.evaluate("document.activeElement.closest('.task').dataset.task")
    assert focused == "water"

    # the digest every Monday instead
    member.check("#digest-weekly")
    member.click("#save-digest")
    member.wait_for_selector("#digest-message:has-text('每周提醒您一次')")
    assert my_plants(member, base)["digest"] == "weekly"
    member.reload()
    member.wait_for_selector(".plant")
    assert member.is_checked("#digest-weekly")

    # a monstera, from its care guide, due for water today; a cut flower's guide has no such link
    from shop.plants import plant_guides, season_of

    every = plant_guides()["monstera"].watering.every_days[season_of(today())]
    member.goto(f"{base}/care/rose/")
    assert member.locator("#add-to-my-plants").count() == 0
    member.goto(f"{base}/care/monstera/")
    snap(member, test_output, "care-monstera-add-zh")
    member.get_by_role("link", name="加入我的植物").click()
    member.wait_for_url(re.compile(r".*/plants/\?guide=monstera$"))
    member.wait_for_selector("#editor:not([hidden])")
    assert member.input_value("#guide") == "monstera"
    member.fill("#acquired-on", (today() - timedelta(days=every)).isoformat())
    member.click("#save-plant")
    monstera = member.locator(".plant", has_text="龟背竹")
    monstera.wait_for()
    assert "今天该浇水" in monstera.inner_text()
    assert member.url.endswith("/plants/")  # a reload shows the list, not the form again
    snap(member, test_output, "plants-two-zh")

    # removed, after saying yes
    monstera.get_by_role("button", name="删除龟背竹").click()
    assert "它的养护提醒也会停止" in monstera.locator(".plant__confirm").inner_text()
    monstera.get_by_role("button", name="先不删").click()
    assert monstera.locator(".plant__confirm").is_hidden()
    monstera.get_by_role("button", name="删除龟背竹").click()
    monstera.get_by_role("button", name="确定删除").click()
    member.wait_for_selector("#plants-status:has-text('已从我的植物中删除龟背竹')")
    assert member.locator(".plant").count() == 1
    assert [p["guide"] for p in my_plants(member, base)["plants"]] == ["pothos"]


def test_my_plants_in_english_and_a_guide_chosen_from_the_link(browser, counter, clock, test_output):
    base = counter
    member = new_page(browser, locale="en-GB")
    clock.advance(seconds=61)
    member_sign_in(member, base, "138 0013 8000", "+8613800138000", prefix="/en")
    added = member.request.post(f"{base}/api/me/plants", data={"guide": "pothos", "nickname": "Kevin"})
    assert added.status == 201, added.text()

    member.goto(f"{base}/en/plants/")
    plant = member.locator(".plant", has_text="Kevin")
    plant.wait_for()
    text = plant.inner_text()
    assert "Pothos" in text and "Added by you" in text and "Careful with your pets" in text
    water = task_of(my_plants(member, base)["plants"][0], "water")
    assert f"Water in {water['days']} days" in text
    assert plant.get_by_role("link", name="Care guide for Pothos").get_attribute("href") == "/en/care/pothos/"
    check_accessibility(member, "plants-en")
    snap(member, test_output, "plants-en")

    member.goto(f"{base}/en/care/phalaenopsis/")
    member.get_by_role("link", name="Add to my plants").click()
    member.wait_for_selector("#editor:not([hidden])")
    assert member.input_value("#guide") == "phalaenopsis"
    assert member.get_attribute("#acquired-on", "max") is not None
    snap(member, test_output, "plants-editor-en")
    member.click("#cancel-add")
    member.wait_for_selector("#list-view:not([hidden])")
    assert member.evaluate("document.activeElement.id") == "add-plant"


def test_my_plants_sends_anyone_signed_out_to_sign_in(page, dev_server):
    for prefix in ("", "/en"):
        page.goto(f"{dev_server}{prefix}/plants/?guide=pothos")
        back = re.escape(quote(f"{prefix}/plants/?guide=pothos", safe=""))
        page.wait_for_url(re.compile(rf".*{prefix}/signin/\?next={back}$"))


def sign_in_here(page, phone: str, e164: str, base: str) -> None:
    """Sign in on the sign-in page the browser is on, whatever its ?next= says."""
    page.fill("#contact", phone)
    page.click("#send-code")
    page.wait_for_selector("#code:visible")
    page.fill("#code", code_for(base, e164))
    page.click("#sign-in")


def join_links(page) -> set[str]:
    return {link.get_attribute("href") for link in page.locator("a[href^='/join/']").all()}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_signed_out_the_care_guides_link_still_adds_the_monstera_after_signing_in(browser, counter, clock, prefix):
    base = counter
    member = new_page(browser, locale="en-GB" if prefix else "zh-CN")
    clock.advance(seconds=61)
    member.goto(f"{base}{prefix}/care/monstera/")
    member.locator("#add-to-my-plants").click()
    member.wait_for_url(re.compile(rf".*{prefix}/signin/\?next=.*"))
    sign_in_here(member, "138 0013 8000", "+8613800138000", base)
    # back where she was going, in her language, with the monstera chosen in the add form
    member.wait_for_url(f"{base}{prefix}/plants/?guide=monstera")
    member.wait_for_selector("#editor:not([hidden])")
    assert member.input_value("#guide") == "monstera"


def test_someone_not_yet_a_member_joins_on_the_way_and_comes_back_to_the_monstera(browser, dev_server):
    base = dev_server
    visitor = new_page(browser)
    visitor.goto(f"{base}/plants/?guide=monstera")
    visitor.wait_for_url(re.compile(r".*/signin/\?next=.*"))
    # every way to the join page keeps where she was going: the form's link, the header's button
    back = "next=%2Fplants%2F%3Fguide%3Dmonstera"
    assert join_links(visitor) == {f"/join/?{back}"}
    visitor.locator(".form__alt").get_by_role("link", name="免费加入").click()
    visitor.wait_for_url(f"{base}/join/?{back}")
    # and so does the way back to signing in
    assert visitor.locator(".form__alt").get_by_role("link", name="登录").get_attribute("href") == f"/signin/?{back}"
    visitor.fill("#contact", "member.plants@example.com")
    visitor.click("#send-code")
    visitor.wait_for_selector("#code:visible")
    visitor.fill("#code", code_for(base, "member.plants@example.com"))
    visitor.fill("#name", "王先生")
    visitor.check("#confirms-age")
    visitor.click("#join")
    visitor.wait_for_url(f"{base}/plants/?guide=monstera")
    visitor.wait_for_selector("#editor:not([hidden])")
    assert visitor.input_value("#guide") == "monstera"


# a next= that leaves the site, or could be read as leaving it, is ignored
OFF_SITE = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "plants/",
]


def test_signing_in_never_sends_anyone_off_the_site(browser, counter, clock):
    base = counter
    member = new_page(browser)
    member.goto(f"{base}/signin/")
    # unit-like: the check itself, in the browser, on every way out we know of
    checked = member.evaluate(
        """async (values) => {
            const script = document.querySelector("script[type=module][src$='/signin.js']").src;
            const { safeNext } = await import(new URL("section.js", script).href);
            return values.map((value) => safeNext(value));
        }""",
        [*OFF_SITE, "/plants/?guide=monstera", "/en/plants/"],
    )
    assert checked == [None] * len(OFF_SITE) + ["/plants/?guide=monstera", "/en/plants/"]
    # and the whole way: signing in with such a next= ends on the account page
    for evil in ("//evil.example", "https://evil.example"):
        clock.advance(seconds=61)
        member.context.clear_cookies()
        member.goto(f"{base}/signin/?next={quote(evil, safe='')}")
        sign_in_here(member, "138 0013 8000", "+8613800138000", base)
        member.wait_for_url(f"{base}/account/")
        member.wait_for_selector("#member-name:has-text('张姐')")
    # nor is it passed on to joining
    member.goto(f"{base}/signin/?next={quote('//evil.example', safe='')}")
    assert join_links(member) == {"/join/"}
