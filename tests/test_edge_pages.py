"""Pages made without the database give every country's emergency number, the person's own first,
each a call link (security review 2026-12-06 finding 15, clinical review N15).

nginx's own pages (deploy/errors/) are the site's templates rendered per country; the app's 500
and 503 pages read the countries as this process last saw them, or as shipped.
"""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, RequestFactory

from guide import countries
from guide.errors import server_error
from guide.management.commands.render_edge_pages import DEFAULT_FOLDER, edge_pages
from guide.models import Country

SHIPPED = {"gb": "999", "ie": "112", "eu": "112", "us": "911", "ca": "911", "au": "000", "nz": "111", "in": "112"}
NUMBER_PAGES = ["unavailable", "too-many"]


def call_links(html: str) -> list[str]:
    return re.findall(r'href="tel:([^"]*)"', html)


def call_button(html: str) -> str:
    return re.search(r'class="call-button" href="tel:([^"]*)"', html).group(1)


def test_the_committed_edge_pages_are_current():
    pages = edge_pages(list(countries.shipped()))
    assert {path.name for path in DEFAULT_FOLDER.glob("*.html")} == set(pages)
    for name, html in pages.items():
        committed = Path(DEFAULT_FOLDER, name).read_text()
        assert committed == html, f"deploy/errors/{name} is stale: run python manage.py render_edge_pages --shipped"


def test_the_shipped_countries_are_every_country_with_its_number():
    assert {country.code: country.emergency_number for country in countries.shipped()} == SHIPPED


@pytest.mark.parametrize("page", NUMBER_PAGES)
def test_each_numbers_page_gives_its_countrys_call_button_first_and_every_other_number(page):
    pages = edge_pages(list(countries.shipped()))
    for code, number in SHIPPED.items():
        html = pages[f"{page}-{code}.html"]
        assert call_button(html) == number
        links = call_links(html)
        assert links[0] == number and set(SHIPPED.values()) <= set(links), code
        assert "" not in links  # never an empty tel:
    default = pages[f"{page}.html"]
    assert call_button(default) == "999"  # the deployment's country (BACKCARE_COUNTRY), for no country
    assert set(SHIPPED.values()) <= set(call_links(default))
    for country in countries.shipped():
        assert f"{country.name}: <a" in default or f"in {country.short_name}, call" in default


def test_a_country_without_an_urgent_line_gets_what_to_do_not_an_empty_call():
    html = edge_pages(list(countries.shipped()))["unavailable-ie.html"]
    assert "For urgent advice, call your GP out-of-hours service." in html
    assert "" not in call_links(html)


def test_edge_pages_need_nothing_but_themselves():
    for name, html in edge_pages(list(countries.shipped())).items():
        for needs_the_app in ("<link", "<script", "/static/", "style="):
            assert needs_the_app not in html, name


@pytest.mark.django_db
def test_the_command_writes_the_databases_numbers_and_drops_a_country_no_longer_published(tmp_path, loaded_guide):
    Country.objects.filter(code="au").update(emergency_number="000 1")
    Country.objects.filter(code="nz").update(published=False)
    (tmp_path / "unavailable-nz.html").write_text("old")
    call_command("render_edge_pages", str(tmp_path))
    assert call_button((tmp_path / "unavailable-au.html").read_text()) == "0001"
    assert not (tmp_path / "unavailable-nz.html").exists()
    assert "New Zealand" not in (tmp_path / "unavailable.html").read_text()


# The app's own pages made without the database


@pytest.fixture
def nothing_read_yet(monkeypatch):
    """A process that has not read the countries yet: only the shipped ones are known."""
    monkeypatch.setattr(countries, "_built", None)


def in_country(code: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[countries.cookie_name()] = code
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["au", "us", "zz", ""])
def test_the_503_page_gives_the_persons_country_first_and_every_other(nothing_read_yet, code):
    down = OperationalError("down")
    with (
        mock.patch("guide.views.WarningSign.objects.published", side_effect=down),
        mock.patch("guide.countries.published", side_effect=down),
    ):
        response = in_country(code).get("/warning-signs/")
    html = response.content.decode()
    assert response.status_code == 503
    assert call_button(html) == SHIPPED.get(code, "999")
    assert set(SHIPPED.values()) <= set(call_links(html))
    assert "" not in call_links(html)


def test_the_500_page_gives_the_persons_country_first_and_every_other(nothing_read_yet):
    request = RequestFactory().get("/", headers={"Cookie": f"{countries.cookie_name()}=us"})
    html = server_error(request).content.decode()
    assert call_button(html) == "911"
    assert set(SHIPPED.values()) <= set(call_links(html))


@pytest.mark.django_db
def test_without_a_database_an_editors_last_change_read_is_what_the_pages_give(loaded_guide):
    country = Country.objects.get(code="gb")
    country.emergency_number = "112"
    country.save()
    countries.published()  # this process read it, as any page would
    with mock.patch("guide.countries.published", side_effect=OperationalError("down")):
        html = Client().get("/no-such-page/").content.decode()
        error_page = server_error(RequestFactory().get("/")).content.decode()
    assert call_button(error_page) == "112"
    assert 'href="tel:112"' in html and 'href="tel:999"' not in html


@pytest.mark.django_db
def test_the_checker_not_available_page_never_gives_an_empty_call_link(loaded_guide):
    """Clinical review N15: a country without an urgent line (Ireland) got "call <a href="tel:">"."""
    from guide.triage_models import Question

    Question.objects.update(published=False)
    from pagecache.models import ContentVersion

    ContentVersion.bump()
    html = in_country("ie").get("/triage/").content.decode()
    assert "The symptom checker is not available right now" in html
    assert 'href="tel:"' not in html and call_button(html) == "112"
    assert "For urgent advice, call your GP out-of-hours service." in html
