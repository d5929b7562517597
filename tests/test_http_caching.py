"""Public pages as HTTP caches see them: Cache-Control, a strong ETag, Last-Modified, Vary, encodings, 304s.

Per-person responses (every wizard step and outcome, the admin, a signed-in editor's view of any
page) are never public and never get a validator.
"""

import gzip
import time
from types import SimpleNamespace

import brotli
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from guide.models import Stretch, Treatment
from pagecache import version
from pagecache.models import ContentVersion
from tests.factories import make_guide
from tests.security_headers import assert_security_headers
from tests.wizard_support import ORDINARY, run

pytestmark = pytest.mark.django_db

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.fixture
def treatment() -> Treatment:
    make_guide()
    return Treatment.objects.filter(stretches__isnull=False).first()


@pytest.fixture
def rendered():
    """The templates rendered while a test runs: a 304 must render none."""
    names = []

    def record(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def directives(response) -> dict[str, str | bool]:
    parts = (part.strip().partition("=") for part in response["Cache-Control"].split(","))
    return {name: value or True for name, _, value in parts}


def public_urls(treatment: Treatment) -> list[str]:
    return [
        reverse("guide:home"),
        reverse("guide:treatments") + "?phase=first-hours&kind=self-care",
        treatment.get_absolute_url(),
        reverse("guide:stretches"),
        reverse("guide:warning_signs"),
        reverse("guide:about"),
        reverse("guide:sources"),
    ]


# --- Cache-Control, from settings


def test_public_pages_are_public_for_max_age_then_stale_while_revalidate(client, htmx_client, treatment, settings):
    settings.PAGECACHE_MAX_AGE, settings.PAGECACHE_STALE_WHILE_REVALIDATE = 45, 75
    for url in public_urls(treatment):
        for each in (client, htmx_client):
            for _fresh_then_stored in range(2):
                response = each.get(url, headers=BROWSER)
                assert response.status_code == 200, url
                assert directives(response) == {"public": True, "max-age": "45", "stale-while-revalidate": "75"}, url


def test_drawings_are_kept_an_hour_with_their_sandbox(client, settings):
    make_guide()
    stretch = Stretch.objects.first()
    stretch.start_svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>A drawing of a stretch</title></svg>'
    stretch.save()
    url = f"{stretch.get_absolute_url()}start.svg"
    first = client.get(url)
    for response in (first, client.get(url), client.get(url, headers={"If-None-Match": first["ETag"]})):
        assert directives(response)["max-age"] == "3600"
        assert "sandbox" in response["Content-Security-Policy"]
    # A cold worker answers the revalidation with the same headers, without the drawing.
    version.forget()
    cache.clear()
    cold = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert cold.status_code == 304
    assert directives(cold)["max-age"] == "3600" and "sandbox" in cold["Content-Security-Policy"]


# --- ETag and Last-Modified


def test_the_etag_is_strong_and_names_the_url_htmx_encoding_and_content_version(client, htmx_client, treatment):
    home, article = reverse("guide:home"), treatment.get_absolute_url()
    etags = {
        "home br": client.get(home, headers=BROWSER)["ETag"],
        "home gzip": client.get(home, headers={"Accept-Encoding": "gzip"})["ETag"],
        "home identity": client.get(home)["ETag"],
        "home htmx": htmx_client.get(home, headers=BROWSER)["ETag"],
        "article": client.get(article, headers=BROWSER)["ETag"],
    }
    assert len(set(etags.values())) == len(etags), etags
    for value in etags.values():
        assert value.startswith('"') and value.endswith('"'), "strong, not W/"
    assert client.get(home, headers=BROWSER)["ETag"] == etags["home br"], "stored pages keep their ETag"
    treatment.name = "Renamed by an editor"
    treatment.save()
    assert client.get(home, headers=BROWSER)["ETag"] != etags["home br"], "an edit changes every page's ETag"


def test_one_etag_is_one_set_of_bytes_on_every_worker(client, treatment):
    """Strong means byte for byte: a page rendered again (another worker, a restart) is identical."""
    url = treatment.get_absolute_url()
    for accept in ("br", "gzip", "identity"):
        first = client.get(url, headers={"Accept-Encoding": accept})
        cache.clear()
        again = client.get(url, headers={"Accept-Encoding": accept})
        assert (again["ETag"], again.content) == (first["ETag"], first.content), accept


@pytest.fixture
def clock_an_hour_on(monkeypatch):
    """Building the guide saves many rows in a second or two, each moving `modified` on by a second,
    so it runs ahead of the real clock, and Last-Modified is held back to the clock meanwhile (no date
    from the future; If-Modified-Since still compares with the true `modified`, so no edit is missed).
    A clock an hour on puts those saves in the past, as an editor's saves are in production."""
    later = time.time() + 3600
    monkeypatch.setattr("pagecache.responses.time", SimpleNamespace(time=lambda: later))
    monkeypatch.setattr("pagecache.models.now_seconds", lambda: int(later))


def test_a_date_never_comes_from_the_future(client, treatment, monkeypatch):
    monkeypatch.setattr("pagecache.models.now_seconds", lambda: int(time.time()) + 100)
    ContentVersion.bump()
    monkeypatch.undo()
    sent = parse_http_date(client.get(treatment.get_absolute_url())["Last-Modified"])
    assert sent <= time.time() < ContentVersion.current().modified


def test_last_modified_is_when_content_last_changed(client, treatment, clock_an_hour_on):
    url = treatment.get_absolute_url()
    before = client.get(url)
    assert before["Last-Modified"] == http_date(ContentVersion.current().modified)
    treatment.name = "Renamed by an editor"
    treatment.save()
    after = client.get(url)
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_two_edits_in_one_second_still_move_last_modified_on(treatment, monkeypatch):
    monkeypatch.setattr("pagecache.models.now_seconds", lambda: 2_000_000_000)
    ContentVersion.bump()
    first = ContentVersion.current().modified
    ContentVersion.bump()
    assert ContentVersion.current().modified > first


# --- Conditional requests


def test_if_none_match_gets_a_304_without_rendering(client, htmx_client, treatment, rendered):
    for url in public_urls(treatment):
        for each in (client, htmx_client):
            page = each.get(url, headers=BROWSER)
            rendered.clear()
            with CaptureQueriesContext(connection) as queries:
                answer = each.get(url, headers=BROWSER | {"If-None-Match": page["ETag"]})
            assert answer.status_code == 304, url
            assert answer.content == b""
            assert rendered == [] and len(queries) <= 1, "the content version check at most"
            assert answer["ETag"] == page["ETag"]
            assert answer["Last-Modified"] == page["Last-Modified"]
            assert answer["Cache-Control"] == page["Cache-Control"]
            assert answer["Vary"] == page["Vary"]
            assert_security_headers(each.get(url, headers=BROWSER | {"If-None-Match": page["ETag"]}, secure=True))


def test_a_worker_that_never_rendered_the_page_answers_304_without_rendering(client, treatment, rendered):
    url = treatment.get_absolute_url()
    etag = client.get(url, headers=BROWSER)["ETag"]
    cache.clear()
    rendered.clear()
    answer = client.get(url, headers=BROWSER | {"If-None-Match": etag})
    assert answer.status_code == 304
    assert rendered == []


def test_if_modified_since_gets_a_304_until_the_next_edit(client, treatment, rendered, clock_an_hour_on):
    url = treatment.get_absolute_url()
    modified = client.get(url)["Last-Modified"]
    rendered.clear()
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert rendered == []
    older = http_date(parse_http_date(modified) - 1)
    assert client.get(url, headers={"If-Modified-Since": older}).status_code == 200
    treatment.name = "Renamed by an editor"
    treatment.save()
    edited = client.get(url, headers={"If-Modified-Since": modified})
    assert edited.status_code == 200
    assert "Renamed by an editor" in edited.content.decode()


def test_an_old_etag_after_an_edit_gets_the_new_page(client, treatment):
    url = treatment.get_absolute_url()
    etag = client.get(url)["ETag"]
    treatment.name = "Renamed by an editor"
    treatment.save()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Renamed by an editor" in response.content.decode()


def test_an_etag_of_another_variant_gets_the_whole_page(client, htmx_client, treatment):
    url = treatment.get_absolute_url()
    partial_etag = htmx_client.get(url)["ETag"]
    gzip_etag = client.get(url, headers={"Accept-Encoding": "gzip"})["ETag"]
    assert client.get(url, headers={"If-None-Match": partial_etag}).status_code == 200
    assert client.get(url, headers={"If-None-Match": gzip_etag}).status_code == 200


def test_head_gets_the_headers_of_get_and_no_body(client, treatment):
    url = treatment.get_absolute_url()
    page = client.get(url, headers=BROWSER)
    head = client.head(url, headers=BROWSER)
    assert head.status_code == 200 and head.content == b""
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Encoding", "Content-Length"):
        assert head[name] == page[name], name


# --- Vary and encodings


def test_vary_names_htmx_accept_encoding_and_cookie_on_every_answer(client, htmx_client, treatment):
    # Cookie: every page gives the numbers of the country in the preference cookie.
    url = treatment.get_absolute_url()
    page = client.get(url, headers=BROWSER)
    answers = [page, client.get(url, headers=BROWSER), htmx_client.get(url), client.get(url)]
    answers.append(client.get(url, headers=BROWSER | {"If-None-Match": page["ETag"]}))
    for response in answers:
        assert {name.strip() for name in response["Vary"].split(",")} == {"HX-Request", "Accept-Encoding", "Cookie"}


def test_each_encoding_decodes_to_the_same_page(client, treatment):
    url = treatment.get_absolute_url()
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) == len(plain.content)
    for accept, expected, decode in [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ]:
        for _fresh_then_stored in range(2):
            response = client.get(url, headers={"Accept-Encoding": accept})
            assert response["Content-Encoding"] == expected, accept
            assert int(response["Content-Length"]) == len(response.content)
            assert decode(response.content) == plain.content, accept
    assert "Content-Encoding" not in client.get(url, headers={"Accept-Encoding": "gzip;q=0, br;q=0"})


def test_cached_and_fresh_pages_carry_the_security_headers(client, treatment):
    for url in public_urls(treatment):
        for _fresh_then_stored in range(2):
            response = client.get(url, headers=BROWSER, secure=True)
            assert response.status_code == 200
            assert_security_headers(response)


def test_a_stored_page_refuses_an_unknown_host(treatment):
    client = Client()
    url = treatment.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url, headers={"Host": "evil.example"}).status_code == 400


# --- Per-person responses


def assert_never_stored(response) -> None:
    cache_control = directives(response)
    assert "no-store" in cache_control and "public" not in cache_control, response["Cache-Control"]
    assert "ETag" not in response and "Last-Modified" not in response


def test_every_wizard_step_and_outcome_is_no_store(client, guide_content):
    pages = run(client, ORDINARY)
    assert len(pages) > 2 and pages[-1].urgency
    for page in pages:
        assert_never_stored(page.response)


def test_the_admin_is_no_store(admin_client):
    make_guide()
    for url in ["/admin/", "/admin/guide/treatment/", "/admin/login/"]:
        assert_never_stored(admin_client.get(url))
    assert_never_stored(Client().get("/admin/login/"))


def test_a_signed_in_editor_gets_public_pages_no_store(admin_client, treatment):
    url = treatment.get_absolute_url()
    Client().get(url)  # stored for everyone else
    response = admin_client.get(url, headers=BROWSER)
    assert response.status_code == 200
    assert_never_stored(response)
    assert "__Host-sessionid" in response.cookies, "the reason: this response renews the session"
    assert "public" in Client().get(url)["Cache-Control"], "and the page stays public for everyone else"
