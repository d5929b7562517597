"""Warn before it's too late: an answer that means an emergency says "call now" beside it at once (htmx
swaps the slot after the question), in the person's country; without JavaScript, Continue gives the
emergency result as before.
"""

import pytest
from django.test import Client

from guide import countries
from tests.wizard_support import ANSWER_URL, HTMX, ORDINARY, START_URL, Page

pytestmark = pytest.mark.django_db

SLOT = '<div class="follow-ups" id="follow-ups-emergency-signs">'
WARNING = "This means you should call 999 now."


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def slot_of(html: str, slug: str = "emergency-signs") -> str:
    """From the slot after the question to the end of the questions."""
    start = html.index(f'id="follow-ups-{slug}"')
    return html[start : html.index('<div class="actions">', start)]


def update(page: Page, answers: dict, client=None) -> Page:
    data = page.data(answers) | {"go": ["update"]}
    return Page((client or Client(headers=HTMX)).post(ANSWER_URL, data))


def test_the_emergency_checklist_asks_the_server_on_every_change_and_starts_with_an_empty_slot():
    page = Page(Client(headers=HTMX).get(START_URL))
    assert 'data-hx-select="#follow-ups-emergency-signs"' in page.html
    assert 'data-hx-target="#follow-ups-emergency-signs"' in page.html
    assert SLOT + "</div>" in page.html


@pytest.mark.parametrize("tick", ["numb-saddle", "chest-pain", "confused"])
def test_a_tick_shows_call_now_beside_the_checklist_with_the_call_button(tick):
    page = Page(Client(headers=HTMX).get(START_URL))
    updated = update(page, {"emergency-signs": [tick]})
    assert updated.response.status_code == 200
    assert updated.step == "emergency", "still the same screen: nothing is decided until Continue"
    slot = slot_of(updated.html)
    assert WARNING in slot and 'class="call-button" href="tel:999"' in slot and 'role="alert"' in slot
    assert updated.form.checked == {"q-emergency-signs": [tick]}


def test_none_of_these_shows_no_warning():
    page = Page(Client(headers=HTMX).get(START_URL))
    assert WARNING not in update(page, {"emergency-signs": []}).html


def test_the_warning_gives_the_chosen_countrys_number():
    client = Client(headers=HTMX)
    client.cookies[countries.cookie_name()] = "au"
    page = Page(client.get(START_URL))
    slot = slot_of(update(page, {"emergency-signs": ["fainted"]}, client).html)
    assert "This means you should call 000 now." in slot and 'href="tel:000"' in slot


def test_a_later_answer_that_means_an_emergency_warns_beside_it_too():
    page = Page(Client().get(START_URL)).submit(Client(), {"emergency-signs": []})
    assert page.step == "about-you"
    updated = update(page, {"age": "50-69", "onset": "today", "risk-factors": ["aneurysm"]})
    assert WARNING in slot_of(updated.html, "risk-factors")
    calm = update(page, {"age": "50-69", "onset": "today", "risk-factors": ["steroids"]})
    assert WARNING not in calm.html


def test_only_the_answers_that_mean_an_emergency_are_warned_beside():
    page = Page(Client().get(START_URL)).submit(Client(), {"emergency-signs": []})
    # Under 16 needs a GP on its own; the aneurysm means 999: one warning, beside the aneurysm.
    updated = update(page, {"age": "under-16", "onset": "today", "risk-factors": ["aneurysm"]})
    assert updated.html.count(WARNING) == 1 and WARNING in slot_of(updated.html, "risk-factors")


def test_going_back_warns_only_for_what_the_answers_up_to_that_screen_mean():
    """Cancer, then a numb leg on the last screen, means 999; back on "About you" the cancer alone does not."""
    client = Client(headers=HTMX)
    page = Page(client.get(START_URL))
    for answers in [
        {"emergency-signs": []},
        {"age": "50-69", "onset": "1-3-days", "risk-factors": ["cancer"]},
        {"how-it-started": "movement", "severity": "moderate"},
    ]:
        page = page.submit(client, answers)
    assert page.step == "symptoms"
    pain = page.submit(client, {"symptoms": ["one-leg-numb"]}, ("show", "the-pain"))
    about = pain.submit(client, {}, ("show", "about-you"))
    assert about.step == "about-you" and about.form.checked["q-risk-factors"] == ["cancer"]
    assert ("q-symptoms", "one-leg-numb") in about.form.hidden
    assert WARNING not in about.html


def test_without_javascript_continue_gives_the_emergency_result():
    page = Page(Client().get(START_URL))
    assert page.submit(Client(), {"emergency-signs": ["both-legs-weak"]}).urgency == "emergency"


def test_an_ordinary_run_never_warns():
    client = Client(headers=HTMX)
    page = Page(client.get(START_URL))
    for answers in [{"emergency-signs": []}, {k: ORDINARY[k] for k in ("age", "onset", "risk-factors")}]:
        assert WARNING not in update(page, answers, client).html
        page = page.submit(client, answers)
