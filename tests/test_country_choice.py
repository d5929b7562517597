"""A link cannot change someone's emergency number (security review 2026-12-06, finding 5).

Choosing a country was a GET: `https://site/emergency-numbers/?country=au` from any page set the
country cookie for a year, and every page then said "Call 000". Choosing is now a POST with a CSRF
token; a link may only suggest a country, which the person confirms with the button. And every
number on the site says whose it is, with a way to change it.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from guide import countries
from tests.html_forms import form_data
from tests.wizard_support import ORDINARY, run

pytestmark = pytest.mark.django_db

NUMBERS_URL = "/emergency-numbers/"
NUMBERS_FOR = re.compile(r'<p class="numbers-for">Numbers for: ([^<]+) <a href="/emergency-numbers/"[^>]*>\(change')


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """The real guide, loaded once for the module."""


def test_a_link_from_another_site_asks_and_changes_nothing():
    client = Client(enforce_csrf_checks=True)
    response = client.get(
        NUMBERS_URL + "?country=au", headers={"Referer": "https://evil.example/", "Sec-Fetch-Site": "cross-site"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert countries.cookie_name() not in response.cookies
    assert "Do you want this guide to show the numbers for Australia?" in html
    assert '<option value="au" selected>' in html  # one press to confirm, if it is what the person wants
    assert "no-store" in response["Cache-Control"]
    home = client.get("/").content.decode()
    assert 'href="tel:999"' in home and 'href="tel:000"' not in home


def test_a_post_from_another_site_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(NUMBERS_URL, {"country": "au"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert countries.cookie_name() not in response.cookies
    assert 'href="tel:000"' not in client.get("/").content.decode()


def test_a_get_never_sets_the_cookie_whatever_it_names():
    for query in ["?country=au", "?country=zz", "?country=", "?country=au&country=us", "?COUNTRY=au"]:
        response = Client().get(NUMBERS_URL + query)
        assert response.status_code == 200, query
        assert countries.cookie_name() not in response.cookies, query


def test_the_person_confirms_with_the_button_and_then_every_page_is_theirs():
    client = Client(enforce_csrf_checks=True)
    page = client.get(NUMBERS_URL + "?country=au")
    response = client.post(NUMBERS_URL, form_data(page.content.decode()))  # the form as the link filled it
    assert response.status_code == 200
    assert response.cookies[countries.cookie_name()].value == "au"
    assert "This guide now shows the numbers for Australia." in response.content.decode()
    assert 'href="tel:000"' in client.get("/").content.decode()


def test_suggesting_the_country_already_shown_just_shows_the_page():
    html = Client().get(NUMBERS_URL + "?country=gb").content.decode()
    assert "Do you want" not in html and "This guide shows the numbers for the UK." in html


# "Numbers for: COUNTRY (change)" beside the numbers


def in_country(code: str) -> Client:
    client = Client()
    client.cookies[countries.cookie_name()] = code
    return client


@pytest.mark.parametrize(
    ("url", "least"),
    [("/", 3), ("/warning-signs/", 3), ("/warning-signs/card/", 2), ("/about-back-spasms/", 1), ("/no-such-page/", 1)],
)
def test_every_page_with_numbers_says_whose_they_are(url, least):
    html = in_country("au").get(url).content.decode()
    found = NUMBERS_FOR.findall(html)
    assert len(found) >= least and set(found) == {"Australia"}, (url, found)


def test_every_result_says_whose_numbers_it_gives():
    client = in_country("ie")
    emergency = run(client, {"emergency-signs": ["chest-pain"]})[-1].html
    assert NUMBERS_FOR.findall(emergency) and set(NUMBERS_FOR.findall(emergency)) == {"Ireland"}
    call = emergency.index('class="call-button" href="tel:112"')
    assert 0 < emergency.index('class="numbers-for"', call) - call < 200  # right beside the call button
    for answers in [ORDINARY | {"risk-factors": ["cancer"]}, ORDINARY]:
        html = run(client, answers)[-1].html
        assert set(NUMBERS_FOR.findall(html)) == {"Ireland"}, answers
    # From the wizard the link opens a new tab, so choosing a country never loses the result.
    assert '<a href="/emergency-numbers/" target="_blank" rel="noopener">(change' in html
    assert '<a href="/emergency-numbers/">(change' in client.get("/").content.decode()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.paths: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith(("/static/", "/admin/")):
            self.paths.append(href.split("#")[0])


def test_every_number_on_every_page_says_whose_it_is():
    """A crawl of the whole public site as a person in Australia: wherever a call link is, the page
    says the numbers are Australia's (and no other country's), a call button has the line right
    beside it, and a printed card carries the line inside it."""
    client, seen, queue, calls = in_country("au"), set(), ["/"], 0
    while queue and len(seen) < 300:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        links = _Links()
        links.feed(html)
        queue.extend(links.paths)
        if 'href="tel:' not in html:
            continue
        calls += 1
        assert set(NUMBERS_FOR.findall(html)) == {"Australia"}, path
        for button in re.finditer(r'<a class="call-button" href="tel:[^"]+">', html):
            assert 0 < html.find('class="numbers-for"', button.end()) - button.end() < 200, path
    assert calls >= 20, calls  # the crawl reached the pages that give numbers
    card = in_country("au").get("/flare-up-plan/").content.decode()
    article = card[card.index('<article class="flare-up-plan') : card.index("</article>")]
    assert NUMBERS_FOR.findall(article) == ["Australia"]
