"""A person in pain on a phone (375 x 812, touch), tapping from the home page to a result.

Each journey is measured (screens, taps, scrolling to reach each tap, and the result as it first
shows: its length, visible words, where the first thing to do ends) and held to issue 14's limits:
a self-care result in three screens and 400 visible words with its first action on the first screen,
for the ordinary story and the longest ones (the longest plan, and the same when pregnant);
a GP or urgent result leading with how to get that care and when to get it sooner; a 999 result
with the call on the first screen. The questions take large targets, one question to a block of
signs, and "None of these" straight after the lines. Links from a result open in a new tab and say
so, or the how-to is on the result itself, so Back never loses it, with JavaScript or without.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPORT
from tests.browser.phone import (
    HEADER,
    PHONE,
    SCREEN,
    answer,
    journey,
    measure,
    row,
    start_from_home,
)
from tests.browser.wizard import CONTINUE, NONE_OF_THESE, SELF_CARE_STORIES, screen

pytestmark = pytest.mark.browser

# Issue 14's limits, and today's walk as a ceiling (so a change that adds a screen or a tap is seen).
SELF_CARE_SCREENS_LONG, SELF_CARE_WORDS = 3, 400
WALK = {"self-care": (6, 12), "gp": (6, 12), "urgent": (6, 12), "emergency": (3, 3)}  # screens, taps
ROWS: dict[str, str] = {}
TARGET_MIN = 48  # px: an answer is a large target, for a thumb held above the face


@pytest.fixture
def phone_page(new_context) -> Page:
    return new_context(**PHONE).new_page()


def top_of(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    return box["y"] + page.evaluate("() => window.scrollY")


@pytest.mark.parametrize("tier", ["self-care", "gp", "urgent", "emergency"])
def test_each_journey_reaches_what_to_do_within_the_limits(tier, phone_page: Page, base_url):
    page = phone_page
    walk = answer(start_from_home(page, base_url), journey(tier))
    page.evaluate("() => window.scrollTo(0, 0)")
    result = measure(page, tier)
    ROWS[tier] = row(walk, result)
    if len(ROWS) == 4:
        REPORT.extend(["Journeys at 375 x 812 (tests/browser/phone.py):", HEADER, *ROWS.values()])

    screens, taps = WALK[tier]
    assert (walk.screens, walk.taps) <= (screens, taps), walk.log
    assert result.first_action is not None and result.first_action <= SCREEN, "the first thing to do is not on screen 1"
    heading = top_of(page, "#outcome-heading") if tier != "emergency" else 0
    if tier == "self-care":
        assert result.height <= SELF_CARE_SCREENS_LONG * SCREEN
        assert result.words <= SELF_CARE_WORDS
        # One reassurance line, the actions, the one red 999 line with its call, the rest folded, the reasons last.
        expect(page.locator(".outcome-card .lead")).to_have_count(1)
        call = page.locator("[data-sooner=emergency]")
        expect(call).to_have_count(1)
        expect(call.locator("a[href='tel:999']")).to_be_visible()
        assert top_of(page, ".plan-now .plan-item") < top_of(page, "[data-sooner=emergency]")
        assert top_of(page, "[data-sooner=emergency]") < top_of(page, "#because-heading")
        for later in page.locator(".plan-later").all():
            expect(later).not_to_have_attribute("open", "")
        first_grades = page.locator(".plan-now > .plan-list .grade").all_inner_texts()
        assert first_grades[0] == "Recommended", first_grades
    elif tier in ("gp", "urgent"):
        sooner = "urgent" if tier == "gp" else "emergency"
        line = page.locator(f"[data-sooner={sooner}]").first
        expect(line).to_be_in_viewport()
        assert top_of(page, f"[data-sooner={sooner}]") > heading
        assert top_of(page, f"[data-sooner={sooner}]") < top_of(page, ".outcome-card .lead")
        contacts = page.locator("main .contacts")
        if tier == "gp":
            expect(contacts.get_by_role("link", name=re.compile("Find your GP surgery"))).to_be_visible()
            expect(line.locator("a[href='tel:111']")).to_be_visible()
        else:
            expect(contacts.locator("a[href='tel:111']")).to_be_in_viewport()
        expect(contacts.get_by_role("link", name=re.compile("Get help online from 111"))).to_be_visible()
        expect(page.locator("#meanwhile-heading, #plan-heading").first).to_be_visible()
    else:
        expect(page.locator("main a[href='tel:999']").first).to_be_in_viewport()


@pytest.mark.parametrize("story", SELF_CARE_STORIES, ids=str)
def test_the_longest_self_care_results_keep_to_the_same_limits(story, phone_page: Page, base_url):
    """Not only the ordinary story: the longest plan any self-care answer gives, and the same when pregnant."""
    page = phone_page
    walk = answer(start_from_home(page, base_url), SELF_CARE_STORIES[story])
    page.evaluate("() => window.scrollTo(0, 0)")
    result = measure(page, "self-care")
    REPORT.append(row(walk, result, story))
    assert result.height <= SELF_CARE_SCREENS_LONG * SCREEN, f"{result.height} px"
    assert result.words <= SELF_CARE_WORDS
    assert result.first_action is not None and result.first_action <= SCREEN
    # One short message that eases fear, in the plan; every later phase folded.
    expect(page.locator("[data-key-message]")).to_have_count(1)
    expect(page.locator(".plan-later")).to_have_count(1)
    expect(page.locator(".plan-later")).not_to_have_attribute("open", "")


def test_questions_can_be_answered_lying_down(phone_page: Page, base_url):
    """One question for the emergency signs, a 48 px full-width row per line, and "None of these"
    straight after the lines with Continue within a screen of it."""
    page = phone_page
    start_from_home(page, base_url)
    step = screen(page, step=0)
    expect(step.locator("fieldset.question")).to_have_count(1)
    choices = step.locator(".choices--checklist")
    width = choices.bounding_box()["width"]
    labels = choices.locator("label.choice").all()
    assert len(labels) > 5
    for label in labels:
        box = label.bounding_box()
        assert box["height"] >= TARGET_MIN and box["width"] >= width - 1, label.inner_text()
    last = labels[-1]
    expect(last).to_have_text(NONE_OF_THESE)
    expect(choices.locator("label.choice, .choices-or").nth(len(labels) - 1)).to_have_text("or")
    assert top_of(page, "button.button") - top_of(page, ".choice--none") < SCREEN / 2

    # With JavaScript "None of these" and the lines exclude each other.
    labels[0].tap()
    last.tap()
    expect(labels[0].locator("input")).not_to_be_checked()
    labels[0].tap()
    expect(last.locator("input")).not_to_be_checked()


def test_without_javascript_a_999_sign_goes_straight_to_the_999_result(new_context, base_url):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(base_url + "/triage/")
    page.locator("label.choice").filter(has_text="Both legs feel weak").tap()
    page.get_by_role("button", name=CONTINUE, exact=True).tap()
    expect(screen(page, tier="emergency")).to_be_visible()
    expect(page.locator("main a[href='tel:999']").first).to_be_in_viewport()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_links_from_a_result_open_beside_it_and_the_how_to_is_on_it(javascript, new_context, base_url):
    context = new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()
    answer(start_from_home(page, base_url), journey("self-care"))
    result = screen(page, tier="self-care")

    # Every link to another page of the guide opens in a new tab, and says so.
    links = page.locator("main a[href^='/']").all()
    assert links
    for link in links:
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_contain_text("(opens in a new tab)")

    # The how-to is on the result: unfold it, read the steps, and nothing leaves the page.
    first = page.locator(".plan-now .plan-item").first
    first.locator(".plan-how > summary").tap()
    expect(first.locator(".plan-how")).to_have_attribute("open", "")
    expect(first.locator(".plan-how li").first).to_be_visible()

    # Read more opens beside the result; the result is still there, answers and all.
    read_more = first.get_by_role("link", name=re.compile("^Read more"))
    with context.expect_page() as opened:
        read_more.tap()
    article = opened.value
    article.wait_for_load_state()
    expect(article.locator("h1")).to_be_visible()
    article.close()
    expect(result).to_be_visible()
    expect(page.locator("#because-heading")).to_be_visible()
