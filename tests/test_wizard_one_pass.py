"""One pass per request: a wizard POST reads the posted answers once and assesses them once.

The screen, the warnings beside an answer, the "Because you said" lines and the call handler's words
all come from that one assessment (`triage.assessment`), never from the engine called again.
"""

from collections import Counter

import pytest

from guide import triage
from guide.questionnaire import published
from tests.wizard_support import ANSWER_URL, HTMX, ORDINARY, START_URL, Page, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


@pytest.fixture
def calls(monkeypatch):
    """How often each of the engine's entry points ran."""
    counted = Counter()
    for name in ["assessment", "assess", "walk", "chosen"]:
        real = getattr(triage, name)

        def counting(*args, real=real, name=name, **kwargs):
            counted[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(triage, name, counting)
    return counted


def post(client, page: Page, answers: dict, button=("go", "next"), **extra) -> Page:
    return Page(client.post(ANSWER_URL, page.data(answers, button) | extra))


def assessed_once(calls: Counter) -> bool:
    # Reading the answers asks `chosen` once for each question that counts, never more.
    questions = len(published().catalogue.questions)
    return calls["assessment"] == 1 and calls["assess"] == calls["walk"] == 0 and calls["chosen"] <= questions


def test_a_step_to_the_next_screen_is_assessed_once(client, calls):
    first = Page(client.get(START_URL))
    calls.clear()
    second = post(client, first, {"emergency-signs": []})
    assert second.step == "about-you"
    assert assessed_once(calls)


def test_an_emergency_with_its_reasons_and_call_handler_lines_is_assessed_once(client, calls):
    first = Page(client.get(START_URL))
    calls.clear()
    outcome = post(client, first, {"emergency-signs": ["chest-pain"]})
    assert outcome.urgency == "emergency"
    assert "Because you said" in outcome.html and "Tell the call handler" in outcome.html
    assert assessed_once(calls)


def test_the_last_step_to_its_outcome_is_assessed_once(client, calls):
    pages = run(client, ORDINARY)
    last = pages[-2]
    answers = {slug: ORDINARY.get(slug, []) for slug in last.questions}
    calls.clear()
    outcome = post(client, last, answers)
    assert outcome.urgency == "self-care" and "Because you said" in outcome.html
    assert assessed_once(calls)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_warning_beside_an_answer_is_assessed_once(client, calls, headers):
    first = Page(client.get(START_URL))
    calls.clear()
    page = Page(
        client.post(ANSWER_URL, first.data({"emergency-signs": ["chest-pain"]}) | {"go": ["update"]}, headers=headers)
    )
    assert "call 999 now" in page.html
    assert assessed_once(calls)


def test_a_screen_with_gaps_and_a_lost_step_are_each_assessed_once(client, calls):
    pages = run(client, ORDINARY)
    second = pages[1]
    calls.clear()
    gaps = post(client, second, {})
    assert gaps.response.status_code == 400 and assessed_once(calls)
    calls.clear()
    lost = Page(client.post(ANSWER_URL, {"q-emergency-signs": ["none"], "go": ["next"]}))
    assert lost.response.status_code == 400 and assessed_once(calls)


def test_changing_an_earlier_answer_from_the_outcome_is_assessed_once(client, calls):
    pages = run(client, ORDINARY)
    outcome = pages[-1]
    calls.clear()
    back = Page(client.post(ANSWER_URL, outcome.data({}, outcome.form.buttons[0])))
    assert back.step and assessed_once(calls)
