"""For the person, in Chromium: the summary and the card as printed, the country chosen without
JavaScript, the inline "call now" warning with it, and the check-in calendar downloaded.
"""

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.axe import axe_violations
from tests.browser.conftest import REPORT, Watch
from tests.browser.families import BY_TIER, FAMILIES
from tests.browser.wizard import ANSWERS_PATH, CONTINUE, JOURNEYS, option, screen, send, start, walk

pytestmark = pytest.mark.browser

FAMILY = {family.name: family for family in FAMILIES}
A4, A6 = (595.3, 841.9), (297.6, 419.5)  # points
WARNING = "#follow-ups-emergency-signs .call-now"


def printed_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, from the PDF Chromium printed."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


def close_to(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1 for a, b in zip(size, paper, strict=True))


def black_on_white(page: Page, selector: str) -> set[str]:
    return set(page.evaluate(f"() => [...document.querySelectorAll('{selector}')].map(e => getComputedStyle(e).color)"))


def test_the_summary_prints_on_one_a4_page_in_black_with_nothing_else(new_context, base_url):
    page = new_context(viewport={"width": 794, "height": 1123}).new_page()
    FAMILY["summary"].open(page, base_url)
    page.emulate_media(media="print")
    assert axe_violations(page) == []
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Back to your result")).to_be_hidden()
    assert black_on_white(page, ".summary, .summary h1, .summary h2, .summary p, .summary dt, .summary dd") == {
        "rgb(0, 0, 0)"
    }
    pages = printed_pages(page.pdf(format="A4", print_background=True))
    REPORT.append(f"printed summary: {len(pages)} A4 page(s)")
    assert len(pages) == 1 and close_to(pages[0], A4)


def test_the_card_prints_on_one_card_sized_page(new_context, base_url):
    page = new_context(viewport={"width": 397, "height": 559}).new_page()
    FAMILY["warning-card"].open(page, base_url)
    page.emulate_media(media="print")
    assert axe_violations(page) == []
    expect(page.get_by_role("button", name="Print this card")).to_be_hidden()
    assert black_on_white(page, ".warning-card, .warning-card h1, .warning-card h2, .warning-card li") == {
        "rgb(0, 0, 0)"
    }
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    REPORT.append(f"printed card: {len(pages)} A6 page(s)")
    assert len(pages) == 1 and close_to(pages[0], A6)


def test_the_flare_up_plan_prints_on_one_a4_page_with_lines_to_write_on(new_context, base_url):
    page = new_context(viewport={"width": 794, "height": 1123}).new_page()
    FAMILY["flare-up-plan"].open(page, base_url)
    page.emulate_media(media="print")
    assert axe_violations(page) == []
    expect(page.get_by_role("button", name="Print this plan")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".flare-up-plan .no-print").first).to_be_hidden()  # the "How to" links
    assert black_on_white(page, ".flare-up-plan, .flare-up-plan h1, .flare-up-plan h2, .flare-up-plan li") == {
        "rgb(0, 0, 0)"
    }
    # Ruled lines to write on, at least 7 mm apart: room for handwriting.
    lines = page.locator(".blank-lines span")
    assert lines.count() >= 8
    assert min(box["height"] for box in (line.bounding_box() for line in lines.all())) >= 26  # px at 96 dpi
    pages = printed_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    REPORT.append(f"printed flare-up plan: {len(pages)} A4 page(s)")
    assert len(pages) == 1 and close_to(pages[0], A4)


def test_the_print_buttons_print_with_javascript_and_are_hidden_without(new_context, base_url):
    page = new_context().new_page()
    page.goto(base_url + "/warning-signs/card/")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="Print this card").click()
    assert page.evaluate("() => window.printed") is True
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.goto(base_url + "/warning-signs/card/")
    expect(no_js.get_by_role("button", name="Print this card")).to_be_hidden()
    expect(no_js.get_by_text("use your browser's Print")).to_be_visible()


def test_choosing_a_country_without_javascript_changes_every_number(new_context, base_url):
    page = new_context(java_script_enabled=False, viewport={"width": 375, "height": 740}).new_page()
    watched = Watch(page)
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.locator(".numbers-for a").first.click()  # "Numbers for: United Kingdom (change country)"
    expect(page.get_by_text("This guide shows the numbers for the UK.")).to_be_visible()
    page.get_by_label("Your country").select_option(label="Ireland")
    with page.expect_navigation():
        page.get_by_role("button", name="Use this country").click()
    assert page.url == base_url + "/emergency-numbers/"  # a POST: the choice is in no address
    expect(page.get_by_role("status")).to_have_text("This guide now shows the numbers for Ireland.")
    kept = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert kept.pop("__Host-country") == "ie", "only the country's code, in its own cookie"
    assert set(kept) == {"__Host-csrftoken"}, "and the form's CSRF token: nothing else"

    page.goto(base_url + "/")
    expect(page.locator("#emergency-signs-heading")).to_have_text("Call 112 now if:")
    expect(page.get_by_text("Numbers for: Ireland").first).to_be_visible()
    walk(page, BY_TIER["emergency"], base_url)
    expect(page.locator("a.call-button")).to_have_attribute("href", "tel:112")
    assert "111" not in page.locator("main").inner_text()
    assert watched.problems() == []


def test_a_tick_on_the_emergency_step_says_call_now_beside_it_at_once(new_context, base_url):
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    watched = Watch(page)
    start(page, base_url)
    signs = page.locator("fieldset.question").first
    with page.expect_response(lambda r: r.url.endswith(ANSWERS_PATH)):
        option(signs, "Both legs feel weak").click()
    warning = page.locator(WARNING)
    expect(warning).to_contain_text("This means you should call 999 now.")
    expect(warning.locator("a.call-button")).to_have_attribute("href", "tel:999")
    expect(signs.locator("input[value=both-legs-weak]")).to_be_checked()
    expect(signs.locator("input[value=both-legs-weak]")).to_be_focused()  # the swap leaves the person where they were
    assert axe_violations(page) == []
    assert page.url == base_url + "/triage/"

    # "None of these" clears the tick, and the warning with it.
    with page.expect_response(lambda r: r.url.endswith(ANSWERS_PATH)):
        option(signs, "None of these").click()
    expect(warning).to_have_count(0)
    expect(signs.locator("input:checked")).to_have_count(1)

    with page.expect_response(lambda r: r.url.endswith(ANSWERS_PATH)):
        option(signs, "You have pain, pressure or tightness in your chest").click()
    expect(warning).to_be_visible()
    send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)
    expect(screen(page, tier="emergency")).to_be_visible()
    assert watched.problems() == []


def test_the_check_ins_download_as_a_calendar_and_the_result_stays(new_context, base_url):
    page = new_context(accept_downloads=True).new_page()
    walk(page, JOURNEYS[-1], base_url)
    page.locator(".take-away > summary").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Add check-ins to your calendar").click()
    assert download.value.suggested_filename == "back-pain-check-ins.ics"
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Back pain check-in: 3 days",
        "Back pain check-in: 3 weeks",
        "Back pain check-in: 6 weeks",
    ]
    expect(screen(page, tier="self-care")).to_be_visible()
