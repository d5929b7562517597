"""Every kind of page a person can reach, and how to reach it in a browser.

Each check (loads cleanly, fits a phone, axe, valid HTML) runs over FAMILIES. A family is either
a page route of guide/urls.py, reached by crawling the site's links from the home page (so a new
page is checked without anyone listing it), or a state no link leads to (a filtered list, bad
input, a wizard step or outcome), listed below.
"""

import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import Page, Response, expect

from guide import urls as guide_urls
from tests.browser.wizard import CONTINUE, JOURNEYS, PAIN, SUMMARY_BUTTON, SUMMARY_PATH, Journey, Screen, send, walk

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


# Routes that are not pages a link can open: drawings (images), the wizard's POST-only addresses
# (the summary is a family below, reached from a result; the check-in calendar is a download), and the
# walking plan's calendar (a download; its bad-date page is a family below).
NOT_PAGES = {
    "guide:stretch_illustration",
    "guide:movement_step_drawing",
    "guide:triage_answer",
    "guide:triage_summary",
    "guide:triage_check_ins",
    "guide:walking_calendar",
    # Search engines' files (not HTML pages), and the feedback form's POST-only address (its answer is a family).
    "guide:sitemap",
    "guide:robots",
    "guide:feedback",
    # The Atom feed of approved changes (a feed reader's file, not an HTML page).
    "guide:whats_changed_feed",
}
PAGE_ROUTES = [f"guide:{route.name}" for route in guide_urls.urlpatterns if f"guide:{route.name}" not in NOT_PAGES]
CRAWL_LIMIT = 500  # pages: far more than the guide has, so a link loop cannot run forever


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def route_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


@dataclass(frozen=True)
class SiteMap:
    first_page: dict[str, str]  # route -> the first path of it the crawl found
    broken: list[str]  # links that answered 4xx/5xx, or failed
    pages: int  # how many pages the crawl read


@cache
def site_map(base_url: str) -> SiteMap:
    """Follow every link on the site from the home page (breadth first, as found on each page)."""
    first_page: dict[str, str] = {}
    broken: list[str] = []
    queue, seen, pages = ["/"], {"/"}, 0
    while queue and pages < CRAWL_LIMIT:
        path = queue.pop(0)
        pages += 1
        try:
            with urllib.request.urlopen(base_url + path, timeout=10) as response:
                html = response.read().decode()
        except OSError as error:
            broken.append(f"{path}: {error}")
            continue
        first_page.setdefault(route_of(urlsplit(path).path) or path, path)
        links = _Links()
        links.feed(html)
        for href in links.hrefs:
            href = urldefrag(href).url
            if not href.startswith("/") or href.startswith("//") or href in seen:
                continue
            if not (route_of(urlsplit(href).path) or "").startswith("guide:"):
                continue  # the admin, static files: not the guide's pages
            seen.add(href)
            queue.append(href)
    return SiteMap(first_page, broken, pages)


def crawled(route: str) -> Reach:
    """The first page of a route found by crawling from the home page, as a person would by following links."""

    def reach(page: Page, base_url: str) -> Response:
        found = site_map(base_url).first_page
        assert route in found, f"no link from the home page leads to a {route} page"
        return page.goto(base_url + found[route])

    return reach


def family_name(route: str) -> str:
    return route.removeprefix("guide:").replace("_", "-")


def wizard_at(journey: Journey, upto: int | None = None) -> Reach:
    """A wizard step, or with `upto` None the outcome, reached by answering as `journey` does."""

    def reach(page: Page, base_url: str) -> Response:
        return walk(page, journey, base_url, upto=upto)

    return reach


def summary_of(journey: Journey) -> Reach:
    """The appointment summary, made from a result's button, as a person would."""

    def reach(page: Page, base_url: str) -> Response:
        walk(page, journey, base_url)
        page.locator(".take-away > summary").click()
        button = page.get_by_role("button", name=SUMMARY_BUTTON)
        with page.expect_response(lambda r: r.url.endswith(SUMMARY_PATH) and r.request.method == "POST") as sent:
            button.click()
        expect(page.locator("article.summary")).to_be_visible()
        return sent.value

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


def country_chosen(value: str) -> Reach:
    """The emergency numbers page after choosing `value` with its form (a POST); a value the list
    does not offer is added to it first, as a forged form would send it."""

    def reach(page: Page, base_url: str) -> Response:
        page.goto(base_url + "/emergency-numbers/")
        select = page.get_by_label("Your country")
        select.evaluate(
            "(select, value) => { if (![...select.options].some((o) => o.value === value)) "
            "select.add(new Option(value, value)); select.value = value; }",
            value,
        )
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.get_by_role("button", name="Use this country").click()
        return sent.value

    return reach


def feedback_answer(button: str) -> Reach:
    """The answer to "Was this page helpful?" on a treatment page, after pressing Yes or No."""

    def reach(page: Page, base_url: str) -> Response:
        page.goto(base_url + "/treatments/ice-pack/")
        with page.expect_response(lambda r: r.url.endswith("/feedback/") and r.request.method == "POST") as sent:
            page.locator("#page-feedback").get_by_role("button", name=button, exact=True).click()
        expect(page.locator("#page-feedback")).to_contain_text("Thank you")
        return sent.value

    return reach


BY_TIER = {journey.tier: journey for journey in JOURNEYS}

# Triage v3's results that say what to do by the reason: a 999 that needs an ambulance (with what to
# do while waiting for it), and a same-day result for a possible broken bone (no heat, pressing or walking).
AMBULANCE = Journey("emergency", (Screen({"emergency-signs": ("You also have bad pain in your tummy",)}),))
POSSIBLE_FRACTURE = Journey(
    "urgent", (Screen(), Screen({"age": "70 or older", "onset": "1 to 3 days ago"}), PAIN, Screen())
)

FAMILIES = [
    *(PageFamily(family_name(route), crawled(route)) for route in PAGE_ROUTES),
    PageFamily("treatments-filtered", visit("/treatments/?q=heat&phase=first-hours&kind=")),
    PageFamily("treatments-bad-input", visit("/treatments/?phase=tomorrow"), status=400),
    PageFamily("medicine-check-ask-first", medicine_check_result(ticks=2)),
    PageFamily("medicine-check-none-ticked", medicine_check_result(ticks=0)),
    PageFamily("not-found", visit("/no-such-page/"), status=404),
    PageFamily("triage-step-2", wizard_at(BY_TIER["urgent"], upto=1)),
    PageFamily("triage-step-3", wizard_at(BY_TIER["gp"], upto=2)),
    PageFamily("triage-step-4", wizard_at(BY_TIER["gp"], upto=3)),
    PageFamily("triage-unanswered", wizard_unanswered, status=400),
    *(PageFamily(f"outcome-{journey.tier}", wizard_at(journey)) for journey in JOURNEYS),
    PageFamily("result-ambulance", wizard_at(AMBULANCE)),
    PageFamily("result-possible-fracture", wizard_at(POSSIBLE_FRACTURE)),
    PageFamily("summary", summary_of(BY_TIER["gp"])),
    PageFamily("numbers-suggested", visit("/emergency-numbers/?country=ie")),
    PageFamily("numbers-chosen", country_chosen("ie")),
    PageFamily("numbers-bad-input", country_chosen("atlantis"), status=400),
    PageFamily("search-results", visit("/search/?q=hot+water+bottle")),
    PageFamily("search-emergency", visit("/search/?q=numb+bum")),
    PageFamily("search-no-results", visit("/search/?q=xylophone")),
    PageFamily("search-bad-input", visit("/search/?q=%21%21%21"), status=400),
    PageFamily("feedback-no", feedback_answer("No")),
    PageFamily("walking-calendar-bad-input", visit("/walking-plan/walk-back/calendar/?start=someday"), status=400),
]
OUTCOMES = [family for family in FAMILIES if family.name.startswith("outcome-")]
# Pages people print: checked by axe as printed, too.
PRINTED = [
    *OUTCOMES,
    *(family for family in FAMILIES if family.name in {"summary", "warning-card", "flare-up-plan"}),
]

# The pages a person in pain lands on first: Lighthouse and the page-weight budget check these.
FIRST_PAGES = [family for family in FAMILIES if family.name in {"home", "treatment", "triage"}]
