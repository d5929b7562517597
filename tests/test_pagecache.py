"""Public pages are cached, and any content change, on any replica, shows on the very next request."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from guide.models import Article, Citation, MedicineCheck, Stretch, Treatment
from pagecache import version
from pagecache.decorators import cached_until_edited
from pagecache.models import ContentVersion
from tests.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment() -> Treatment:
    make_guide()
    return Treatment.objects.filter(stretches__isnull=False).first()


def page(client, url: str) -> str:
    return client.get(url).content.decode()


def test_a_second_view_is_served_from_the_cache(client, treatment):
    url = treatment.get_absolute_url()
    first = page(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert page(client, url) == first
    assert len(queries) == 1, "only the content version check"


def test_a_save_shows_at_once(client, treatment):
    url = treatment.get_absolute_url()
    page(client, url)
    treatment.name = "Renamed by an editor"
    treatment.save()
    assert "Renamed by an editor" in page(client, url)


def test_a_delete_shows_at_once(client, treatment):
    citation = treatment.citations.first()
    url = treatment.get_absolute_url()
    assert citation.says in page(client, url)
    Citation.objects.filter(pk=citation.pk).delete()
    Citation.objects.create(source=citation.source, treatment=treatment, says="Replaced wording.", stance="supports")
    assert "Replaced wording." in page(client, url)


def test_changing_a_treatments_stretches_shows_at_once(client, treatment):
    url = treatment.get_absolute_url()
    stretch = treatment.stretches.first()
    assert stretch.name in page(client, url)
    treatment.stretches.remove(stretch)
    assert stretch.name not in page(client, url)


def test_an_edit_made_on_another_replica_shows_at_once(client, treatment):
    """Another replica's save changed the rows and the version in the shared database; no signal here."""
    url = treatment.get_absolute_url()
    page(client, url)
    Treatment.objects.filter(pk=treatment.pk).update(name="Edited elsewhere")
    ContentVersion.objects.filter(pk=1).update(token="another-replicas-token")
    assert "Edited elsewhere" in page(client, url)


def test_full_page_and_htmx_partial_are_cached_apart(client, htmx_client, treatment):
    url = treatment.get_absolute_url()
    for _ in range(2):
        full, partial = client.get(url), htmx_client.get(url)
        assert "<html" in full.content.decode()
        assert "<html" not in partial.content.decode()
        for response in (full, partial):
            assert "HX-Request" in response["Vary"]


def test_cached_responses_keep_the_views_own_headers(client):
    make_guide()
    stretch = Stretch.objects.first()
    stretch.start_svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    stretch.save()
    url = f"{stretch.get_absolute_url()}start.svg"
    for _ in range(2):
        response = client.get(url)
        assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert "sandbox" in response["Content-Security-Policy"]
        assert "max-age=3600" in response["Cache-Control"]


def test_responses_for_one_person_are_never_cached():
    """A page that hands out a CSRF token (a form) must not serve one person's token to the next."""
    calls = []

    @cached_until_edited
    def form_page(request):
        calls.append(1)
        return HttpResponse(get_token(request))

    factory = RequestFactory()
    for _ in range(2):
        request = factory.get("/form/")
        request.htmx = False
        form_page(request)
    assert len(calls) == 2


def test_posts_are_never_cached():
    calls = []

    @cached_until_edited
    def echo(request):
        calls.append(1)
        return HttpResponse("answer")

    for _ in range(2):
        request = RequestFactory().post("/answer/", {"a": "1"})
        request.htmx = False
        echo(request)
    assert len(calls) == 2


class TestRecheckInterval:
    """In production a worker re-reads the version at most once a second."""

    @pytest.fixture(autouse=True)
    def one_second(self, settings, monkeypatch):
        settings.PAGECACHE_RECHECK_SECONDS = 1
        self.now = 1000.0
        monkeypatch.setattr(version.time, "monotonic", lambda: self.now)
        version.forget()
        yield
        version.forget()

    def test_cached_pages_need_no_query_within_the_second(self, client, treatment):
        url = treatment.get_absolute_url()
        page(client, url)
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        assert len(queries) == 0

    def test_another_replicas_edit_shows_after_the_second(self, client, treatment):
        url = treatment.get_absolute_url()
        page(client, url)
        Treatment.objects.filter(pk=treatment.pk).update(name="Edited elsewhere")
        ContentVersion.objects.filter(pk=1).update(token="another-replicas-token")
        self.now += 1
        assert "Edited elsewhere" in page(client, url)

    def test_this_workers_own_edit_shows_at_once(self, client, treatment, django_capture_on_commit_callbacks):
        url = treatment.get_absolute_url()
        page(client, url)
        with django_capture_on_commit_callbacks(execute=True):
            treatment.name = "Renamed here"
            treatment.save()
        assert "Renamed here" in page(client, url)


def test_editing_an_article_section_or_a_check_line_shows_at_once(client, treatment):
    article = Article.objects.first()
    page(client, article.get_absolute_url())
    section = article.sections.first()
    section.heading = "A heading an editor just wrote"
    section.save()
    assert "A heading an editor just wrote" in page(client, article.get_absolute_url())
    check = MedicineCheck.objects.first()
    line = check.items.first()
    line.label = "A line an editor just wrote"
    line.save()
    assert "A line an editor just wrote" in page(client, check.get_absolute_url())


def test_stored_pages_are_answered_below_the_header_middleware_and_above_the_rest(settings):
    """Every header-setting middleware wraps the page cache; GZip, sessions, CSRF and the rest never run for a hit."""
    chain = settings.MIDDLEWARE
    here = chain.index("pagecache.middleware.serve_cached_pages")
    assert chain[here - 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    for above in (
        "django.middleware.security.SecurityMiddleware",
        "backcare.middleware.security_headers",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ):
        assert chain.index(above) < here, above
    for below in (
        "backcare.middleware.GZipMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
    ):
        assert chain.index(below) > here, below
