"""The whole wizard, to each outcome: by keyboard with htmx, and by mouse without JavaScript."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watch
from tests.browser.wizard import (
    CONTINUE,
    JOURNEYS,
    Journey,
    Screen,
    answer_screens,
    answer_with_mouse,
    option,
    screen,
    send,
    start,
    tab_to,
    walk,
)

pytestmark = pytest.mark.browser

BACK = "Change my answers"


def record_posts(page: Page) -> list[dict[str, str]]:
    """The headers of every POST the page sends from now on."""
    posts: list[dict[str, str]] = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.headers))
    return posts


def assert_one_outcome(page: Page, journey: Journey) -> None:
    expect(page.locator("[data-urgency]")).to_have_count(1)
    expect(screen(page, tier=journey.tier)).to_be_visible()


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.tier)
def test_keyboard_only_with_htmx(journey: Journey, new_context, base_url):
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    watched = Watch(page)
    start(page, base_url)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    navigations: list[str] = []
    page.on("request", lambda request: request.is_navigation_request() and navigations.append(request.url))
    posts = record_posts(page)

    answer_screens(page, journey, keyboard=True)
    assert_one_outcome(page, journey)
    expect(page.locator("h1")).to_be_focused()

    # Back to the last screen, answers kept, and on to the same outcome again.
    last_step = len(journey.screens) - 1
    tab_to(page, "(el, text) => el.tagName === 'BUTTON' && el.innerText.trim() === text", BACK)
    send(page, lambda: page.keyboard.press("Enter"))
    expect(screen(page, step=last_step)).to_be_visible()
    expect(page.locator("fieldset.question:has(input:checked)")).to_have_count(
        page.locator("fieldset.question").count()
    )
    tab_to(page, "(el, text) => el.tagName === 'BUTTON' && el.innerText.trim() === text", CONTINUE)
    send(page, lambda: page.keyboard.press("Enter"))
    assert_one_outcome(page, journey)

    assert navigations == [], "every step was swapped in place"
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert posts and all(headers.get("hx-request") == "true" for headers in posts)
    assert page.url == base_url + "/triage/", "no answer ever appears in the address"
    assert watched.problems() == []


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.tier)
def test_mouse_without_javascript(journey: Journey, new_context, base_url):
    page = new_context(java_script_enabled=False, viewport={"width": 375, "height": 740}).new_page()
    watched = Watch(page)
    posts = record_posts(page)
    start(page, base_url)

    answer_screens(page, journey)
    assert_one_outcome(page, journey)

    send(page, page.get_by_role("button", name=BACK).click)
    expect(screen(page, step=len(journey.screens) - 1)).to_be_visible()
    send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)
    assert_one_outcome(page, journey)

    assert posts and not any("hx-request" in headers for headers in posts)
    assert page.url == base_url + "/triage/answers/", "no answer ever appears in the address"
    assert watched.problems() == []


def test_with_htmx_a_follow_up_appears_beside_its_answer_and_none_of_these_clears_the_ticks(new_context, base_url):
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    watched = Watch(page)
    walk(page, JOURNEYS[-1], base_url, upto=3)
    symptoms = page.locator("fieldset.question").first
    with page.expect_response(lambda r: r.url.endswith("/triage/answers/")):
        option(symptoms, "The pain wakes you up at night").click()
    follow_up = page.locator("#follow-ups-symptoms fieldset.question")
    expect(follow_up).to_have_count(1)
    expect(follow_up.locator("legend")).to_have_text("When the pain wakes you, can you ease it by changing position?")
    expect(symptoms.locator("input[value=night-pain]")).to_be_checked()  # the tick survived the swap
    option(follow_up, "Yes").click()
    send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)
    expect(screen(page, tier="self-care")).to_be_visible()
    assert watched.problems() == []

    # "None of these" and a ticked line exclude each other, so a person cannot send both.
    walk(page, JOURNEYS[-1], base_url, upto=3)
    symptoms = page.locator("fieldset.question").first
    option(symptoms, "You have found a new lump on your back").click()
    option(symptoms, "None of these").click()
    expect(symptoms.locator("input:checked")).to_have_count(1)
    option(symptoms, "You have found a new lump on your back").click()
    expect(symptoms.locator("input[value=none]")).not_to_be_checked()


def test_without_javascript_a_follow_up_comes_on_the_next_screen(new_context, base_url):
    page = new_context(java_script_enabled=False, viewport={"width": 375, "height": 740}).new_page()
    walk(page, JOURNEYS[-1], base_url, upto=3)
    symptoms = page.locator("fieldset.question").first
    option(symptoms, "The pain wakes you up at night").click()
    send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)
    expect(page.locator('[data-wizard-part="follow-up"]')).to_be_visible()
    answer_with_mouse(page, Screen({"night-ease": "No"}))
    expect(screen(page, tier="gp")).to_be_visible()
