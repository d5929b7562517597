"""The published rule set (fixtures/07_triage.json) as the wizard runs it: every red flag, every
combination, and the benign features that must not send an ordinary spasm to a doctor.

The catalogue is built once from the fixtures; each test is then pure.
"""

import pytest

from guide import triage
from tests.wizard_support import ORDINARY, catalogue_from_fixtures

# The catalogue is read from the database once; the marker makes pytest-django create it.
pytestmark = pytest.mark.django_db

EMERGENCY_LINES = [
    "numb-saddle",
    "hard-to-pee",
    "cannot-feel-pee",
    "leaked-pee",
    "leaked-poo",
    "cannot-feel-poo",
    "both-legs-shooting",
    "both-legs-weak",
    "both-legs-numb",
    "serious-accident",
    "chest-pain",
    "fainted",
    "tearing-pain",
    "confused",
]


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker) -> triage.Catalogue:
    return catalogue_from_fixtures(django_db_blocker)


def person(**changes) -> dict[str, frozenset[str]]:
    """The ordinary spasm, with some answers changed: a checklist as a list, a choice as a string."""
    given = ORDINARY | {name.replace("_", "-"): value for name, value in changes.items()}
    return {name: frozenset([value] if isinstance(value, str) else value) for name, value in given.items()}


def outcome(catalogue, **changes) -> triage.Outcome:
    return triage.walk(catalogue, person(**changes))


def reasons(result: triage.Outcome) -> list[str]:
    return [reason.rule.slug for reason in result.reasons]


def test_the_blocks_come_in_the_order_the_evidence_asks_for(catalogue):
    assert catalogue.blocks == ("emergency", "about-you", "the-pain", "symptoms")
    assert [question.slug for question in catalogue.in_blocks(0)] == ["emergency-signs"]
    assert catalogue.question("emergency-signs").options == tuple(EMERGENCY_LINES)


def test_an_ordinary_spasm_is_self_care_in_the_first_days(catalogue):
    result = outcome(catalogue)
    assert (result.tier, reasons(result), result.phase) == ("self-care", [], "first-days")


# The emergency block: any line ticked (true or not sure) ends it at once


@pytest.mark.parametrize("line", EMERGENCY_LINES)
def test_each_emergency_line_alone_ends_in_an_emergency_on_the_first_screen(catalogue, line):
    result = triage.walk(catalogue, {"emergency-signs": frozenset({line})})
    assert result.tier == "emergency" and result.settled
    assert result.asked == ("emergency-signs",)


def test_an_unanswered_emergency_block_never_ends_below_an_emergency(catalogue):
    result = triage.walk(catalogue, {name: value for name, value in person().items() if name != "emergency-signs"})
    assert result.tier == "emergency" and not result.settled


# Risk factors and their combinations


def test_a_known_aneurysm_with_back_pain_is_an_emergency_on_the_second_screen(catalogue):
    result = outcome(catalogue, risk_factors=["aneurysm"])
    assert result.tier == "emergency" and reasons(result) == ["known-aneurysm"]
    assert result.asked[-1] == "risk-factors"  # it ends there: nothing after is asked


@pytest.mark.parametrize("leg", ["one-foot-weak", "one-leg-shooting", "one-leg-numb", "sex-different"])
def test_cancer_history_with_a_leg_or_nerve_symptom_is_an_emergency(catalogue, leg):
    result = outcome(catalogue, risk_factors=["cancer"], symptoms=[leg], numb_worse="no")
    assert result.tier == "emergency" and reasons(result)[0] == "cancer-with-nerve-signs"


def test_cancer_history_alone_is_urgent_and_routes_to_the_cancer_team(catalogue):
    result = outcome(catalogue, risk_factors=["cancer"])
    assert result.tier == "urgent" and reasons(result) == ["cancer-history"]
    assert [route.slug for route in result.routes] == ["cancer-team"]


@pytest.mark.parametrize(
    "risk", [{"age": "70-plus"}, {"risk_factors": ["steroids"]}, {"risk_factors": ["thin-bones"]}], ids=str
)
@pytest.mark.parametrize("start", ["fall-or-knock", "movement"])
def test_weaker_bones_with_a_fall_knock_or_lift_is_urgent(catalogue, risk, start):
    result = outcome(catalogue, how_it_started=start, bruise="no", **risk)
    assert result.tier == "urgent" and reasons(result)[0] == "fracture-after-minor-strain"


def test_age_70_without_a_strain_is_not_urgent(catalogue):
    assert outcome(catalogue, age="70-plus", how_it_started="woke-with-it").tier == "self-care"


@pytest.mark.parametrize("risk", ["injects-drugs", "weak-immunity", "back-procedure"])
def test_fever_with_a_risk_of_spine_infection_is_urgent_the_same_day(catalogue, risk):
    result = outcome(catalogue, risk_factors=[risk], symptoms=["fever"])
    assert result.tier == "urgent" and reasons(result)[0] == "fever-with-infection-risk"


@pytest.mark.parametrize("risk", ["injects-drugs", "weak-immunity", "back-procedure", "steroids"])
def test_each_high_likelihood_risk_factor_alone_is_urgent(catalogue, risk):
    assert outcome(catalogue, risk_factors=[risk]).tier == "urgent"


@pytest.mark.parametrize("leg", ["one-foot-weak", "one-leg-numb"])
def test_fever_with_leg_weakness_or_numbness_is_an_emergency(catalogue, leg):
    result = outcome(catalogue, symptoms=["fever", leg], numb_worse="no")
    assert result.tier == "emergency" and reasons(result)[0] == "fever-with-nerve-signs"


@pytest.mark.parametrize(
    ("start", "bruise", "tier"),
    [("fall-or-knock", "yes", "urgent"), ("fall-or-knock", "not-sure", "urgent"), ("fall-or-knock", "no", "self-care")],
)
def test_a_bruise_after_a_fall_is_urgent(catalogue, start, bruise, tier):
    assert outcome(catalogue, how_it_started=start, bruise=bruise).tier == tier


def test_the_bruise_question_is_asked_only_after_a_fall_or_knock(catalogue):
    assert "bruise" in outcome(catalogue, how_it_started="fall-or-knock", bruise="no").asked
    assert "bruise" not in outcome(catalogue).asked


# Pregnancy


def test_pregnancy_alone_is_self_care_with_the_midwife_route(catalogue):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_signs=[])
    assert result.tier == "self-care" and [route.slug for route in result.routes] == ["midwife-self-care"]


@pytest.mark.parametrize("sign", ["bleeding", "tightenings", "waters", "baby-moving-less"])
def test_pregnancy_with_a_warning_sign_routes_urgent_cases_to_the_maternity_unit(catalogue, sign):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_signs=[sign])
    assert result.tier == "urgent" and reasons(result) == ["pregnancy-warning-signs"]
    assert [route.slug for route in result.routes] == ["maternity-urgent"]


def test_pregnancy_with_stinging_when_peeing_is_urgent(catalogue):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_signs=[], symptoms=["burning-pee"])
    assert result.tier == "urgent" and reasons(result)[0] == "pregnancy-stinging-pee"


# Age


def test_under_16_sees_a_gp(catalogue):
    assert outcome(catalogue, age="under-16").tier == "gp"


def test_under_16_woken_at_night_is_urgent(catalogue):
    result = outcome(catalogue, age="under-16", symptoms=["night-pain"], night_ease="yes")
    assert result.tier == "urgent" and reasons(result)[0] == "child-warning-signs"


# How it started and how bad it is


@pytest.mark.parametrize("onset", ["today", "1-3-days"])
def test_severe_pain_after_lifting_under_50_stays_self_care_in_the_first_days(catalogue, onset):
    assert outcome(catalogue, onset=onset, severity="severe").tier == "self-care"


@pytest.mark.parametrize("age", ["50-69", "70-plus"])
def test_sudden_severe_pain_from_50_is_urgent_even_after_lifting(catalogue, age):
    result = outcome(catalogue, age=age, onset="today", severity="severe", how_it_started="movement")
    assert result.tier == "urgent" and "sudden-severe-pain-over-50" in reasons(result)


@pytest.mark.parametrize("start", ["sudden-no-reason", "not-sure"])
def test_sudden_severe_pain_with_no_movement_to_explain_it_is_urgent(catalogue, start):
    result = outcome(catalogue, onset="today", how_it_started=start, severity="severe")
    assert result.tier == "urgent" and reasons(result) == ["sudden-severe-pain"]


@pytest.mark.parametrize("start", ["woke-with-it", "gradual", "sudden-no-reason"])
def test_moderate_pain_however_it_started_is_self_care(catalogue, start):
    assert outcome(catalogue, how_it_started=start).tier == "self-care"


def test_severe_pain_still_there_after_4_days_sees_a_gp(catalogue):
    result = outcome(catalogue, onset="4-7-days", severity="severe", course="better")
    assert result.tier == "gp" and reasons(result) == ["still-severe"]


@pytest.mark.parametrize("onset", ["today", "1-3-days"])
def test_getting_worse_is_not_asked_in_the_first_3_days(catalogue, onset):
    assert "course" not in outcome(catalogue, onset=onset).asked


@pytest.mark.parametrize(
    ("course", "tier"), [("better", "self-care"), ("same", "self-care"), ("bit-worse", "gp"), ("much-worse", "urgent")]
)
def test_compared_with_2_days_ago(catalogue, course, tier):
    assert outcome(catalogue, onset="4-7-days", course=course).tier == tier


@pytest.mark.parametrize(
    ("onset", "tier"),
    [
        ("4-7-days", "self-care"),
        ("1-3-weeks", "self-care"),
        ("3-6-weeks", "gp"),
        ("6-12-weeks", "gp"),
        ("over-3-months", "gp"),
    ],
)
def test_no_better_after_a_few_weeks_sees_a_gp_but_day_8_does_not(catalogue, onset, tier):
    result = outcome(catalogue, onset=onset, course="same", inflammatory=[])
    assert result.tier == tier


@pytest.mark.parametrize(
    ("onset", "phase"),
    [
        ("today", "first-hours"),
        ("1-3-days", "first-days"),
        ("4-7-days", "after-72-hours"),
        ("1-3-weeks", "after-72-hours"),
        ("3-6-weeks", "after-72-hours"),
        ("6-12-weeks", "recovery"),
        ("over-3-months", "recovery"),
    ],
)
def test_the_onset_sets_the_self_care_phase(catalogue, onset, phase):
    assert outcome(catalogue, onset=onset, course="better", inflammatory=[]).phase == phase


def test_four_signs_of_inflammatory_back_pain_over_3_months_see_a_gp(catalogue):
    three = ["began-before-35", "wakes-late-night", "buttock-pain"]
    improving = {"onset": "over-3-months", "course": "better"}
    assert outcome(catalogue, inflammatory=three, **improving).tier == "self-care"
    assert outcome(catalogue, inflammatory=[*three, "psoriasis"], **improving).tier == "gp"
    # Arthritis, psoriasis and tendon pain are one sign in NICE's list: together they count once.
    assert (
        outcome(catalogue, inflammatory=["began-before-35", "arthritis", "psoriasis", "enthesitis"], **improving).tier
        == "self-care"
    )


# Low-specificity features never escalate alone: a follow-up decides


@pytest.mark.parametrize("feature", ["night-pain", "worse-straining", "leaning", "one-leg-shooting", "one-leg-numb"])
def test_a_common_feature_of_a_spasm_alone_stays_self_care(catalogue, feature):
    result = outcome(catalogue, symptoms=[feature], night_ease="yes", lean_with_pain="yes", numb_worse="no")
    assert result.tier == "self-care", reasons(result)


@pytest.mark.parametrize(
    ("feature", "follow_up", "answer", "tier"),
    [
        ("night-pain", "night_ease", "no", "gp"),
        ("night-pain", "night_ease", "not-sure", "gp"),
        ("leaning", "lean_with_pain", "no", "gp"),
        ("leaning", "lean_with_pain", "not-sure", "gp"),
        ("one-leg-numb", "numb_worse", "yes", "gp"),
        ("weight-loss", "clothes_looser", "yes", "gp"),
        ("weight-loss", "clothes_looser", "no", "self-care"),
    ],
)
def test_the_follow_up_decides_a_common_feature(catalogue, feature, follow_up, answer, tier):
    assert outcome(catalogue, symptoms=[feature], **{follow_up: answer}).tier == tier


def test_pain_on_coughing_or_straining_matters_only_with_a_history_of_cancer(catalogue):
    assert outcome(catalogue, symptoms=["worse-straining"]).tier == "self-care"
    assert outcome(catalogue, symptoms=["worse-straining"], risk_factors=["cancer"]).tier == "urgent"


def test_stinging_when_peeing_is_not_the_bladder_emergency(catalogue):
    assert outcome(catalogue, symptoms=["burning-pee"]).tier == "gp"


def test_a_change_in_sex_alone_is_urgent_and_with_a_saddle_sign_an_emergency(catalogue):
    assert outcome(catalogue, symptoms=["sex-different"]).tier == "urgent"
    assert triage.walk(catalogue, {"emergency-signs": frozenset({"numb-saddle"})}).tier == "emergency"


@pytest.mark.parametrize(
    ("line", "tier"),
    [
        ("one-foot-weak", "urgent"),
        ("fever", "urgent"),
        ("between-shoulders", "gp"),
        ("new-lump", "gp"),
        ("stopped-daily-tasks", "gp"),
        ("hard-to-cope", "gp"),
    ],
)
def test_other_symptoms(catalogue, line, tier):
    assert outcome(catalogue, symptoms=[line]).tier == tier
