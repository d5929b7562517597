"""Page feedback: on every content page, stored with nothing about the person, limited, junk refused."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from guide import feedback
from guide.feedback_models import PageFeedback
from pagecache.models import ContentVersion

pytestmark = pytest.mark.django_db
URL = "/feedback/"
PAGE = "/treatments/ice-pack/"


@pytest.fixture
def guide(loaded_guide, db):
    return None


def test_every_content_page_asks_and_stays_publicly_cacheable(guide, client):
    for url in (PAGE, "/stretches/knee-to-chest/", reverse("guide:warning_signs"), reverse("guide:about")):
        response = client.get(url)
        html = response.content.decode()
        assert "Was this page helpful?" in html and "Report a problem with this page" in html, url
        assert f'<input type="hidden" name="page" value="{url}">' in html
        assert response["Cache-Control"].startswith("public") and "csrfmiddlewaretoken" not in html
        assert not response.cookies


def test_the_wizard_and_search_do_not_ask(guide, client):
    for url in (reverse("guide:triage"), reverse("guide:search") + "?q=ice"):
        assert "Was this page helpful?" not in client.get(url).content.decode()


def test_an_answer_is_stored_with_nothing_about_the_person(guide):
    browser = Client(HTTP_USER_AGENT="Mozilla/5.0 Secret-Agent", REMOTE_ADDR="203.0.113.9")
    browser.cookies["tracking"] = "cookie-value-123"
    response = browser.post(URL, {"page": PAGE, "answer": "no"})
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert not response.cookies
    row = PageFeedback.objects.get()
    stored = {field.name: getattr(row, field.name) for field in PageFeedback._meta.concrete_fields}
    assert set(stored) == {"id", "page", "answer", "text", "received", "dealt_with"}
    assert (row.page, row.answer, row.text, row.dealt_with) == (PAGE, "no", "", False)
    everything = repr(stored)
    for personal in ("203.0.113.9", "Secret-Agent", "cookie-value-123"):
        assert personal not in everything


def test_feedback_never_makes_the_pages_stale(guide, client):
    before = ContentVersion.current()
    client.post(URL, {"page": PAGE, "answer": "yes"})
    assert ContentVersion.current() == before


def test_a_problem_report_needs_words_and_keeps_them(guide, client):
    response = client.post(URL, {"page": PAGE, "answer": "problem", "text": ""})
    assert response.status_code == 400 and "Say what is wrong" in response.content.decode()
    client.post(URL, {"page": PAGE, "answer": "problem", "text": "  The  ice time\nis unclear. "})
    assert PageFeedback.objects.get().text == "The ice time is unclear."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"page": PAGE, "answer": "problem", "text": "x" * 501}, "keep it shorter"),
        ({"page": PAGE, "answer": "problem", "text": "Cheap pills at https://spam.example"}, "leave out web links"),
        ({"page": PAGE, "answer": "problem", "text": "visit www.spam.example now"}, "leave out web links"),
        ({"page": PAGE, "answer": "problem", "text": "bad\x00text"}, "cannot read"),
        ({"page": "https://elsewhere.example/", "answer": "yes"}, "which page"),
        ({"page": "/no-such-page/", "answer": "yes"}, "which page"),
        ({"page": "/search/", "answer": "yes"}, "which page"),
        ({"page": PAGE, "answer": "maybe"}, "Select a valid choice"),
    ],
)
def test_junk_is_refused_with_a_clear_message(guide, client, htmx_client, data, message):
    for each in (client, htmx_client):
        response = each.post(URL, data)
        assert response.status_code == 400 and message in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_a_post_from_another_site_is_refused(guide, client):
    assert client.post(URL, {"page": PAGE, "answer": "yes"}, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.post(URL, {"page": PAGE, "answer": "yes"}, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert client.post(URL, {"page": PAGE, "answer": "yes"}, HTTP_ORIGIN="http://testserver").status_code == 200
    assert PageFeedback.objects.count() == 1


def test_only_post(guide, client):
    assert client.get(URL).status_code == 405


def test_a_flood_is_limited_without_knowing_who(guide, client, monkeypatch):
    monkeypatch.setattr(feedback, "PER_MINUTE", 3)
    cache.clear()
    codes = [client.post(URL, {"page": PAGE, "answer": "yes"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert PageFeedback.objects.count() == 3
    assert not [key for key in cache._cache if "127.0.0.1" in str(key)]


def test_without_javascript_the_thanks_page_links_back(guide, client):
    html = client.post(URL, {"page": PAGE, "answer": "yes"}).content.decode()
    assert "<html" in html and "Thank you" in html and f'href="{PAGE}"' in html


def test_with_htmx_the_thanks_replace_the_form(guide, htmx_client):
    html = htmx_client.post(URL, {"page": PAGE, "answer": "no"}).content.decode()
    assert "<html" not in html and 'id="page-feedback"' in html and 'name="answer" value="problem"' in html


def test_editors_see_it_per_page_and_mark_it_dealt_with(guide, client, django_user_model):
    PageFeedback.objects.create(page=PAGE, answer="problem", text="Typo in step 2")
    PageFeedback.objects.create(page="/stretches/", answer="yes")
    client.force_login(django_user_model.objects.create_superuser("editor", password=None))
    changelist = reverse("admin:guide_pagefeedback_changelist")
    html = client.get(changelist + f"?page={PAGE}").content.decode()
    assert "Typo in step 2" in html and "/stretches/" not in html.split("result_list")[1]
    row = PageFeedback.objects.get(page=PAGE)
    response = client.post(
        changelist, {"action": "mark_dealt_with", "_selected_action": [row.pk], "index": 0}, follow=True
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.dealt_with
