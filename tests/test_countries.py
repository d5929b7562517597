"""The right numbers wherever the person is: countries as content, advice written with placeholders,
the emergency numbers page and its form (a POST: no link can change a person's numbers), the
preference cookie, and pages cached per country.
"""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guide import countries
from guide.country_words import PLACEHOLDERS, fill, validate_country_words
from guide.models import ArticleSection, CheckIn, ConditionFact, Country, Route, TierAdvice, WarningSign
from tests.governance_support import approve_latest
from tests.html_forms import form_data
from tests.wizard_support import HTMX, ORDINARY, run

pytestmark = pytest.mark.django_db

NUMBERS_URL = "/emergency-numbers/"
# The countries the issue names, with their emergency numbers.
REQUIRED = {"gb": "999", "ie": "112", "eu": "112", "us": "911", "ca": "911", "au": "000", "nz": "111", "in": "112"}
# Words that belong to one health system; advice must use the placeholders instead.
LOCAL_WORDS = re.compile(r"\b(999|111|112|911|000|811)\b|A&E|\bGP\b|NHS")


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def in_country(code: str) -> Client:
    client = Client()
    client.cookies[countries.cookie_name()] = code
    return client


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Content


def test_every_country_the_issue_names_is_published_with_its_number_and_sources():
    published = countries.published()
    assert {code: published[code].emergency_number for code in REQUIRED} == REQUIRED
    for country in published.values():
        country.full_clean()
        assert country.emergency_source.url.startswith("https://") and country.urgent_source.url.startswith("https://")
        assert country.urgent_action and country.gp and country.emergency_department


def test_no_advice_names_a_number_or_a_service_and_every_placeholder_is_known():
    texts = {f"sign {sign.slug}": sign.advice for sign in WarningSign.objects.all()}
    texts |= {f"lead {advice.tier}": advice.lead + "\n" + advice.do_not for advice in TierAdvice.objects.all()}
    texts |= {f"route {route.slug}": route.advice for route in Route.objects.all()}
    texts |= {f"fact {fact.slug}": fact.explanation for fact in ConditionFact.objects.all()}
    texts |= {f"check-in {check_in.slug}": check_in.what_to_check for check_in in CheckIn.objects.all()}
    texts |= {f"article {part}": part.body + "\n" + part.points for part in ArticleSection.objects.all()}
    assert {name: text for name, text in texts.items() if LOCAL_WORDS.search(text)} == {}
    for value in texts.values():
        validate_country_words(value)
    used = {name for value in texts.values() for name in re.findall(r"\{([a-z_]+)\}", value)}
    assert used == set(PLACEHOLDERS)


def test_a_placeholder_no_country_fills_is_refused():
    with pytest.raises(ValidationError, match="emergncy"):
        validate_country_words("Call {emergncy} now.")
    sign = WarningSign.objects.get(slug="chest-pain")
    sign.advice = "Call {emergncy} now."
    with pytest.raises(ValidationError):
        sign.full_clean()


def test_an_urgent_number_must_be_in_what_to_do():
    country = Country.objects.get(code="au")
    country.urgent_action = "call healthdirect"
    with pytest.raises(ValidationError, match="urgent number"):
        country.full_clean()
    country.urgent_number = "18OO"
    with pytest.raises(ValidationError):
        country.full_clean()


def test_filling_in_gives_call_links_on_pages_and_plain_words_in_files():
    australia = Country.objects.get(code="au")
    advice = "Call {emergency} or go to {emergency_department} now. Ask your {gp}, or {urgent}. <b>"
    assert fill(advice, australia) == (
        'Call <a href="tel:000">000</a> or go to the emergency department now. Ask your GP, '
        'or call healthdirect on <a href="tel:1800022222">1800 022 222</a>. &lt;b&gt;'
    )
    assert fill(advice, australia, links=False) == (
        "Call 000 or go to the emergency department now. Ask your GP, or call healthdirect on 1800 022 222. <b>"
    )


# Pages in another country


PAGES = ["/", "/warning-signs/", "/about-back-spasms/", "/warning-signs/card/", "/no-such-page/"]


@pytest.mark.parametrize("code", sorted(REQUIRED))
def test_every_page_shows_the_chosen_countrys_numbers_as_call_links(code):
    country = Country.objects.get(code=code)
    client = in_country(code)
    for url in PAGES:
        html = client.get(url).content.decode()
        assert f'href="tel:{country.emergency_number}"' in html, url
        assert f'Numbers for: {country.name} <a href="{NUMBERS_URL}">(change' in html, url
    home = client.get("/").content.decode()
    number = country.emergency_number
    assert f'Call <a href="tel:{number}">{number}</a> now if:</h2>' in home
    assert f'<a class="call-button" href="tel:{number}">Call {number}</a>' in home


def test_a_person_in_ireland_never_reads_call_111_or_a_gp_surgery():
    client = in_country("ie")
    pages = [client.get(url).content.decode() for url in PAGES]
    for answers in [ORDINARY | {"risk-factors": ["cancer"]}, ORDINARY | {"symptoms": ["new-lump"]}, ORDINARY]:
        pages.append(run(client, answers)[-1].html)
    pages.append(run(client, {"emergency-signs": ["chest-pain"]})[-1].html)
    for html in pages:
        words = text(html)
        assert "111" not in words and "A&amp;E" not in words and "GP surgery" not in words and "999" not in words
    urgent = text(pages[len(PAGES)])
    assert "Get help today: call your GP out-of-hours service, or ask your GP for an urgent appointment." in urgent
    assert 'href="tel:112"' in pages[-1] and "Call 112 now" in pages[-1]


def test_a_topic_page_gives_the_chosen_countrys_numbers_and_names():
    part = ArticleSection.objects.filter(points__contains="{emergency}").select_related("article").first()
    url = part.article.get_absolute_url()
    us = text(in_country("us").get(url).content.decode())
    assert "Call 911 or go to the emergency room if" in us and "Call 999" not in us and "go to A&E" not in us
    uk = in_country("gb").get(url, headers=HTMX).content.decode()
    assert 'Call <a href="tel:999">999</a> or go to A&amp;E if' in uk and "{emergency" not in uk


def test_a_person_in_the_us_is_told_their_doctor_and_the_emergency_room():
    html = text(run(in_country("us"), ORDINARY | {"symptoms": ["new-lump"]})[-1].html)
    assert "See a doctor soon" in html and "Book an appointment with your doctor in the next week or two." in html
    signs = text(in_country("us").get("/warning-signs/").content.decode())
    assert "Call 911 now if:" in signs and "or go to the emergency room now" in signs and "GP" not in signs
    assert "Ask for an ambulance. Do not go to hospital by car" in signs


def test_the_deployments_default_country_comes_from_settings(settings):
    settings.BACKCARE_COUNTRY = "nz"
    html = Client().get("/").content.decode()
    assert 'href="tel:111"' in html and "Numbers for: New Zealand" in html


def test_a_cookie_naming_no_published_country_gets_the_default_and_no_error():
    Country.objects.filter(code="us").update(published=False)
    from pagecache.models import ContentVersion

    ContentVersion.bump()  # update() skips the signals that keep pages fresh
    for value in ["us", "zz", "", "gb; q-onset=today", "x" * 500]:
        response = in_country(value).get("/")
        assert response.status_code == 200 and 'href="tel:999"' in response.content.decode()


# The emergency numbers page and the choice


def test_the_numbers_page_lists_every_country_with_its_sources_full_and_partial():
    full = Client().get(NUMBERS_URL)
    partial = Client(headers=HTMX).get(NUMBERS_URL)
    assert full.status_code == partial.status_code == 200
    assert "<html" in full.content.decode() and "<html" not in partial.content.decode()
    html = full.content.decode()
    for country in countries.published().values():
        section = html[html.index(f'id="country-{country.code}"') :]
        section = section[: section.index("</section>")]
        assert f'href="tel:{re.sub(" ", "", country.emergency_number)}"' in section
        assert f"/sources/#{country.emergency_source.slug}" in section
        assert f"/sources/#{country.urgent_source.slug}" in section
    assert '<form class="filters country-form" method="post" action="/emergency-numbers/"' in html
    assert "United Kingdom (shown now)" in html
    assert countries.cookie_name() not in full.cookies


def choose(client: Client, code: str):
    """Choose a country as a person does: open the page, then press the button (with its CSRF token)."""
    form = form_data(client.get(NUMBERS_URL).content.decode())
    return client.post(NUMBERS_URL, form | {"country": code})


def test_choosing_a_country_keeps_only_its_code_in_a_preference_cookie():
    client = Client(enforce_csrf_checks=True)
    response = choose(client, "ie")
    assert response.status_code == 200
    assert "This guide now shows the numbers for Ireland." in response.content.decode()
    assert countries.cookie_name() in response.cookies
    cookie = response.cookies[countries.cookie_name()]
    assert cookie.value == "ie"
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] == 365 * 24 * 3600
    assert cookie["secure"] and countries.cookie_name() == "__Host-country"  # tests run as production
    assert 'href="tel:112"' in client.get("/").content.decode()
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_choosing_a_country_that_is_not_offered_says_so_and_sets_nothing():
    for value in ["zz", "", "<script>"]:
        response = choose(Client(enforce_csrf_checks=True), value)
        assert response.status_code == 400
        assert countries.cookie_name() not in response.cookies
        html = response.content.decode()
        assert "Choose a country from the list." in html or "Choose your country." in html
        assert "<script>" not in html


# Cached pages vary by country


def test_one_address_is_cached_once_per_country_and_says_it_varies_by_cookie():
    uk, ireland = Client(), in_country("ie")
    for _ in range(2):  # the second round comes from the page cache
        assert 'href="tel:999"' in uk.get("/").content.decode()
        assert 'href="tel:112"' in ireland.get("/").content.decode()
    response = uk.get("/")
    assert {"Cookie", "HX-Request"} <= {part.strip() for part in response["Vary"].split(",")}


def etag(client: Client, url: str = "/", **headers) -> str:
    return client.get(url, headers=headers)["ETag"]


def test_each_country_has_its_own_strong_etag_and_a_304_only_for_its_own():
    uk, ireland = Client(), in_country("ie")
    for headers in ({}, HTMX, {"Accept-Encoding": "br"}):
        assert etag(uk, **headers) == etag(uk, **headers)
        assert etag(ireland, **headers) == etag(ireland, **headers)
        assert etag(uk, **headers) != etag(ireland, **headers), headers
    uk_tag = etag(uk)
    assert uk.get("/", headers={"If-None-Match": uk_tag}).status_code == 304
    moved = ireland.get("/", headers={"If-None-Match": uk_tag})  # the person chose Ireland since
    assert moved.status_code == 200 and 'href="tel:112"' in moved.content.decode()
    assert moved["ETag"] != uk_tag


def test_a_country_nobody_publishes_shares_the_default_countrys_copy():
    default = etag(Client())
    for value in ("zz", "GB", "", "gb"):
        assert etag(in_country(value)) == default, value


def test_a_cached_page_in_another_country_costs_no_query_but_the_version_check():
    ireland = in_country("ie")
    ireland.get("/treatments/")
    with CaptureQueriesContext(connection) as queries:
        response = ireland.get("/treatments/")
    assert 'href="tel:112"' in response.content.decode()
    assert len(queries) == 1  # the content version, re-read on every request in tests
    assert "pagecache_contentversion" in queries[0]["sql"]


def test_the_page_cache_key_and_etag_name_the_country():
    from django.test import RequestFactory

    from pagecache.variant import variant_of

    factory = RequestFactory()
    plain = variant_of(factory.get("/"))
    irish = factory.get("/")
    irish.COOKIES[countries.cookie_name()] = "ie"
    assert (plain.country, variant_of(irish).country) == (settings.BACKCARE_COUNTRY, "ie")
    assert plain.digest("v1") != variant_of(irish).digest("v1")
    assert plain._replace(country="ie").digest("v1") == variant_of(irish).digest("v1")


def test_editing_a_country_shows_at_once():
    assert 'href="tel:999"' in Client().get("/").content.decode()
    country = Country.objects.get(code="gb")
    country.emergency_number = "112"
    country.save()
    assert 'href="tel:112"' in Client().get("/").content.decode()


# Editors


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password=None))
    return client


@pytest.mark.parametrize("model", [Country, CheckIn], ids=lambda model: model.__name__)
def test_editors_list_search_add_and_change_countries_and_check_ins(editor_client, model):
    changelist = reverse(f"admin:guide_{model._meta.model_name}_changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(changelist + "?q=1").status_code == 200
    assert editor_client.get(reverse(f"admin:guide_{model._meta.model_name}_add")).status_code == 200
    for action in ["change", "history"]:
        url = reverse(f"admin:guide_{model._meta.model_name}_{action}", args=[model.objects.first().pk])
        assert editor_client.get(url).status_code == 200


def test_an_editor_is_told_when_the_urgent_number_is_missing_from_what_to_do(editor_client, django_user_model):
    country = Country.objects.get(code="nz")
    versions = country.history.count()
    change = reverse("admin:guide_country_change", args=[country.pk])
    data = form_data(editor_client.get(change).content.decode())
    data["urgent_action"] = ["call Healthline"]
    data["change_note"] = ["Say the number"]
    response = editor_client.post(change, data)
    assert response.status_code == 200 and "Put the urgent number in it" in response.content.decode()
    data["urgent_action"] = ["call Healthline now on 0800 611 116"]
    assert editor_client.post(change, data).status_code == 302
    approve_latest(django_user_model)  # a draft until a second person approves it (guide/governance)
    assert country.history.count() == versions + 1
    assert "call Healthline now on" in in_country("nz").get("/").content.decode()
