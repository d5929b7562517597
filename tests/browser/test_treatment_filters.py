"""The treatment filters update the list in place with htmx, and match a plain GET without JavaScript."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

RESULT_NAMES = "#results .item h3"


def names(page: Page) -> list[str]:
    return page.locator(RESULT_NAMES).all_inner_texts()


def search_first_word(page: Page, all_names: list[str]) -> None:
    page.fill("#id_q", all_names[0].split()[0])


def last_phase(page: Page, all_names: list[str]) -> None:
    page.select_option("#id_phase", index=len(page.locator("#id_phase option").all()) - 1)


def last_kind(page: Page, all_names: list[str]) -> None:
    page.select_option("#id_kind", index=len(page.locator("#id_kind option").all()) - 1)


def nothing_matches(page: Page, all_names: list[str]) -> None:
    page.fill("#id_q", "qqqzzzqqq")


FILTERS: list[Callable[[Page, list[str]], None]] = [search_first_word, last_phase, last_kind, nothing_matches]


@pytest.mark.parametrize("apply_filter", FILTERS, ids=lambda apply_filter: apply_filter.__name__)
def test_filter_updates_in_place_and_matches_the_page_without_javascript(apply_filter, new_context, base_url):
    page = new_context().new_page()
    page.goto(base_url + "/treatments/")
    page.wait_for_load_state("networkidle")
    all_names = names(page)
    assert all_names, "the guide has published treatments"
    page.evaluate("() => { window.stillTheSamePage = true; }")
    navigations = []
    page.on("request", lambda request: request.is_navigation_request() and navigations.append(request.url))

    apply_filter(page, all_names)
    page.wait_for_url(lambda url: "/treatments/?" in url)
    page.wait_for_load_state("networkidle")

    filtered = names(page)
    assert navigations == [], "the list was replaced in place, not by loading a new page"
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert filtered != all_names, "the filter changed the results"
    assert set(filtered) <= set(all_names)
    assert page.locator("#results .count").inner_text().startswith(f"{len(filtered)} treatment")

    # Without JavaScript: the pushed URL, and the same form submitted by hand, give the same list.
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.goto(page.url)
    assert names(no_js) == filtered
    no_js.goto(base_url + "/treatments/")
    apply_filter(no_js, all_names)
    with no_js.expect_navigation():
        no_js.get_by_role("button", name="Show treatments").click()
    assert names(no_js) == filtered
    assert no_js.url == page.url
