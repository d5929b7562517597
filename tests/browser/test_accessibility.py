"""axe-core finds no WCAG 2.2 AA or best-practice violation on any page family.

Each page is checked as it first shows on a 375 px phone (after the htmx swaps that led to it), again
in the dark palette (`prefers-color-scheme: dark`), at 1280 px, and the pages people print (outcomes,
the summary, the card) once more as printed.
"""

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import REPORT
from tests.browser.families import FAMILIES, PRINTED, PageFamily

pytestmark = pytest.mark.browser

violation_counts: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    REPORT.append(f"axe: {sum(violation_counts.values())} violations in {len(violation_counts)} page views")


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_no_axe_violations(family: PageFamily, new_context, base_url):
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    family.open(page, base_url)
    views = {}
    views["375 px"] = axe_violations(page)
    page.emulate_media(color_scheme="dark")
    views["375 px, dark"] = axe_violations(page)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 900})
    views["1280 px"] = axe_violations(page)
    if family in PRINTED:
        page.emulate_media(media="print")
        views["print"] = axe_violations(page)
    for view, violations in views.items():
        violation_counts[f"{family.name} at {view}"] = len(violations)
    assert {view: violations for view, violations in views.items() if violations} == {}
