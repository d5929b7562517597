"""Every kind of page a person can reach, and how to reach it in a browser.

Each check (loads cleanly, fits a phone, axe, valid HTML) runs over FAMILIES, so a new kind of
page gets every check by being added here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, Response, expect

from tests.browser.wizard import CONTINUE, JOURNEYS, Journey, send, walk

Reach = Callable[[Page, str], Response]


@dataclass(frozen=True)
class PageFamily:
    name: str
    reach: Reach
    status: int = 200

    def open(self, page: Page, base_url: str) -> Response:
        """Go to this page and return the response that delivered its document."""
        response = self.reach(page, base_url)
        assert response is not None, self.name
        assert response.status == self.status, f"{self.name}: {response.url} answered {response.status}"
        return response


def visit(path: str) -> Reach:
    def reach(page: Page, base_url: str) -> Response:
        return page.goto(base_url + path)

    return reach


def first_link(list_path: str, selector: str) -> Reach:
    """The first item of a list page, found as a person would: by following its link."""

    def reach(page: Page, base_url: str) -> Response:
        page.goto(base_url + list_path)
        href = page.locator(selector).first.get_attribute("href")
        return page.goto(base_url + href)

    return reach


def wizard_at(journey: Journey, upto: int | None = None) -> Reach:
    """A wizard step, or with `upto` None the outcome, reached by answering as `journey` does."""

    def reach(page: Page, base_url: str) -> Response:
        return walk(page, journey, base_url, upto=upto)

    return reach


def wizard_unanswered(page: Page, base_url: str) -> Response:
    """The first step sent with no answer: it asks again, saying what is missing."""
    page.goto(base_url + "/triage/")
    response = send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)
    expect(page.locator(".message--error")).to_be_visible()
    return response


def medicine_check_result(ticks: int) -> Reach:
    """The NSAIDs safety check's result, after ticking its first `ticks` lines and pressing Check."""

    def reach(page: Page, base_url: str) -> Response:
        page.goto(base_url + "/treatments/nsaids/")
        page.locator("[data-medicine-check] a").first.click()
        boxes = page.locator("form.check-form input[type=checkbox]")
        for position in range(ticks):
            boxes.nth(position).check()
        with page.expect_response(lambda r: r.url.endswith("/check/") and r.request.method == "POST") as sent:
            page.get_by_role("button", name="Check", exact=True).click()
        expect(page.locator("[data-check-result]")).to_be_visible()
        return sent.value

    return reach


BY_TIER = {journey.tier: journey for journey in JOURNEYS}

FAMILIES = [
    PageFamily("home", visit("/")),
    PageFamily("treatment-list", visit("/treatments/")),
    PageFamily("treatment-list-filtered", visit("/treatments/?q=heat&phase=first-hours&kind=")),
    PageFamily("treatment-list-bad-input", visit("/treatments/?phase=tomorrow"), status=400),
    PageFamily("treatment", first_link("/treatments/", "#results .item h3 a")),
    PageFamily("stretch-list", visit("/stretches/")),
    PageFamily("stretch", first_link("/stretches/", ".item-list .item a")),
    PageFamily("warning-signs", visit("/warning-signs/")),
    PageFamily("about", visit("/about-back-spasms/")),
    PageFamily("sources", visit("/sources/")),
    PageFamily("article-sciatica", first_link("/", 'a[href="/articles/sciatica/"]')),
    PageFamily("article-daily-life", first_link("/", 'a[href="/articles/daily-life/"]')),
    PageFamily("medicine-check", first_link("/treatments/nsaids/", "[data-medicine-check] a")),
    PageFamily("medicine-check-ask-first", medicine_check_result(ticks=2)),
    PageFamily("medicine-check-none-ticked", medicine_check_result(ticks=0)),
    PageFamily("not-found", visit("/no-such-page/"), status=404),
    PageFamily("triage-step-1", visit("/triage/")),
    PageFamily("triage-step-2", wizard_at(BY_TIER["urgent"], upto=1)),
    PageFamily("triage-step-3", wizard_at(BY_TIER["gp"], upto=2)),
    PageFamily("triage-unanswered", wizard_unanswered, status=400),
    *(PageFamily(f"outcome-{journey.tier}", wizard_at(journey)) for journey in JOURNEYS),
]
OUTCOMES = [family for family in FAMILIES if family.name.startswith("outcome-")]

# The pages a person in pain lands on first: Lighthouse and the page-weight budget check these.
FIRST_PAGES = [family for family in FAMILIES if family.name in {"home", "treatment", "triage-step-1"}]
