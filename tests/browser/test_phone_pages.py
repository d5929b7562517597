"""The pages a person in pain opens first, on a phone (375 x 812, touch): what to do is on the first screen.

Home: a slim header whose menu opens without JavaScript, the 999 call and "What to do now" on the
first screen, then the checker and care cards for 111 and a GP. Warning signs: three care cards with
bullets only, one shared line each, tap-to-call links (the first on the first screen) and jump links,
in at most four screens.
Treatment pages: how to do it on the first screen, and the sites that disagree folded away.
"""

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.phone import PHONE, SCREEN

pytestmark = pytest.mark.browser

HEADER_SHARE = 0.1  # of the first screen
WARNING_SIGNS_SCREENS = 4


def bottom(target: Locator) -> float:
    """How far down the page `target` ends, in px."""
    box = target.bounding_box()
    return box["y"] + box["height"] + target.page.evaluate("() => window.scrollY")


def on_first_screen(target: Locator) -> bool:
    return bottom(target) <= SCREEN


@pytest.fixture
def phone_page(new_context) -> Page:
    return new_context(**PHONE).new_page()


def test_home_puts_the_999_call_and_what_to_do_now_on_the_first_screen(phone_page: Page, base_url):
    page = phone_page
    page.goto(base_url + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= HEADER_SHARE * SCREEN
    call = page.locator("[data-care-card=emergency] a.call-button[href='tel:999']")
    assert on_first_screen(call)
    do_now = page.get_by_role("heading", name="What to do now")
    first_action = page.locator(".do-now li").first
    assert on_first_screen(do_now) and on_first_screen(first_action)
    expect(first_action).to_contain_text("Keep moving")  # what works comes first

    # Then the checker, and care cards for 111 and a GP, in that order.
    order = page.evaluate(
        """() => [...document.querySelectorAll('main [data-care-card], #right-now-heading, main a[href="/triage/"]')]
              .map((element) => element.dataset.careCard || (element.matches('h2') ? 'do-now' : 'checker'))"""
    )
    assert order == ["emergency", "do-now", "checker", "urgent", "gp"]
    urgent = page.locator("[data-care-card=urgent]")
    expect(urgent.locator("a[href='tel:111']")).to_have_count(1)
    expect(urgent.get_by_role("link", name="Get help online from 111")).to_have_attribute("href", "https://111.nhs.uk/")
    expect(page.locator("[data-care-card=gp]").get_by_role("link", name="Find your GP surgery")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_menu_button_opens_the_links_with_or_without_javascript(javascript, new_context, base_url):
    page = new_context(**PHONE, java_script_enabled=javascript).new_page()
    page.goto(base_url + "/")
    treatments = page.locator(".site-header").get_by_role("link", name="Treatments")
    expect(treatments).to_be_hidden()
    page.locator(".site-header").get_by_text("Menu").tap()
    expect(treatments).to_be_visible()
    treatments.tap()
    expect(page).to_have_url(base_url + "/treatments/")


def test_on_a_wide_screen_the_links_show_without_a_menu(new_context, base_url):
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(base_url + "/")
    expect(page.locator(".site-header").get_by_role("link", name="Treatments")).to_be_visible()
    expect(page.locator(".site-header").get_by_text("Menu")).to_be_hidden()


def test_warning_signs_scan_as_three_care_cards_in_four_screens(phone_page: Page, base_url):
    page = phone_page
    page.goto(base_url + "/warning-signs/")
    # The three cards end within four screens (the page's own feedback and footer come after them).
    cards = page.locator("[data-care-card]")
    height = round(bottom(cards.last) + page.evaluate("() => window.scrollY"))
    assert height <= WARNING_SIGNS_SCREENS * SCREEN, f"{height} px is {height / SCREEN:.1f} screens"
    expect(cards).to_have_count(3)
    assert [card.get_attribute("data-care-card") for card in cards.all()] == ["emergency", "urgent", "gp"]
    expect(page.locator("[data-care-card=emergency] a.call-button[href='tel:999']")).to_have_count(1)
    # A tap calls 999 from the first screen: the number in the emergency card's heading is a call link.
    first_call = page.locator("main a[href^='tel:']").first
    expect(first_call).to_have_attribute("href", "tel:999")
    assert on_first_screen(first_call), f"the first tap-to-call ends at {bottom(first_call):.0f} px"
    expect(page.locator("[data-care-card=urgent] a[href='tel:111']")).to_have_count(1)
    expect(page.locator("[data-care-card=gp]").get_by_role("link", name="Find your GP surgery")).to_have_count(1)
    for card in cards.all():
        # Bullets only, and one line of advice the whole card shares; each sign's own advice is folded.
        expect(card.locator(".signs li > *")).to_have_count(0)
        expect(card.locator(".care-card-lead")).to_have_count(1)
        expect(card.locator(".sign-details dd").first).to_be_hidden()

    # A jump link brings its card's heading into view.
    for name, tier in [("See a GP soon", "gp"), ("Get help today", "urgent")]:
        page.locator(".jump-links").get_by_role("link", name=name).tap()
        expect(page).to_have_url(base_url + f"/warning-signs/#{tier}-signs")
        expect(page.locator(f"[data-care-card={tier}] h2")).to_be_in_viewport()


def test_treatment_pages_say_what_to_do_on_the_first_screen(phone_page: Page, base_url):
    """How to do it leads, unless guidance advises against the treatment: then the evidence does."""
    page = phone_page
    page.goto(base_url + "/treatments/")
    addresses = [link.get_attribute("href") for link in page.locator("#results .item h3 a").all()]
    late = []
    for address in addresses:
        page.goto(base_url + address)
        advised_against = page.locator(".grade--not-recommended").count() > 0
        lead = page.locator("#evidence-heading" if advised_against else "#how-to-heading")
        if not on_first_screen(lead):
            late.append(f"{address}: {bottom(lead):.0f} px")
        disagree = page.locator(".sources-say .disagree")
        if disagree.count():
            expect(disagree.locator("summary")).to_contain_text("Where other sites disagree")
            expect(disagree.locator(".citation").first).to_be_hidden()
        expect(page.locator(".sources-say > .citations .citation--disagrees")).to_have_count(0)
    assert len(addresses) > 20 and late == []
