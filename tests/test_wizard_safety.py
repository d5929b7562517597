"""The wizard keeps nothing about the person, and bad input never gets a 5xx or a milder outcome."""

import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from guide.triage_views import answer as answer_view
from tests.wizard_support import ANSWER_URL, HTMX, ORDINARY, START_URL, Page, run

pytestmark = pytest.mark.django_db

MARKER = "zq-marker-7741"
RUNS = [
    {"emergency-signs": ["numb-saddle"]},
    ORDINARY | {"risk-factors": ["cancer"]},
    ORDINARY | {"symptoms": ["night-pain"], "night-ease": "no"},
    ORDINARY,
]


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def every_run(client) -> list[Page]:
    return [page for answers in RUNS for page in run(client, answers)]


# Nothing stored


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_full_run_writes_no_row_sets_no_cookie_but_csrf_and_creates_no_session(headers):
    before = row_counts()
    client = Client(headers=headers)
    pages = every_run(client)
    assert row_counts() == before
    assert "django_session" in before
    assert {name for page in pages for name in page.response.cookies} == {settings.CSRF_COOKIE_NAME}
    assert set(client.cookies) == {settings.CSRF_COOKIE_NAME}


def test_every_wizard_response_is_no_store_and_never_a_redirect():
    client = Client()
    responses = [page.response for page in every_run(client)]
    responses += [client.get(ANSWER_URL), client.post(ANSWER_URL, {"step": "symptoms"}), client.post(ANSWER_URL, {})]
    for response in responses:
        assert "no-store" in response["Cache-Control"], response
        assert "Location" not in response
        assert not 300 <= response.status_code < 400


def test_a_marker_answer_never_reaches_a_log_a_url_or_the_page(caplog):
    caplog.set_level(logging.DEBUG)  # every logger, django.request and django.security included
    client = Client(raise_request_exception=False)
    marker_posts = [
        {"step": "emergency", "q-emergency-signs": MARKER},  # an answer not offered: a 400
        {"step": MARKER},
        {"step": "symptoms", "q-age": MARKER, "q-symptoms": MARKER},
        {"step": "emergency", "go": MARKER, "show": MARKER, "part": MARKER},
    ]
    responses = [client.post(ANSWER_URL, data) for data in marker_posts]
    too_many = "&".join([f"q-symptoms={MARKER}"] * 1100)  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    responses.append(client.post(ANSWER_URL, too_many, content_type="application/x-www-form-urlencoded"))
    responses.append(Client(enforce_csrf_checks=True).post(ANSWER_URL, {"step": "emergency", "x": MARKER}))
    assert {response.status_code for response in responses} == {400, 403}
    logged = {record.name for record in caplog.records}
    assert {"django.request", "django.security.TooManyFieldsSent", "django.security.csrf"} <= logged
    for record in caplog.records:  # 4xx responses are logged, without the answers
        assert MARKER not in record.getMessage()
        assert MARKER not in str(record.args) and MARKER not in str(record.__dict__.get("request", ""))
    assert MARKER not in caplog.text
    for response in responses:
        assert MARKER not in response.get("Location", "")
        assert MARKER not in response.content.decode()


def test_error_reports_never_see_the_answers(rf):
    request = rf.post(ANSWER_URL, {"step": "emergency", "q-emergency-signs": MARKER})
    request.htmx = False
    answer_view(request)
    assert request.sensitive_post_parameters == "__ALL__"


def test_every_form_posts_its_answers_and_no_link_carries_one():
    for page in every_run(Client()):
        assert page.form.action == ANSWER_URL
        assert 'href="/triage/answers/' not in page.html and "?q-" not in page.html


def test_an_answer_never_appears_in_the_address_of_a_page_a_person_can_open():
    """Answers travel only in POST bodies: the wizard's GET pages ignore a query string of answers."""
    page = Page(Client().get(START_URL + "?q-emergency-signs=none&step=emergency"))
    assert page.step == "emergency" and "q-emergency-signs" not in dict(page.form.hidden)
    assert Client().get(ANSWER_URL + "?q-emergency-signs=none").status_code == 405


# Bad input: a clear message and a 4xx, never a 5xx, never a milder outcome


def test_answers_not_offered_are_refused_and_not_carried():
    page = Page(Client().post(ANSWER_URL, {"step": "emergency", "q-emergency-signs": "perhaps", "go": "next"}))
    assert page.response.status_code == 400 and page.step == "emergency"
    assert "q-emergency-signs" not in dict(page.form.hidden) and not page.form.checked


def test_a_forged_none_of_these_never_hides_a_tick():
    page = Page(Client().post(ANSWER_URL, {"step": "emergency", "q-emergency-signs": ["none", "hard-to-pee"]}))
    assert page.urgency == "emergency"


def test_none_of_these_with_an_answer_not_offered_is_asked_again():
    data = {"step": "emergency", "q-emergency-signs": ["none", "perhaps"], "go": "next"}
    page = Page(Client().post(ANSWER_URL, data))
    assert page.response.status_code == 400 and page.step == "emergency"


def test_a_forged_none_of_these_on_a_question_without_that_box_is_not_an_answer():
    """Only a tick-list has "None of these": sent for a yes-or-no question, it answers nothing."""
    data = {f"q-{name}": [value] if isinstance(value, str) else value or ["none"] for name, value in ORDINARY.items()}
    data |= {"q-symptoms": ["night-pain"], "q-night-ease": ["none"], "step": "symptoms", "part": "follow-up"}
    page = Page(Client().post(ANSWER_URL, data | {"go": "next"}))
    assert page.response.status_code == 400
    assert (page.step, page.part, page.questions) == ("symptoms", "follow-up", ["night-ease"])


def test_an_empty_copy_of_a_control_field_is_ignored():
    """A form may send a control field twice, once empty (a button and a hidden field): the value counts."""
    page = Page(Client().post(ANSWER_URL, {"step": ["", "emergency"], "q-emergency-signs": "none", "go": "next"}))
    assert page.response.status_code == 200 and page.step == "about-you"


def test_a_forged_later_step_never_skips_the_emergency_questions():
    data = {name: [value] if isinstance(value, str) else value or ["none"] for name, value in ORDINARY.items()}
    data = {f"q-{name}": value for name, value in data.items() if name != "emergency-signs"}
    page = Page(Client().post(ANSWER_URL, data | {"step": "symptoms", "go": "next"}))
    assert page.response.status_code == 400 and page.step == "emergency"


def test_an_emergency_tick_sent_with_any_step_ends_in_an_emergency():
    for step in ["emergency", "about-you", "the-pain", "symptoms"]:
        page = Page(Client().post(ANSWER_URL, {"step": step, "q-emergency-signs": "chest-pain"}))
        assert page.urgency == "emergency", step


@pytest.mark.parametrize("step", [None, "", "nowhere"], ids=["no step", "blank", "unknown"])
def test_a_form_that_lost_its_step_still_ends_in_an_emergency_on_an_emergency_tick(step):
    data = {"q-emergency-signs": ["chest-pain", "not-an-answer"], "show": "about-you"}
    if step is not None:
        data["step"] = step
    page = Page(Client().post(ANSWER_URL, data))
    assert page.response.status_code == 200 and page.urgency == "emergency"


@pytest.mark.parametrize(
    "answers",
    [{"q-risk-factors": "aneurysm"}, {"q-risk-factors": "cancer", "q-symptoms": "one-leg-numb"}],
    ids=["aneurysm", "cancer-and-a-numb-leg"],
)
def test_a_form_that_lost_its_step_ends_in_an_emergency_on_an_emergency_answer_from_any_screen(answers):
    page = Page(Client().post(ANSWER_URL, {"q-emergency-signs": "none", "q-age": "50-69"} | answers))
    assert page.response.status_code == 200 and page.urgency == "emergency"


def test_a_form_that_lost_its_step_without_an_emergency_starts_again_keeping_its_answers():
    page = Page(Client().post(ANSWER_URL, {"q-emergency-signs": "none", "q-age": "16-49"}))
    assert page.response.status_code == 400 and page.step == "emergency"
    assert "Some of your answers were missing" in page.html
    assert ("q-age", "16-49") in page.form.hidden
    assert page.form.checked["q-emergency-signs"] == ["none"]


def test_a_tick_counts_beside_a_value_not_offered():
    page = Page(Client().post(ANSWER_URL, {"step": "emergency", "q-emergency-signs": ["not-an-answer", "chest-pain"]}))
    assert page.urgency == "emergency"


def test_with_no_questions_published_the_wizard_says_it_is_unavailable_and_how_to_get_help():
    from guide.models import Question

    Question.objects.update(published=False)
    from pagecache.models import ContentVersion

    ContentVersion.bump()
    for response in [Client().get(START_URL), Client().post(ANSWER_URL, {"step": "emergency"})]:
        assert response.status_code == 503 and response["Retry-After"] == "300"
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        assert "The symptom checker is not available right now" in html and 'href="tel:999"' in html
