"""The crawl the page families come from: every page route is reachable from the home page, and no link is broken."""

import pytest

from tests.browser.conftest import REPORT
from tests.browser.families import NOT_PAGES, PAGE_ROUTES, site_map

pytestmark = pytest.mark.browser


def test_every_page_route_is_reachable_from_the_home_page_and_no_link_is_broken(base_url):
    found = site_map(base_url)
    REPORT.append(f"crawl: {found.pages} pages read from the home page, {len(found.first_page)} page families")
    assert found.broken == []
    # A route no link leads to gets no check; a page outside guide/urls.py would not be crawled.
    # Links to files that are not pages (the What's changed feed) are followed, not checked as pages.
    assert sorted(set(found.first_page) - NOT_PAGES) == sorted(PAGE_ROUTES)
