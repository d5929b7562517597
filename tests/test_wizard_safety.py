"""The wizard keeps nothing about the person, and bad input never gets a 5xx or a milder outcome."""

import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from guide import triage
from guide.triage_views import answer as answer_view
from tests.wizard_support import ANSWER_URL, CALM_PAIN, START_URL, Page, make_triage_content, run

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
MARKER = "zq-marker-7741"


@pytest.fixture(autouse=True)
def content():
    make_triage_content()


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def every_run(client) -> list[Page]:
    pages = []
    for answers in [
        {"sign-emergency-sign-1": "yes"},
        {"sign-urgent-sign-2": "not-sure"},
        CALM_PAIN | {"severity": "severe"},
        CALM_PAIN,
    ]:
        pages += run(client, answers)
    return pages


# Nothing stored


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_full_run_writes_no_row_sets_no_cookie_but_csrf_and_creates_no_session(headers):
    before = row_counts()
    client = Client(headers=headers)
    pages = every_run(client)
    assert row_counts() == before
    assert "django_session" in before
    set_cookies = {name for page in pages for name in page.response.cookies}
    assert set_cookies == {settings.CSRF_COOKIE_NAME}
    assert set(client.cookies) == {settings.CSRF_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_every_wizard_response_is_no_store_and_never_a_redirect():
    client = Client()
    responses = [page.response for page in every_run(client)]
    responses += [
        client.get(ANSWER_URL),
        client.post(ANSWER_URL, {"step": "pain"}),
        client.post(ANSWER_URL, {"step": "nowhere"}),
    ]
    for response in responses:
        assert "no-store" in response["Cache-Control"], response
        assert "Location" not in response
        assert response.status_code < 300 or response.status_code >= 400


def test_a_marker_answer_never_reaches_a_log_or_a_url(caplog):
    caplog.set_level(logging.DEBUG)  # every logger, django.request and django.security included
    client = Client(raise_request_exception=False)
    marker_posts = [
        {"step": "emergency", "sign-emergency-sign-1": MARKER},  # unknown answer: a 400
        {"step": MARKER},
        {"step": "pain", "started": MARKER, "sign-gp-sign-1": MARKER},
        {"step": "emergency", "go": MARKER, "show": MARKER},
    ]
    responses = [client.post(ANSWER_URL, data) for data in marker_posts]
    too_many = "&".join([f"sign-emergency-sign-1={MARKER}"] * 300)  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    responses.append(client.post(ANSWER_URL, too_many, content_type="application/x-www-form-urlencoded"))
    responses.append(Client(enforce_csrf_checks=True).post(ANSWER_URL, {"step": "emergency", "x": MARKER}))
    statuses = {response.status_code for response in responses}
    assert statuses == {400, 403}
    logged = {record.name for record in caplog.records}
    assert {"django.request", "django.security.TooManyFieldsSent", "django.security.csrf"} <= logged  # 4xx logged...
    for record in caplog.records:  # ...without the answers
        assert MARKER not in record.getMessage()
        assert MARKER not in str(record.args) and MARKER not in str(record.__dict__.get("request", ""))
    assert MARKER not in caplog.text
    for response in responses:
        assert MARKER not in response.get("Location", "")
        assert MARKER not in response.request["PATH_INFO"] + response.request.get("QUERY_STRING", "")


def test_error_reports_never_see_the_answers(rf):
    request = rf.post(ANSWER_URL, {"step": "emergency", "sign-emergency-sign-1": MARKER})
    request.htmx = False
    answer_view(request)
    assert request.sensitive_post_parameters == "__ALL__"


def test_the_marker_is_never_echoed_back_in_the_page():
    html = Client().post(ANSWER_URL, {"step": "emergency", "sign-emergency-sign-1": MARKER}).content.decode()
    assert MARKER not in html


def test_answers_never_appear_in_a_url_on_any_page():
    for page in every_run(Client()):
        for form_action in [page.form.action] if page.form else []:
            assert form_action == ANSWER_URL
        assert "?" not in page.response.request["PATH_INFO"]
        assert 'href="/triage/answers/' not in page.html


# Bad input: a clear message, the right step again or a 4xx, never a 5xx, never a milder outcome


def post(data, headers=None):
    return Page(Client(headers=headers or {}).post(ANSWER_URL, data))


def test_missing_answers_show_the_same_step_with_a_clear_message():
    page = post({"step": "emergency", "sign-emergency-sign-1": "no"})
    assert page.response.status_code == 400
    assert page.step == "emergency"
    assert "Answer every question to continue" in page.html
    assert "Choose an answer to this question." in page.html
    assert 'href="#id_sign-emergency-sign-2-question"' in page.html
    assert 'value="no" id="id_sign-emergency-sign-1_1" checked>' in page.html


def test_unknown_answers_are_rejected_and_not_carried():
    page = post({"step": "emergency", "sign-emergency-sign-1": "perhaps", "sign-emergency-sign-2": "no"})
    assert page.response.status_code == 400 and page.step == "emergency"
    assert "Choose one of the answers shown." in page.html
    pain = post({"step": "pain", "started": "yesterday"} | hidden_no_to_signs())
    assert pain.step == "pain" and "Choose one of the answers shown." in pain.html
    assert ("started", "yesterday") not in pain.form.hidden


def hidden_no_to_signs(*exclude) -> dict[str, str]:
    names = [f"sign-{urgency}-sign-{n}" for urgency in ("emergency", "urgent", "gp") for n in (1, 2)]
    return {name: "no" for name in names if name not in exclude}


def test_tampered_hidden_answers_send_the_person_back_to_that_step():
    page = post({"step": "pain", **CALM_PAIN, **hidden_no_to_signs("sign-emergency-sign-2")})
    assert page.response.status_code == 400
    assert page.step == "emergency"
    assert "Some of your answers were missing" in page.html
    assert ("started", "days") in page.form.hidden  # later answers are kept for when they go on


def test_a_tampered_yes_in_the_hidden_answers_ends_in_that_tier_at_once():
    data = {"step": "pain", **CALM_PAIN, **hidden_no_to_signs()} | {"sign-emergency-sign-2": "yes"}
    assert post(data).urgency == "emergency"
    data = {"step": "pain", **CALM_PAIN, **hidden_no_to_signs()} | {"sign-urgent-sign-1": "not-sure"}
    assert post(data).urgency == "urgent"


def test_a_yes_with_other_answers_missing_ends_early_only_when_nothing_could_be_worse():
    assert post({"step": "emergency", "sign-emergency-sign-1": "yes"}).urgency == "emergency"
    urgent_yes = {"step": "urgent", "sign-urgent-sign-1": "yes"}
    assert post(urgent_yes).step == "emergency"  # an emergency answer is missing: ask it first
    assert post(hidden_no_to_signs("sign-urgent-sign-2") | urgent_yes).urgency == "urgent"
    gp_yes = {"step": "pain", "severity": "severe"} | hidden_no_to_signs()
    assert post(gp_yes).step == "pain"  # the last step needs every answer for the plan


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"step": ""},
        {"step": "outcome"},
        {"step": ["emergency", "pain"]},
        {"step": "emergency", "show": "nowhere"},
        {"step": "urgent", "show": "pain"},
    ],
    ids=["nothing", "blank", "unknown", "twice", "show-unknown", "show-ahead"],
)
def test_out_of_order_or_unknown_steps_start_again_with_a_message(data):
    page = post(data)
    assert page.response.status_code == 400
    assert page.step == "emergency"
    assert "Some of your answers were missing" in page.html


def test_an_answer_sent_twice_with_different_values_counts_as_unanswered():
    page = post({"step": "emergency", "sign-emergency-sign-1": ["no", "yes"], "sign-emergency-sign-2": "no"})
    assert page.response.status_code == 400 and page.step == "emergency"
    outcome = post({"step": "emergency", "sign-emergency-sign-1": ["yes", "yes"], "sign-emergency-sign-2": "no"})
    assert outcome.urgency == "emergency"


def test_get_on_the_post_only_url_is_a_friendly_405():
    for client in (Client(), Client(headers=HTMX)):
        response = client.get(ANSWER_URL)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert "no-store" in response["Cache-Control"]
        assert "This page needs your answers" in response.content.decode()
    assert Client().post(START_URL).status_code == 405


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_ten_thousand_repeated_fields_get_a_clear_400_page(headers):
    body = "&".join(["sign-emergency-sign-1=yes"] * 10_000)
    too_many = Client(headers=headers).post(
        ANSWER_URL, "step=emergency&" + "&".join(["a=1"] * 10_000), content_type="application/x-www-form-urlencoded"
    )
    too_big = Client(headers=headers).post(ANSWER_URL, body, content_type="application/x-www-form-urlencoded")
    for response in (too_many, too_big):
        html = response.content.decode()
        assert response.status_code == 400
        assert "We could not use what was sent" in html
        assert ("<html" in html) is not bool(headers)
        assert "Start the symptom checker again" in html and 'href="tel:999"' in html
        assert "no-store" in response["Cache-Control"]


def test_a_failed_csrf_check_gets_a_friendly_page():
    for headers in ({}, HTMX):
        response = Client(enforce_csrf_checks=True, headers=headers).post(ANSWER_URL, {"step": "emergency"})
        html = response.content.decode()
        assert response.status_code == 403
        assert "Please try that again" in html and "CSRF" not in html
        assert ("<html" in html) is not bool(headers)


def test_a_real_browser_round_trip_passes_the_csrf_check():
    client = Client(enforce_csrf_checks=True)
    outcome = run(client, CALM_PAIN)[-1]
    assert outcome.urgency == "self-care"


def test_a_yes_is_never_lost_whatever_button_is_pressed():
    for button in [("go", "next"), ("go", "none"), ("go", "other")]:
        page = post({"step": "emergency", "sign-emergency-sign-2": "yes", button[0]: button[1]})
        assert page.urgency == "emergency", button


def test_every_outcome_is_at_least_as_urgent_as_the_answers_given():
    """A sweep of every single yes or not sure, at every step, with every other answer given."""
    for step, names in [("emergency", 2), ("urgent", 4), ("pain", 6)]:
        for name in list(hidden_no_to_signs())[:names]:
            for answer in (triage.YES, triage.NOT_SURE):
                tier = name.split("-")[1]
                page = post({"step": step, **CALM_PAIN, **hidden_no_to_signs(), name: answer})
                assert page.urgency == tier, (step, name, answer)
