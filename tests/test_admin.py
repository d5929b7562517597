"""The editors' admin: every model listed, searchable and filterable, with review warnings."""

import datetime

import pytest
from django.urls import reverse

from guide.models import Article, Citation, ConditionFact, MedicineCheck, Source, Stretch, Treatment, WarningSign
from tests.factories import make_guide, make_source, make_treatment

pytestmark = pytest.mark.django_db

MODELS = [Source, Treatment, Stretch, WarningSign, ConditionFact, MedicineCheck, Article, Citation]


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password=None))
    return client


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:guide_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_list_an_add_form_and_a_search(editor_client, model):
    make_guide()
    assert editor_client.get(admin_url(model)).status_code == 200
    assert editor_client.get(admin_url(model) + "?q=anything").status_code == 200
    # Citations are added on their page (through its draft), not on their own.
    assert editor_client.get(admin_url(model, "add")).status_code == (403 if model is Citation else 200)


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Treatment, "kind=medicine"),
        (Treatment, "phase=recovery"),
        (Treatment, "published__exact=1"),
        (Treatment, "review=overdue"),
        (Stretch, "position=lying"),
        (WarningSign, "urgency=emergency"),
        (WarningSign, "review=soon"),
        (ConditionFact, "kind=cause"),
        (Source, "kind=guideline"),
        (Citation, "stance=disagrees"),
    ],
)
def test_list_filters_work(editor_client, model, query):
    make_guide()
    response = editor_client.get(f"{admin_url(model)}?{query}")
    assert response.status_code == 200
    assert "errornote" not in response.content.decode()


def test_filters_pick_the_right_rows(editor_client):
    make_guide()
    html = editor_client.get(admin_url(Treatment) + "?phase=recovery").content.decode()
    assert "1 treatment" in html


def test_pages_past_their_review_date_are_flagged_in_the_list(editor_client):
    source = make_source()
    make_treatment(
        source, name="Stale page", next_review_due=datetime.date(2020, 1, 1), last_reviewed=datetime.date(2019, 1, 1)
    )
    make_treatment(source, name="Fresh page")
    html = editor_client.get(admin_url(Treatment)).content.decode()
    assert "OVERDUE since 01 Jan 2020" in html
    assert html.count("OVERDUE") == 1
    overdue_only = editor_client.get(admin_url(Treatment) + "?review=overdue").content.decode()
    assert "Stale page" in overdue_only
    assert "Fresh page" not in overdue_only


def test_change_form_edits_citations_inline_and_links_to_the_site(editor_client):
    make_guide()
    treatment = Treatment.objects.first()
    html = editor_client.get(admin_url(Treatment, "change", treatment.pk)).content.decode()
    assert 'id="citations-group"' in html
    assert "View on site" in html
    assert "Start every line with" in html  # help text written for editors


@pytest.mark.parametrize(
    ("model", "parts"), [(MedicineCheck, "items-group"), (Article, "sections-group")], ids=["check", "article"]
)
def test_checks_and_articles_edit_their_parts_and_citations_inline(editor_client, model, parts):
    make_guide()
    html = editor_client.get(admin_url(model, "change", model.objects.first().pk)).content.decode()
    assert f'id="{parts}"' in html and 'id="citations-group"' in html
    assert "History" in html


def test_the_recommendation_and_the_stances_are_explained_to_editors(editor_client):
    make_guide()
    html = editor_client.get(admin_url(Treatment, "change", Treatment.objects.first().pk)).content.decode()
    assert "The recommendation the grade rests on" in html
    assert "A guideline that advises against a treatment supports a page that says not to use it." in html


def test_add_form_prefills_the_slug(editor_client):
    html = editor_client.get(admin_url(Treatment, "add")).content.decode()
    assert "prepopulated" in html


def test_saving_a_caution_without_do_not_shows_a_clear_error(editor_client):
    make_guide()
    treatment = Treatment.objects.first()
    response = editor_client.post(
        admin_url(Treatment, "change", treatment.pk),
        {"name": treatment.name, "cautions": "Never lift heavy things."},
    )
    assert response.status_code == 200  # the form again, with errors; nothing saved
    treatment.refresh_from_db()
    assert treatment.cautions == "Do not overdo it."
