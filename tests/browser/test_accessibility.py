"""axe-core finds no WCAG 2.2 AA or best-practice violation on any page family, on a phone and a laptop."""

import pytest

from tests.browser.axe import axe_violations
from tests.browser.conftest import REPORT
from tests.browser.families import FAMILIES, PageFamily

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
violation_counts: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    REPORT.append(f"axe: {sum(violation_counts.values())} violations in {len(violation_counts)} page views")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_no_axe_violations(family: PageFamily, width: int, new_context, base_url):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    family.open(page, base_url)
    violations = axe_violations(page)
    violation_counts[f"{family.name}@{width}"] = len(violations)
    assert violations == []
