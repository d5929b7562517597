"""What a result offers to take away: the appointment summary, the check-in calendar and the warning-signs
card. Each is checked full and as an htmx partial where it applies, against tampering, and for privacy.
"""

import datetime
import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from guide import check_ins, countries
from guide.models import AnswerOption, CheckIn, Question, WarningSign
from guide.person_views import appointment_summary, check_in_calendar
from tests.test_wizard_safety import MARKER, row_counts
from tests.wizard_support import HTMX, ORDINARY, Page, run

pytestmark = pytest.mark.django_db

SUMMARY_URL, CHECK_INS_URL, CARD_URL = "/triage/summary/", "/triage/check-ins/", "/warning-signs/card/"
URGENT = ORDINARY | {"risk-factors": ["cancer"]}
GP = ORDINARY | {"symptoms": ["new-lump"]}
PREGNANT_GP = ORDINARY | {
    "risk-factors": ["pregnant"],
    "pregnancy-weeks": "16-weeks-or-more",
    "pregnancy-signs": [],
    "symptoms": ["new-lump"],
}
EMERGENCY = {"emergency-signs": ["chest-pain"]}


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def answers_of(answers: dict, client=None) -> dict[str, list[str]]:
    """What the outcome's take-away forms post: every answer, from the page itself."""
    outcome = run(client or Client(), answers)[-1]
    assert outcome.urgency
    return hidden_of(outcome.html)


def hidden_of(html: str, action: str = SUMMARY_URL) -> dict[str, list[str]]:
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(q-[^"]+)" value="([^"]*)"', form):
        data.setdefault(name, []).append(value)
    return data


def text(html: str) -> str:
    html = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The offer


@pytest.mark.parametrize(
    ("answers", "summary", "calendar", "card"),
    [
        (EMERGENCY, False, False, False),
        (URGENT, True, False, False),
        (GP, True, True, False),
        (ORDINARY, True, True, True),
        (ORDINARY | {"onset": "6-12-weeks", "course": "better"}, True, False, True),  # no reminder left to come
    ],
    ids=["emergency", "urgent", "gp", "self-care", "self-care-months-ago"],
)
def test_each_result_offers_what_fits_it(answers, summary, calendar, card):
    html = run(Client(), answers)[-1].html
    assert (f'action="{SUMMARY_URL}"' in html) is summary
    assert (f'action="{CHECK_INS_URL}"' in html) is calendar
    assert (f'href="{CARD_URL}"' in html) is card
    if summary:
        assert f'data-hx-post="{SUMMARY_URL}"' in html
    if calendar:  # a download: no htmx swap
        form = html[html.index(f'action="{CHECK_INS_URL}"') :]
        assert "data-hx" not in form[: form.index(">")]


# The summary


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["full", "htmx"])
def test_the_summary_gives_the_onset_every_answer_in_order_what_was_ruled_out_and_the_advice(headers):
    response = Client(headers=headers).post(SUMMARY_URL, answers_of(GP))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert ("<html" in html) is not bool(headers)
    assert "<title>Your back pain summary | backcare</title>" in html
    body = text(html)
    assert "This is not a diagnosis." in body
    assert "When it started It started 1 to 3 days ago." in body
    assert "The result: See a GP soon" in body and "Book an appointment with your GP in the next week or two." in body
    order = [question.text for question in Question.objects.published().in_order() if question.slug in ORDINARY]
    positions = [body.index(question) for question in order]
    assert positions == sorted(positions), "the answers come in the order they were asked"
    assert "You have none of the emergency signs. Not ticked: You are struggling to breathe" in body
    assert "You have found a new lump on your back. Not ticked: A high or very low temperature" in body
    for label in AnswerOption.objects.filter(question__slug="emergency-signs").values_list("label", flat=True):
        assert label in body
    assert "What the guide suggested Now (first 2 to 3 days):" in body
    assert "data-urgency" not in html  # only an outcome page carries the tier mark


def test_the_urgent_summary_gives_the_route_and_what_to_do_while_waiting():
    body = text(Client().post(SUMMARY_URL, answers_of(URGENT)).content.decode())
    assert "The result: Get help today" in body and "cancer team or acute oncology helpline" in body
    assert "While waiting for help:" in body and "You have had cancer" in body


def test_a_summary_in_another_country_uses_its_words():
    client = Client()
    client.cookies[countries.cookie_name()] = "ca"
    body = text(client.post(SUMMARY_URL, answers_of(PREGNANT_GP)).content.decode())
    assert "See a family doctor soon" in body and "as well as your family doctor" in body and "GP" not in body


def test_back_to_your_result_gives_the_same_result_again():
    summary = Page(Client().post(SUMMARY_URL, answers_of(GP)))
    assert summary.form.action == "/triage/answers/"
    assert summary.submit(Client(), {}).urgency == "gp"


def test_answers_that_mean_an_emergency_get_the_emergency_result_not_a_summary():
    data = answers_of(ORDINARY) | {"q-emergency-signs": ["chest-pain"]}
    page = Page(Client().post(SUMMARY_URL, data))
    assert page.response.status_code == 200 and page.urgency == "emergency"
    assert "This is not a diagnosis." not in page.html


def test_the_summary_trusts_answers_not_a_posted_tier():
    data = answers_of(URGENT) | {"tier": ["self-care"], "outcome": ["self-care"], "step": ["symptoms"]}
    assert "The result: Get help today" in text(Client().post(SUMMARY_URL, data).content.decode())


@pytest.mark.parametrize("view_url", [SUMMARY_URL, CHECK_INS_URL])
def test_incomplete_answers_get_a_clear_400(view_url):
    complete = answers_of(ORDINARY)
    for missing in ["q-onset", "q-emergency-signs", "q-severity", "q-symptoms"]:
        data = {name: values for name, values in complete.items() if name != missing}
        response = Client().post(view_url, data)
        assert response.status_code == 400, missing
        assert "Some of your answers were missing" in response.content.decode()
    bad = complete | {"q-age": ["16-49", "70-plus"]}
    assert Client().post(view_url, bad).status_code == 400
    assert Client().post(view_url, {}).status_code == 400
    partial = Client(headers=HTMX).post(view_url, {})
    assert partial.status_code == 400 and "<html" not in partial.content.decode()


@pytest.mark.parametrize("view_url", [SUMMARY_URL, CHECK_INS_URL])
def test_opening_a_take_away_address_says_what_to_do(view_url):
    response = Client().get(view_url + "?q-onset=today")
    assert response.status_code == 405 and response["Allow"] == "POST"


# The calendar


def calendar_of(response) -> Calendar:
    assert response.status_code == 200, response.content.decode()[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="back-pain-check-ins.ics"'
    assert "no-store" in response["Cache-Control"]
    return Calendar.from_ical(response.content)


@pytest.mark.parametrize(
    ("onset", "days_ago", "due"),
    [
        ("today", 0, [3, 21, 42]),
        ("1-3-days", 1, [3, 21, 42]),
        ("4-6-days", 4, [21, 42]),
        ("1-2-weeks", 7, [21, 42]),
        ("3-5-weeks", 21, [42]),
    ],
)
def test_reminders_fall_3_days_3_weeks_and_6_weeks_after_the_onset_given(onset, days_ago, due):
    answers = ORDINARY | {"onset": onset}
    if onset not in ("today", "1-3-days"):
        answers |= {"course": "better"}
    today = timezone.localdate()
    calendar = calendar_of(Client().post(CHECK_INS_URL, answers_of(answers)))
    events = calendar.walk("VEVENT")
    start = today - datetime.timedelta(days=days_ago)
    assert [event.decoded("DTSTART") for event in events] == [start + datetime.timedelta(days=d) for d in due]
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(days=1)
        assert event["TRANSP"] == "TRANSPARENT" and event["UID"] and event["DTSTAMP"]
        alarm = event.walk("VALARM")[0]
        assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == datetime.timedelta(hours=9)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == check_ins.PRODID


def test_each_reminder_says_what_to_check_and_links_back_to_the_guide():
    events = calendar_of(Client().post(CHECK_INS_URL, answers_of(ORDINARY | {"onset": "today"}))).walk("VEVENT")
    for event, check_in in zip(events, CheckIn.objects.published(), strict=True):
        description = str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]) == check_in.title
        assert description.startswith(check_in.what_to_check.replace("{gp}", "GP").replace("{emergency}", "999"))
        assert "http://testserver/triage/" in description and "http://testserver/warning-signs/" in description
        assert str(event["URL"]) == "http://testserver/triage/"
        # The 6-week reminder, when the pain should have settled, offers the plan for next time (issue 20).
        assert ("http://testserver/flare-up-plan/" in description) == (check_in.slug == "6-weeks")
    assert "If it is no better after 3 weeks, see your GP." in str(events[1]["DESCRIPTION"])


def test_the_calendar_holds_no_answer_beyond_the_onset():
    given = PREGNANT_GP | {"onset": "today", "age": "50-69", "severity": "mild"}
    response = Client().post(CHECK_INS_URL, answers_of(given))
    assert len(calendar_of(response).walk("VEVENT")) == 3
    ical = response.content.decode()
    unfolded = re.sub(r"\r\n[ \t]", "", ical).replace("\\,", ",")
    words = set()
    for option in AnswerOption.objects.select_related("question"):
        words |= {option.said, option.label} - {""}
    words |= set(Question.objects.values_list("none_said", flat=True)) - {""}
    assert [word for word in words if len(word) > 12 and word.lower() in unfolded.lower()] == []
    for value in ["50-69", "pregnant", "new-lump", "mild", "today"]:
        assert value not in unfolded.lower()


def test_a_calendar_in_another_country_uses_its_words():
    client = Client()
    client.cookies[countries.cookie_name()] = "us"
    events = calendar_of(client.post(CHECK_INS_URL, answers_of(ORDINARY, client))).walk("VEVENT")
    description = str(events[1]["DESCRIPTION"])
    assert "If it is no better after 3 weeks, see your doctor." in description
    assert "call 911 now" in description and "999" not in description


def test_every_onset_answer_dates_the_reminders():
    onset = AnswerOption.objects.filter(question__slug=check_ins.ONSET).values_list("value", flat=True)
    assert set(onset) == set(check_ins.DAYS_AGO)


def test_no_calendar_for_a_result_that_does_not_offer_one():
    urgent = Page(Client().post(CHECK_INS_URL, answers_of(URGENT)))
    assert urgent.response["Content-Type"].startswith("text/html") and urgent.urgency == "urgent"
    emergency = Page(Client().post(CHECK_INS_URL, answers_of(ORDINARY) | {"q-emergency-signs": ["fainted"]}))
    assert emergency.urgency == "emergency"
    months = answers_of(ORDINARY | {"onset": "over-3-months", "course": "better", "began-before-45": "no"})
    assert Client().post(CHECK_INS_URL, months).status_code == 400


# The warning-signs card


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["full", "htmx"])
def test_the_card_lists_every_emergency_and_urgent_sign_and_no_other(headers):
    response = Client(headers=headers).get(CARD_URL)
    html = response.content.decode()
    assert response.status_code == 200 and ("<html" in html) is not bool(headers)
    for sign in WarningSign.objects.published():
        label = sign.in_brief[0].upper() + sign.in_brief[1:]
        assert (f"<li>{label}</li>" in html) is (sign.urgency in ("emergency", "urgent")), sign.slug
    assert 'Call <a href="tel:999">999</a> for an ambulance now if' in html
    assert 'Call <a href="tel:999">999</a> or go to A&amp;E now if' in html
    assert "Get help today from your GP or NHS 111 if" in html


def test_the_card_is_linked_from_the_warning_signs_page():
    assert f'href="{CARD_URL}"' in Client().get("/warning-signs/").content.decode()


# Privacy: nothing kept, nothing in a URL or a log


def test_taking_away_writes_no_row_and_sets_no_cookie_but_csrf():
    client = Client()
    data = answers_of(GP, client)
    before = row_counts()
    responses = [client.post(SUMMARY_URL, data), client.post(CHECK_INS_URL, data), client.get(CARD_URL)]
    responses.append(Client(headers=HTMX).post(SUMMARY_URL, data))
    assert row_counts() == before
    assert {name for response in responses for name in response.cookies} <= {settings.CSRF_COOKIE_NAME}
    assert set(client.cookies) == {settings.CSRF_COOKIE_NAME}
    for response in responses[:2] + responses[3:]:
        assert "Location" not in response and "no-store" in response["Cache-Control"]


def test_a_marker_answer_never_reaches_a_log_or_a_page(caplog, rf):
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    data = answers_of(ORDINARY) | {"q-onset": [MARKER], "q-symptoms": [MARKER]}
    responses = [client.post(SUMMARY_URL, data), client.post(CHECK_INS_URL, data)]
    assert {response.status_code for response in responses} == {400}
    assert MARKER not in caplog.text
    for record in caplog.records:
        assert MARKER not in record.getMessage() and MARKER not in str(record.__dict__.get("request", ""))
    for response in responses:
        assert MARKER not in response.content.decode()
    for view in [appointment_summary, check_in_calendar]:
        request = rf.post(SUMMARY_URL, data)
        request.htmx = False
        view(request)
        assert request.sensitive_post_parameters == "__ALL__"


def test_no_take_away_form_or_link_carries_an_answer_in_its_address():
    for answers in [URGENT, GP, ORDINARY]:
        html = run(Client(), answers)[-1].html
        assert not re.search(r'(href|action)="[^"]*\?[^"]*q-', html)
    summary = Client().post(SUMMARY_URL, answers_of(GP)).content.decode()
    assert not re.search(r'(href|action)="[^"]*\?', summary)
