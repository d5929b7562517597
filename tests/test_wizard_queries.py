"""In production each worker re-reads the content version at most once a second, so within that second
a wizard step after the first costs the database nothing: the questionnaire is built once per version.

Only the outcomes still read: the published warning signs and the plan's treatments (see the report
on issue 12 for why they are left for now).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import version
from tests.wizard_support import ORDINARY, START_URL, Page, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_recheck(settings, monkeypatch, guide_content):
    """The production interval (1 s) on a clock that stands still: every request is within the second."""
    settings.PAGECACHE_RECHECK_SECONDS = 1
    monkeypatch.setattr(version.time, "monotonic", lambda: 1000.0)
    version.forget()
    yield
    version.forget()


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_question_steps_after_the_first_make_no_query(client):
    assert queries(lambda: client.get(START_URL)) > 1  # the first builds the questionnaire
    pages = [Page(client.get(START_URL))]
    for answers in [{"emergency-signs": []}, {"age": "16-49", "onset": "1-3-days", "risk-factors": []}]:
        count = queries(lambda answers=answers: pages.append(pages[-1].submit(client, answers)))
        assert pages[-1].step and count == 0, pages[-1].main_text()[:200]


def test_an_emergency_outcome_makes_no_query(client):
    client.get(START_URL)
    first = Page(client.get(START_URL))
    sign = first.form.inputs[f"q-{first.questions[0]}"][0]
    outcome = []
    assert queries(lambda: outcome.append(first.submit(client, {first.questions[0]: [sign]}))) == 0
    assert outcome[0].urgency == "emergency"


def test_a_self_care_outcome_reads_only_its_plan(client):
    pages = run(client, ORDINARY)
    last_question = pages[-2]
    answers = {slug: ORDINARY.get(slug, []) for slug in last_question.questions}
    outcome = []
    count = queries(lambda: outcome.append(last_question.submit(client, answers)))
    assert outcome[0].urgency == "self-care"
    assert 0 < count <= 3, "the published warning signs and the plan's treatments"
