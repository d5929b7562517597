"""The statements: About this guide, Accessibility and Privacy, as content, in plain English, linked
from every page's footer, and true about the cookies the site sets."""

import re

import pytest
import textstat
from django.urls import reverse

from guide.models import Statement
from guide.statement_models import STATEMENT_SLUGS

pytestmark = pytest.mark.django_db
URLS = ["/about-this-guide/", "/accessibility/", "/privacy/"]


@pytest.fixture
def guide(loaded_guide, db):
    return None


def test_each_statement_is_a_page(guide, client):
    for slug, url in zip(STATEMENT_SLUGS, URLS, strict=True):
        statement = Statement.objects.get(slug=slug)
        response = client.get(url)
        assert response.status_code == 200 and statement.title in response.content.decode()
        assert response["Cache-Control"].startswith("public")


def test_every_page_links_to_them_from_its_footer(guide, client):
    for page in ("/", "/treatments/", reverse("guide:search"), "/no-such-page/"):
        footer = client.get(page).content.decode().split('class="site-footer"')[1]
        for url in URLS:
            assert f'href="{url}"' in footer, page


def test_an_unpublished_statement_is_gone(guide, client):
    statement = Statement.objects.get(slug="privacy")
    statement.published = False
    statement.save()
    assert client.get("/privacy/").status_code == 404


def test_they_read_in_plain_english(guide):
    for statement in Statement.objects.prefetch_related("sections"):
        text = " ".join([statement.summary] + [f"{s.body} {s.points}" for s in statement.sections.all()])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
        assert textstat.flesch_reading_ease(text) >= 60, statement.slug
        assert max(len(s.split()) for s in sentences) <= 20, statement.slug


def test_the_privacy_notice_names_every_cookie_the_site_sets(guide, client, settings):
    privacy = " ".join(s.points for s in Statement.objects.get(slug="privacy").sections.all())
    from guide import countries

    for name in (countries.cookie_name(), settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, "messages"):
        assert f"{name}:" in privacy, name
    # The cookies a reader's pages actually set are among them.
    response = client.get(reverse("guide:triage"))
    for name in response.cookies:
        assert f"{name}:" in privacy


def test_about_this_guide_says_what_the_checker_is_not(guide):
    text = " ".join(s.body + s.points for s in Statement.objects.get(slug="about-this-guide").sections.all())
    assert "not a diagnosis" in text and "very unwell" in text and "How old are you" not in text
    assert "16" in text


@pytest.mark.parametrize("model", ["statement", "synonym", "pagefeedback"])
def test_editors_have_them_in_the_admin_with_history(guide, client, django_user_model, model):
    client.force_login(django_user_model.objects.create_superuser("editor", password=None))
    changelist = reverse(f"admin:guide_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=anything").status_code == 200
    if model != "pagefeedback":
        from django.apps import apps

        row = apps.get_model("guide", model).objects.first()
        assert client.get(reverse(f"admin:guide_{model}_history", args=[row.pk])).status_code == 200
        assert client.get(reverse(f"admin:guide_{model}_add")).status_code == 200
