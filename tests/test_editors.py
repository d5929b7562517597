"""Editors lose nothing: every change is a revision they can revert, and guessing passwords locks the door."""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse

from guide.models import ArticleSection, MedicineCheckItem, Source, Stretch, Treatment, WarningSign
from tests.factories import make_guide
from tests.governance_support import approve_latest
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [MedicineCheckItem, ArticleSection])
def test_lines_of_a_check_and_sections_of_an_article_keep_their_revisions(model):
    make_guide()
    part = model.objects.first()
    revisions = part.history.count()
    part.order += 100
    part.save()
    part.order -= 100
    part.save()
    assert part.history.count() == revisions + 2
    assert [record.order for record in part.history.order_by("history_id")][-2:] == [part.order + 100, part.order]


@pytest.mark.parametrize("model", [Treatment, Stretch, Source, WarningSign])
def test_every_change_is_a_revision_the_admin_lists(admin_client, model):
    make_guide()
    obj = model.objects.first()
    field = "title" if model is Source else "question" if model is WarningSign else "name"
    revisions = obj.history.count()
    setattr(obj, field, "Edited by an editor")
    obj.save()
    assert obj.history.count() == revisions + 1
    history_url = reverse(f"admin:guide_{model._meta.model_name}_history", args=[obj.pk])
    html = admin_client.get(history_url).content.decode()
    for record in obj.history.all():
        assert reverse(f"admin:guide_{model._meta.model_name}_simple_history", args=[obj.pk, record.pk]) in html


def test_an_editor_reverts_a_treatment_through_the_admin_and_the_page_shows_it_on_approval(
    admin_client, client, django_user_model
):
    make_guide()
    treatment = Treatment.objects.first()
    original_name = treatment.name
    first_revision = treatment.history.earliest()
    treatment.name = "A mistaken name"
    treatment.save()
    assert "A mistaken name" in client.get(treatment.get_absolute_url()).content.decode()

    revert_url = reverse("admin:guide_treatment_simple_history", args=[treatment.pk, first_revision.pk])
    revert_form = admin_client.get(revert_url)
    assert revert_form.status_code == 200
    data = form_data(revert_form.content.decode()) | {"change_note": ["Back to the right name"]}
    response = admin_client.post(revert_url, data)
    assert response.status_code == 302, re.findall(r'<ul class="errorlist".*?</ul>', response.content.decode(), re.S)
    assert "A mistaken name" in client.get(treatment.get_absolute_url()).content.decode()  # a draft until approved
    approve_latest(django_user_model)

    treatment.refresh_from_db()
    assert treatment.name == original_name
    assert treatment.history.latest().name == original_name
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert original_name in page
    assert "A mistaken name" not in page


def failed_login(client: Client, username: str = "admin"):
    return client.post("/admin/login/", {"username": username, "password": "wrong"})


def right_login(client: Client):
    return client.post("/admin/login/", {"username": "admin", "password": "password"})


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def assert_locked_for_an_hour(response, words: str) -> None:
    assert response.status_code == 429
    assert 3590 <= int(response["Retry-After"]) <= 3600
    html = " ".join(response.content.decode().split())
    assert "Sign-in locked" in html
    assert words in html
    assert "locked for 60 minutes" in html


def test_five_wrong_passwords_lock_that_account_from_that_address_only(admin_user):
    client = from_address("198.51.100.7")
    for _ in range(4):
        assert failed_login(client).status_code == 200
    assert_locked_for_an_hour(
        failed_login(client), "5 failed sign-in attempts for the account “admin” from your network address"
    )
    # Even the right password is refused from there now...
    assert right_login(client).status_code == 429
    # ...but not from the editor's own network, nor for another account from the same address.
    assert right_login(from_address("203.0.113.20")).status_code == 302
    assert failed_login(client, "another-editor").status_code == 200


def test_wrong_passwords_from_many_addresses_cannot_lock_an_editor_out(admin_user):
    """The audit's attack: five wrong passwords for one username from five addresses."""
    for n in range(1, 6):
        assert failed_login(from_address(f"198.51.100.{n}")).status_code == 200
    assert right_login(from_address("198.51.100.1")).status_code == 302
    assert right_login(from_address("203.0.113.20")).status_code == 302


def test_twenty_failures_from_one_address_lock_that_address_for_any_account(admin_user):
    client = from_address("198.51.100.9")
    for n in range(19):
        assert failed_login(client, f"guess-{n % 5}").status_code == 200  # never 5 for one name
    assert_locked_for_an_hour(
        failed_login(client, "guess-5"), "20 failed sign-in attempts from your network address, for any account"
    )
    assert right_login(client).status_code == 429
    assert right_login(from_address("203.0.113.20")).status_code == 302


def test_axes_records_nothing_about_people_using_the_guide(client):
    make_guide()
    for url in [reverse("guide:home"), reverse("guide:treatments") + "?q=pain", reverse("guide:warning_signs")]:
        client.get(url)
    client.post(reverse("guide:home"), {"answer": "yes"})
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
