"""What a result tells the person to do, by the reason for it (clinical review N1 and N10).

Emergency advice depends on the sign: a sign that needs an ambulance says to call for one and never
offers a lift to A&E; only the nerve signs (cauda equina, after cancer, with a fever) may. "While you
wait" depends on the reason too: no heat, pressing or walking after a fall, no heat after cancer,
no ibuprofen in pregnancy or on a blood thinner. Both are data on the warning sign, never a
template's choice, so these tests read the pages a person sees and the rows that decide them.
"""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from guide import countries
from guide.models import TierAdvice, WarningSign
from tests.wizard_support import ORDINARY, START_URL, Page, run

pytestmark = pytest.mark.django_db

AMBULANCE = "Ask for an ambulance. Do not go to hospital by car, even if someone can take you."
A_AND_E = "Or go to A&E now, if someone can take you."
# The only emergency signs that may offer going to A&E: a lift there is safe for the nerve signs.
NERVE_SIGNS = {
    "numb-genitals-bottom",
    "bladder-bowel-problems",
    "both-legs",
    "cancer-nerve-symptoms",
    "fever-nerve-symptoms",
}


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def text(html: str) -> str:
    html = html[html.index("<main") : html.index("</main>")] if "<main" in html else html
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def result(answers: dict, client=None) -> Page:
    return run(client or Client(), answers)[-1]


# Emergency: an ambulance, unless the sign is a nerve sign


def test_only_the_nerve_signs_may_offer_a_lift_to_a_and_e():
    emergency = WarningSign.objects.published().filter(urgency="emergency")
    assert {sign.slug for sign in emergency if not sign.ambulance} == NERVE_SIGNS
    for sign in emergency.filter(ambulance=True):
        assert "{emergency_department}" not in sign.advice + sign.while_waiting, sign.slug
        assert sign.advice.startswith("Call {emergency} for an ambulance now."), sign.slug


@pytest.mark.parametrize(
    "line", ["chest-pain", "heart-signs", "fainted", "tearing-pain", "serious-accident", "confused", "tummy-pain"]
)
def test_an_emergency_that_needs_an_ambulance_never_suggests_a_lift_to_a_and_e(line):
    """Clinical review N1: chest pain, fainting, the aorta and a serious accident need an ambulance."""
    page = result({"emergency-signs": [line]})
    body = text(page.html)
    assert page.urgency == "emergency" and AMBULANCE in body
    assert "if someone can take you" not in body.replace("even if someone can take you", "")
    assert "go to A&E" not in body


def test_an_emergency_found_later_that_needs_an_ambulance_says_so_too():
    page = result(
        ORDINARY | {"age": "70-plus", "onset": "today", "how-it-started": "sudden-no-reason", "severity": "severe"}
    )
    assert page.urgency == "emergency" and AMBULANCE in text(page.html)


@pytest.mark.parametrize("line", ["numb-saddle", "hard-to-pee", "both-legs-weak"])
def test_a_nerve_sign_may_offer_a_and_e_if_someone_can_take_them(line):
    body = text(result({"emergency-signs": [line]}).html)
    assert A_AND_E in body and AMBULANCE not in body


def test_a_nerve_sign_with_an_ambulance_sign_gets_the_ambulance():
    body = text(result({"emergency-signs": ["numb-saddle", "chest-pain"]}).html)
    assert AMBULANCE in body and A_AND_E not in body


def test_the_rows_refuse_an_ambulance_sign_or_line_that_offers_a_and_e():
    sign = WarningSign.objects.get(slug="chest-pain")
    sign.advice = "Call {emergency} or go to {emergency_department} now."
    with pytest.raises(ValidationError, match="needs an ambulance"):
        sign.full_clean()
    urgent = WarningSign.objects.get(slug="high-temperature")  # not an emergency: it cannot need an ambulance
    urgent.ambulance = True
    with pytest.raises(ValidationError, match="Only an emergency sign"):
        urgent.full_clean()
    advice = TierAdvice.objects.get(tier="emergency")
    advice.ambulance_lead = "Go to {emergency_department} now."
    with pytest.raises(ValidationError, match="Do not offer"):
        advice.full_clean()


def test_the_printed_card_puts_ambulance_signs_apart_from_the_ones_that_may_go_to_a_and_e():
    html = Client().get("/warning-signs/card/").content.decode()
    ambulance = html[html.index('id="card-ambulance"') : html.index('id="card-emergency"')]
    a_and_e = html[html.index('id="card-emergency"') : html.index('id="card-urgent"')]
    assert "for an ambulance now if" in ambulance and "or go to A&amp;E now if" in a_and_e
    for sign in WarningSign.objects.published().filter(urgency="emergency"):
        label = sign.in_brief[0].upper() + sign.in_brief[1:]
        assert (f"<li>{label}</li>" in ambulance) is sign.ambulance, sign.slug
        assert (f"<li>{label}</li>" in a_and_e) is (not sign.ambulance), sign.slug


# While you wait: by the reason


def test_while_waiting_for_an_ambulance_for_the_aorta_keep_still_and_do_not_eat_or_drink():
    body = text(result({"emergency-signs": ["tummy-pain"]}).html)
    assert "While you wait for help Lie down and keep still. Do not eat or drink anything." in body


def while_you_wait(page: Page) -> str:
    html = page.html[page.html.index('id="meanwhile-heading"') :]
    return text(html[: html.index("</section>")])


FALL_WITH_BRUISE = ORDINARY | {"how-it-started": "fall-or-knock", "bruise": "yes"}


@pytest.mark.parametrize(
    "answers",
    [
        FALL_WITH_BRUISE,
        ORDINARY | {"age": "50-69", "how-it-started": "fall-or-knock", "bruise": "no", "severity": "severe"},
        ORDINARY | {"risk-factors": ["steroids"]},
        ORDINARY | {"risk-factors": ["blood-thinner"], "how-it-started": "fall-or-knock", "bruise": "no"},
    ],
    ids=["bruise after a fall", "fall at 50 severe", "long-term steroids", "blood thinner after a fall"],
)
def test_a_possible_broken_bone_gets_no_heat_no_pressing_and_no_walking_while_waiting(answers):
    """Clinical review N10: after a fall with a bruise, the page said heat, press firmly and walk."""
    page = result(answers)
    assert page.urgency == "urgent"
    waiting = while_you_wait(page)
    assert "Keep as still as is comfortable until you are seen." in waiting
    for unsafe in ["heat pack", "Press your fingertips", "walk for a few minutes"]:
        assert unsafe not in waiting, unsafe


def test_a_possible_broken_bone_gets_the_ice_line_and_a_blood_thinner_no_ibuprofen():
    assert "hold an ice pack wrapped in a towel" in while_you_wait(result(FALL_WITH_BRUISE))
    thinner = result(ORDINARY | {"risk-factors": ["blood-thinner"], "how-it-started": "fall-or-knock", "bruise": "no"})
    assert "ibuprofen" not in while_you_wait(thinner)


def test_after_cancer_no_heat_while_waiting_but_the_other_first_steps_stay():
    waiting = while_you_wait(result(ORDINARY | {"risk-factors": ["cancer"]}))
    assert "Do not put heat on skin that has had radiotherapy." in waiting
    assert "heat pack" not in waiting and "Press your fingertips" in waiting


def test_in_pregnancy_no_ibuprofen_and_no_lying_on_the_back_while_waiting():
    answers = ORDINARY | {
        "risk-factors": ["pregnant"],
        "pregnancy-weeks": "16-weeks-or-more",
        "pregnancy-signs": ["waters"],
    }
    waiting = while_you_wait(result(answers))
    assert "ibuprofen" not in waiting and "Lie on your back" not in waiting


def test_an_urgent_reason_without_a_caution_keeps_the_usual_first_steps():
    waiting = while_you_wait(result(ORDINARY | {"risk-factors": ["injects-drugs"]}))
    assert "heat pack" in waiting and "Press your fingertips" in waiting


# The first screen


def test_the_first_screen_asks_life_threatening_signs_first_under_two_headings():
    html = Page(Client().get(START_URL)).html
    headings = re.findall(r'<h2 class="choices-group">([^<]+)</h2>', html)
    assert headings == ["Signs that you are seriously ill", "Signs from your back, legs, bladder or bowel"]
    assert html.index("struggling to breathe") < html.index(headings[1]) < html.index("Numb or tingly skin")


def test_the_first_screen_says_to_call_for_someone_who_cannot_answer_in_their_country():
    client = Client()
    client.cookies[countries.cookie_name()] = "us"
    body = text(client.get(START_URL).content.decode())
    assert "If someone cannot answer for themselves, call 911 now." in body


def test_every_home_care_result_says_when_to_see_a_gp_spasms_that_keep_coming_back_among_them():
    """Hazard H11: recurring spasms are not a warning sign, but they should be reviewed."""
    page = result(ORDINARY)
    sooner = page.html[page.html.index('class="fold get-help-sooner"') :]
    assert page.urgency == "self-care"
    assert WarningSign.objects.get(slug="keeps-coming-back").label in unescape(sooner)
