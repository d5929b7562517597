"""The admin's safety gate: an edit that would send any vignette to less urgent care than is safe
is refused, with the failing cases named, and nothing of it is saved; a safe edit saves as usual.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from guide.models import AnswerOption, ChangeRequest, Condition, Question, Rule, WarningSign
from tests.governance_support import approve_latest

pytestmark = pytest.mark.django_db

REFUSED = "Not saved: this change would send people to less urgent care than is safe."


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password=None))
    return client


def change_url(obj) -> str:
    return reverse(f"admin:guide_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        if isinstance(value, list):
            data[name] = [item.pk if hasattr(item, "pk") else item for item in value]
        elif value is None:
            data[name] = ""
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, management[name].value())
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                key = f"{inline_form.prefix}-{name}"
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, list):
                    data[key] = [item.pk if hasattr(item, "pk") else item for item in value]
                elif isinstance(value, bool):
                    if value:
                        data[key] = "on"
                elif value is not None:
                    data[key] = value
    return data


def edit(editor, obj, **changes):
    page = editor.get(change_url(obj))
    assert page.status_code == 200
    return editor.post(change_url(obj), form_data(page) | {"change_note": "A test edit"} | changes)


def test_unpublishing_the_cancer_and_nerve_rule_is_refused_with_the_cases_named(editor):
    rule = Rule.objects.get(slug="cancer-with-nerve-signs")
    history = rule.history.count()
    response = edit(editor, rule, published="")
    html = response.content.decode()
    assert response.status_code == 200 and REFUSED in html
    assert "should get at least “Emergency: call now”" in html and "e-" in html
    rule.refresh_from_db()
    assert rule.published and rule.history.count() == history
    assert not LogEntry.objects.exists()


def test_lowering_a_warning_signs_urgency_is_refused(editor):
    sign = WarningSign.objects.get(slug="numb-genitals-bottom")
    response = edit(editor, sign, urgency="gp")
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert "On the first screen, “emergency-signs: numb-saddle” must give an emergency" in response.content.decode()
    sign.refresh_from_db()
    assert sign.urgency == "emergency"


def test_unticking_an_ambulance_is_refused_with_the_cases_named(editor):
    """Clinical review N1: a chest pain result must never again offer a lift to A&E."""
    sign = WarningSign.objects.get(slug="chest-pain")
    data = form_data(editor.get(change_url(sign)))
    data.pop("ambulance")
    response = editor.post(change_url(sign), data | {"change_note": "A test edit"})
    html = response.content.decode()
    assert response.status_code == 200 and REFUSED in html
    assert "needs an ambulance, but would now be offered a lift to the emergency department" in html
    sign.refresh_from_db()
    assert sign.ambulance


def test_taking_an_answer_out_of_a_condition_is_refused(editor):
    rule = Rule.objects.get(slug="cancer-with-nerve-signs")
    data = form_data(editor.get(change_url(rule)))
    prefix = next(key.removesuffix("-TOTAL_FORMS") for key in data if key.startswith("conditions-"))
    weak = AnswerOption.objects.get(question__slug="symptoms", value="one-foot-weak").pk
    legs = data[f"{prefix}-1-options"]
    weaker = {f"{prefix}-1-options": [pk for pk in legs if pk != weak], "change_note": "A test edit"}
    response = editor.post(change_url(rule), data | weaker)
    assert REFUSED in response.content.decode()
    assert weak in Condition.objects.get(rule=rule, order=20).options.values_list("pk", flat=True)


def test_unpublishing_a_question_is_refused_when_cases_need_it(editor):
    question = Question.objects.get(slug="risk-factors")
    response = edit(editor, question, published="")
    assert REFUSED in response.content.decode()
    assert Question.objects.get(slug="risk-factors").published


def test_deleting_a_rule_is_refused_and_it_stays(editor):
    rule = Rule.objects.get(slug="known-aneurysm")
    url = reverse("admin:guide_rule_delete", args=[rule.pk])
    response = editor.post(url, {"post": "yes", "change_note": "Not needed"}, follow=True)
    assert REFUSED in response.content.decode()
    assert Rule.objects.filter(slug="known-aneurysm").exists()
    assert not ChangeRequest.objects.exists()


def test_a_safe_edit_saves_as_a_draft_and_goes_live_on_approval_with_its_history(editor, django_user_model):
    rule = Rule.objects.get(slug="chest-pain")
    versions = rule.history.count()
    response = edit(editor, rule, name="Chest pain with back pain")
    assert response.status_code == 302
    assert Rule.objects.get(pk=rule.pk).name != "Chest pain with back pain"
    approve_latest(django_user_model)
    rule.refresh_from_db()
    assert rule.name == "Chest pain with back pain" and rule.history.count() == versions + 1


def test_raising_a_tier_is_always_allowed(editor, django_user_model):
    sign = WarningSign.objects.get(slug="lump-on-back")
    assert edit(editor, sign, urgency="urgent").status_code == 302
    approve_latest(django_user_model)
    assert WarningSign.objects.get(slug="lump-on-back").urgency == "urgent"


def test_reverting_to_an_unsafe_version_is_refused(editor):
    sign = WarningSign.objects.get(slug="foot-weakness")
    sign.urgency = "gp"
    sign.save()  # outside the admin: no gate, so history holds an unsafe version
    unsafe = sign.history.first().history_id
    sign.urgency = "urgent"
    sign.save()
    url = reverse("admin:guide_warningsign_simple_history", args=[sign.pk, unsafe])
    page = editor.get(url)
    response = editor.post(url, form_data(page) | {"change_note": "Back to the old version"})
    assert REFUSED in response.content.decode()
    assert WarningSign.objects.get(slug="foot-weakness").urgency == "urgent"
    assert not ChangeRequest.objects.exists()


def test_editing_the_list_of_warning_signs_still_works(editor):
    sign = WarningSign.objects.get(slug="chest-pain")
    url = reverse("admin:guide_warningsign_changelist")
    page = editor.get(url)
    assert page.status_code == 200
    assert sign.question in page.content.decode()


def test_without_the_test_cases_every_change_is_refused(editor, settings, tmp_path):
    settings.BACKCARE_VIGNETTES_DIR = tmp_path  # an empty folder: the suite could not be read
    response = edit(editor, Rule.objects.get(slug="chest-pain"), name="Chest pain")
    assert REFUSED in response.content.decode() and "The test cases could not be read" in response.content.decode()


def test_the_docker_image_ships_the_test_cases():
    lines = (django_settings.BASE_DIR / ".dockerignore").read_text().splitlines()
    assert "tests/*" in lines and "!tests/vignettes" in lines and "tests" not in lines
