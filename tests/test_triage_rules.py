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
    "breathing",
    "chest-pain",
    "heart-signs",
    "fainted",
    "confused",
    "stroke",
    "blue-skin",
    "rash",
    "no-pee",
    "allergy",
    "heavy-bleeding",
    "numb-saddle",
    "hard-to-pee",
    "cannot-feel-pee",
    "cannot-feel-bladder",
    "leaked-pee",
    "leaked-poo",
    "cannot-feel-poo",
    "both-legs-shooting",
    "both-legs-weak",
    "both-legs-numb",
    "serious-accident",
    "tearing-pain",
    "tummy-pain",
]
# The signs of the first screen that may offer a lift to A&E: the nerve signs (cauda equina).
NERVE_LINES = {
    "numb-saddle",
    "hard-to-pee",
    "cannot-feel-pee",
    "cannot-feel-bladder",
    "leaked-pee",
    "leaked-poo",
    "cannot-feel-poo",
    "both-legs-shooting",
    "both-legs-weak",
    "both-legs-numb",
}


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
    # One screen first, as NHS 111 online asks: signs of a life-threatening illness, then the back's own.
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


# The first screen reads every life-threatening sign, general ones first (NHS 111 online)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("breathing", "breathing-stroke-allergy-bleeding"),
        ("stroke", "breathing-stroke-allergy-bleeding"),
        ("allergy", "breathing-stroke-allergy-bleeding"),
        ("heavy-bleeding", "breathing-stroke-allergy-bleeding"),
        ("chest-pain", "chest-pain"),
        ("heart-signs", "heart-attack-signs"),
        ("blue-skin", "sepsis-signs"),
        ("rash", "sepsis-signs"),
        ("no-pee", "sepsis-signs"),
        ("cannot-feel-bladder", "cauda-equina-bladder-bowel"),
        ("tummy-pain", "sudden-tummy-pain"),
    ],
)
def test_each_new_first_screen_sign_gives_its_own_reason(catalogue, line, rule):
    result = triage.walk(catalogue, {"emergency-signs": frozenset({line})})
    assert result.tier == "emergency" and reasons(result) == [rule]


# Heart and aorta (clinical review N2, N3): no sign needs another, and tearing is an example


def test_a_heart_attack_felt_between_the_shoulder_blades_without_chest_pain_is_an_emergency(catalogue):
    result = triage.walk(catalogue, {"emergency-signs": frozenset({"heart-signs"})})
    assert result.tier == "emergency" and reasons(result) == ["heart-attack-signs"]


@pytest.mark.parametrize("age", ["50-69", "70-plus"])
@pytest.mark.parametrize("start", ["sudden-no-reason", "not-sure"])
@pytest.mark.parametrize("onset", ["today", "1-3-days"])
def test_sudden_severe_pain_with_no_movement_to_explain_it_from_50_is_an_emergency(catalogue, age, start, onset):
    result = outcome(catalogue, age=age, how_it_started=start, severity="severe", onset=onset)
    assert result.tier == "emergency" and reasons(result)[0] == "sudden-severe-pain-over-50"


def test_sudden_severe_pain_between_the_shoulder_blades_is_an_emergency_under_50(catalogue):
    result = outcome(catalogue, how_it_started="sudden-no-reason", severity="severe", symptoms=["between-shoulders"])
    assert result.tier == "emergency" and reasons(result)[0] == "sudden-pain-between-shoulders"


@pytest.mark.parametrize("age", ["50-69", "70-plus"])
def test_sudden_severe_pain_between_the_shoulder_blades_from_50_is_an_emergency_a_screen_sooner(catalogue, age):
    result = outcome(
        catalogue, age=age, how_it_started="sudden-no-reason", severity="severe", symptoms=["between-shoulders"]
    )
    assert result.tier == "emergency" and "symptoms" not in result.asked


def test_pain_between_the_shoulder_blades_that_came_on_slowly_sees_a_gp(catalogue):
    result = outcome(catalogue, how_it_started="gradual", severity="moderate", symptoms=["between-shoulders"])
    assert result.tier == "gp" and reasons(result) == ["between-shoulders"]


@pytest.mark.parametrize("start", ["sudden-no-reason", "not-sure"])
def test_sudden_severe_pain_with_no_movement_to_explain_it_under_50_is_urgent(catalogue, start):
    result = outcome(catalogue, onset="today", how_it_started=start, severity="severe")
    assert result.tier == "urgent" and reasons(result) == ["sudden-severe-pain"]


@pytest.mark.parametrize("age", ["16-49", "50-69"])
@pytest.mark.parametrize("onset", ["today", "1-3-days"])
def test_an_ordinary_lifting_spasm_severe_in_the_first_days_stays_self_care_up_to_69(catalogue, age, onset):
    """Clinical review N7: severe pain on day 1 is normal for a spasm; age alone is a weak flag."""
    result = outcome(catalogue, age=age, onset=onset, severity="severe", how_it_started="movement")
    assert result.tier == "self-care", reasons(result)


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


@pytest.mark.parametrize("age", ["50-69", "70-plus"])
def test_a_fall_from_50_with_severe_pain_is_urgent_without_a_bruise(catalogue, age):
    """Clinical review N6: a woman of 65 who fell, with severe pain and no bruise, was sent home."""
    result = outcome(catalogue, age=age, how_it_started="fall-or-knock", bruise="no", severity="severe")
    assert result.tier == "urgent" and "fall-over-50-severe" in reasons(result)


@pytest.mark.parametrize(("age", "tier"), [("16-49", "self-care"), ("50-69", "self-care")])
def test_a_fall_with_moderate_pain_under_70_and_no_bruise_stays_self_care(catalogue, age, tier):
    assert outcome(catalogue, age=age, how_it_started="fall-or-knock", bruise="no").tier == tier


def test_age_70_without_a_strain_is_not_urgent(catalogue):
    assert outcome(catalogue, age="70-plus", how_it_started="woke-with-it").tier == "self-care"


@pytest.mark.parametrize("risk", ["injects-drugs", "weak-immunity", "back-procedure"])
def test_fever_with_a_risk_of_spine_infection_is_urgent_the_same_day(catalogue, risk):
    result = outcome(catalogue, risk_factors=[risk], symptoms=["fever"], fever_risks=[])
    assert result.tier == "urgent" and reasons(result)[0] == "fever-with-infection-risk"


@pytest.mark.parametrize("risk", ["diabetes", "recent-infection"])
def test_fever_with_diabetes_or_a_recent_infection_is_urgent_with_the_spine_infection_advice(catalogue, risk):
    """Clinical review N16: diabetes and an infection elsewhere are spine-infection risk factors."""
    result = outcome(catalogue, symptoms=["fever"], fever_risks=[risk])
    assert result.tier == "urgent" and reasons(result)[0] == "fever-with-infection-risk"
    assert reasons(outcome(catalogue, symptoms=["fever"], fever_risks=[]))[0] == "fever"


def test_diabetes_is_asked_only_with_a_fever(catalogue):
    assert "fever-risks" in outcome(catalogue, symptoms=["fever"], fever_risks=[]).asked
    assert "fever-risks" not in outcome(catalogue).asked


@pytest.mark.parametrize("risk", ["injects-drugs", "weak-immunity", "back-procedure", "steroids"])
def test_each_high_likelihood_risk_factor_alone_is_urgent(catalogue, risk):
    assert outcome(catalogue, risk_factors=[risk]).tier == "urgent"


@pytest.mark.parametrize("leg", ["one-foot-weak", "one-leg-numb"])
def test_fever_with_leg_weakness_or_numbness_is_an_emergency(catalogue, leg):
    result = outcome(catalogue, symptoms=["fever", leg], numb_worse="no", fever_risks=[])
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


# Blood thinners: bleeding around the spinal cord


@pytest.mark.parametrize("leg", ["one-foot-weak", "one-leg-numb"])
def test_a_blood_thinner_with_a_weak_or_numb_leg_is_an_emergency(catalogue, leg):
    result = outcome(catalogue, risk_factors=["blood-thinner"], symptoms=[leg], numb_worse="no")
    assert result.tier == "emergency" and reasons(result)[0] == "blood-thinner-with-leg-signs"


@pytest.mark.parametrize("age", ["16-49", "50-69"])
def test_a_blood_thinner_with_sudden_severe_pain_is_an_emergency(catalogue, age):
    result = outcome(
        catalogue, age=age, risk_factors=["blood-thinner"], how_it_started="sudden-no-reason", severity="severe"
    )
    assert result.tier == "emergency" and "blood-thinner-sudden-pain" in reasons(result)


def test_a_blood_thinner_with_a_fall_is_urgent_whatever_the_pain(catalogue):
    result = outcome(
        catalogue, risk_factors=["blood-thinner"], how_it_started="fall-or-knock", bruise="no", severity="mild"
    )
    assert result.tier == "urgent" and reasons(result) == ["blood-thinner-after-fall"]


def test_a_blood_thinner_with_an_ordinary_lifting_spasm_stays_self_care(catalogue):
    assert outcome(catalogue, risk_factors=["blood-thinner"], severity="severe").tier == "self-care"


# Pregnancy (clinical review N11)


def test_pregnancy_alone_is_self_care_with_the_midwife_route(catalogue):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_weeks="16-weeks-or-more", pregnancy_signs=[])
    assert result.tier == "self-care" and [route.slug for route in result.routes] == ["midwife-self-care"]


@pytest.mark.parametrize("sign", ["bleeding", "tightenings", "waters", "baby-moving-less"])
@pytest.mark.parametrize(
    ("weeks", "route"),
    [
        ("16-weeks-or-more", "maternity-urgent"),
        ("not-sure", "maternity-urgent"),
        ("under-16-weeks", "early-pregnancy-urgent"),
    ],
)
def test_pregnancy_with_a_warning_sign_is_urgent_and_routes_by_weeks(catalogue, sign, weeks, route):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_weeks=weeks, pregnancy_signs=[sign])
    assert result.tier == "urgent" and reasons(result) == ["pregnancy-warning-signs"]
    assert [r.slug for r in result.routes] == [route]


@pytest.mark.parametrize("weeks", ["under-16-weeks", "16-weeks-or-more"])
def test_heavy_bleeding_in_pregnancy_is_an_emergency(catalogue, weeks):
    result = outcome(catalogue, risk_factors=["pregnant"], pregnancy_weeks=weeks, pregnancy_signs=["heavy-bleeding"])
    assert result.tier == "emergency" and reasons(result) == ["pregnancy-heavy-bleeding"]


def test_signs_of_pre_eclampsia_are_urgent_with_the_maternity_unit(catalogue):
    result = outcome(
        catalogue, risk_factors=["pregnant"], pregnancy_weeks="16-weeks-or-more", pregnancy_signs=["pre-eclampsia"]
    )
    assert result.tier == "urgent" and reasons(result) == ["pre-eclampsia-signs"]
    assert [route.slug for route in result.routes] == ["maternity-urgent"]


def test_pregnancy_with_stinging_when_peeing_is_urgent(catalogue):
    result = outcome(
        catalogue,
        risk_factors=["pregnant"],
        pregnancy_weeks="16-weeks-or-more",
        pregnancy_signs=[],
        symptoms=["burning-pee"],
        pee_signs=[],
    )
    assert result.tier == "urgent" and reasons(result)[0] == "pregnancy-stinging-pee"


def test_how_many_weeks_is_asked_only_in_pregnancy(catalogue):
    assert "pregnancy-weeks" not in outcome(catalogue).asked


# Age


def test_under_16_sees_a_gp(catalogue):
    assert outcome(catalogue, age="under-16", child_limp="no").tier == "gp"


@pytest.mark.parametrize(
    "sign",
    [{"symptoms": ["night-pain"], "night_ease": "yes"}, {"child_limp": "yes"}, {"child_limp": "not-sure"}],
    ids=str,
)
def test_under_16_with_a_warning_sign_or_a_limp_is_urgent(catalogue, sign):
    result = outcome(catalogue, age="under-16", **({"child_limp": "no"} | sign))
    assert result.tier == "urgent" and reasons(result)[0] == "child-warning-signs"


def test_a_limp_is_asked_only_of_children(catalogue):
    assert "child-limp" in outcome(catalogue, age="under-16", child_limp="no").asked
    assert "child-limp" not in outcome(catalogue).asked


# How bad it is and how it is going (clinical review N25: one threshold each, bands that do not overlap)


@pytest.mark.parametrize("start", ["woke-with-it", "gradual", "sudden-no-reason"])
def test_moderate_pain_however_it_started_is_self_care(catalogue, start):
    assert outcome(catalogue, how_it_started=start).tier == "self-care"


@pytest.mark.parametrize(("onset", "tier"), [("1-3-days", "self-care"), ("4-6-days", "gp")])
def test_pain_still_severe_after_3_days_sees_a_gp(catalogue, onset, tier):
    result = outcome(catalogue, onset=onset, severity="severe", course="better")
    assert result.tier == tier and reasons(result) == (["still-severe"] if tier == "gp" else [])


@pytest.mark.parametrize("onset", ["today", "1-3-days"])
def test_getting_worse_is_not_asked_in_the_first_3_days(catalogue, onset):
    assert "course" not in outcome(catalogue, onset=onset).asked


@pytest.mark.parametrize(
    ("course", "tier"), [("better", "self-care"), ("same", "self-care"), ("bit-worse", "gp"), ("much-worse", "urgent")]
)
def test_compared_with_2_days_ago(catalogue, course, tier):
    assert outcome(catalogue, onset="4-6-days", course=course).tier == tier


@pytest.mark.parametrize(
    ("onset", "tier"),
    [
        ("4-6-days", "self-care"),
        ("1-2-weeks", "self-care"),
        ("3-5-weeks", "gp"),
        ("6-12-weeks", "gp"),
        ("over-3-months", "gp"),
    ],
)
def test_no_better_after_3_weeks_sees_a_gp_but_2_weeks_does_not(catalogue, onset, tier):
    result = outcome(catalogue, onset=onset, course="same", began_before_45="yes", inflammatory=[])
    assert result.tier == tier


def test_the_onset_bands_do_not_overlap(catalogue):
    """Each band starts the day after the one before ends: days, then whole weeks, then months."""
    bands = catalogue.question("onset").options
    assert bands == ("today", "1-3-days", "4-6-days", "1-2-weeks", "3-5-weeks", "6-12-weeks", "over-3-months")


@pytest.mark.parametrize(
    ("onset", "phase"),
    [
        ("today", "first-hours"),
        ("1-3-days", "first-days"),
        ("4-6-days", "after-72-hours"),
        ("1-2-weeks", "after-72-hours"),
        ("3-5-weeks", "after-72-hours"),
        ("6-12-weeks", "recovery"),
        ("over-3-months", "recovery"),
    ],
)
def test_the_onset_sets_the_self_care_phase(catalogue, onset, phase):
    assert outcome(catalogue, onset=onset, course="better", began_before_45="no").phase == phase


# Inflammatory back pain (NICE NG65; clinical review N8): 9 separate signs, asked only if it began before 45


INFLAMMATORY_3_MONTHS = {"onset": "over-3-months", "course": "better", "began_before_45": "yes"}


@pytest.mark.parametrize(
    ("signs", "tier", "rules"),
    [
        (["began-before-35", "wakes-late-night"], "self-care", []),
        (["began-before-35", "wakes-late-night", "buttock-pain"], "gp", ["inflammatory-three"]),
        (
            ["began-before-35", "arthritis", "psoriasis", "enthesitis"],
            "gp",
            ["inflammatory-pattern", "inflammatory-three"],
        ),
        (
            ["better-moving", "eases-with-nsaid", "family-spa", "psoriasis"],
            "gp",
            ["inflammatory-pattern", "inflammatory-three"],
        ),
    ],
)
def test_nice_counts_9_separate_signs_4_refer_and_3_test_for_hla_b27(catalogue, signs, tier, rules):
    result = outcome(catalogue, inflammatory=signs, **INFLAMMATORY_3_MONTHS)
    assert result.tier == tier and reasons(result) == rules


@pytest.mark.parametrize(("began", "asked"), [("yes", True), ("not-sure", True), ("no", False)])
def test_the_signs_of_inflammation_are_asked_only_when_it_began_before_45(catalogue, began, asked):
    result = outcome(catalogue, onset="over-3-months", course="better", began_before_45=began, inflammatory=[])
    assert ("inflammatory" in result.asked) is asked
    assert "began-before-45" not in outcome(catalogue, onset="3-5-weeks", course="better").asked


# Weak signs: each alone a GP, two together sooner (Henschke 2013, Downie 2013, Deyo 1988, NICE CG75)


@pytest.mark.parametrize(
    "pair",
    [
        {"symptoms": ["weight-loss", "night-pain"], "clothes_looser": "yes", "night_ease": "no"},
        {"symptoms": ["weight-loss", "new-lump"], "clothes_looser": "yes"},
        {"symptoms": ["night-pain", "new-lump"], "night_ease": "not-sure"},
        {"age": "50-69", "how_it_started": "gradual", "symptoms": ["new-lump"]},
        {"age": "70-plus", "how_it_started": "gradual", "symptoms": ["weight-loss"], "clothes_looser": "yes"},
        {"onset": "3-5-weeks", "course": "same", "symptoms": ["night-pain"], "night_ease": "no"},
        {"onset": "6-12-weeks", "course": "bit-worse", "symptoms": ["weight-loss"], "clothes_looser": "yes"},
    ],
    ids=str,
)
def test_two_weak_signs_together_are_urgent(catalogue, pair):
    result = outcome(catalogue, **pair)
    assert result.tier == "urgent" and {
        "weak-signs-together",
        "weak-sign-slow-start-over-50",
        "weak-sign-not-improving",
    } & set(reasons(result))


@pytest.mark.parametrize(
    "one",
    [
        {"symptoms": ["weight-loss"], "clothes_looser": "yes"},
        {"symptoms": ["night-pain"], "night_ease": "no"},
        {"symptoms": ["new-lump"]},
        {"age": "50-69", "how_it_started": "gradual", "onset": "3-5-weeks", "course": "same"},
        {
            "onset": "over-3-months",
            "course": "same",
            "began_before_45": "no",
            "symptoms": ["night-pain"],
            "night_ease": "no",
        },
    ],
    ids=str,
)
def test_one_weak_sign_or_long_lasting_pain_that_came_on_slowly_sees_a_gp(catalogue, one):
    assert outcome(catalogue, **one).tier == "gp"


# Urine infections (clinical review N9)


def test_stinging_when_peeing_alone_sees_a_pharmacist_or_gp_not_the_bladder_emergency(catalogue):
    result = outcome(catalogue, symptoms=["burning-pee"], pee_signs=[])
    assert result.tier == "gp" and reasons(result) == ["stinging-pee"]


@pytest.mark.parametrize("sign", ["under-ribs", "blood-in-pee"])
def test_stinging_when_peeing_with_pain_under_the_ribs_or_blood_in_the_pee_is_urgent(catalogue, sign):
    result = outcome(catalogue, symptoms=["burning-pee"], pee_signs=[sign])
    assert result.tier == "urgent" and reasons(result)[0] == "kidney-infection-signs"


def test_pain_under_the_ribs_is_asked_only_with_stinging_when_peeing(catalogue):
    assert "pee-signs" not in outcome(catalogue).asked


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


def test_a_change_in_sex_alone_is_urgent_and_with_a_saddle_sign_an_emergency(catalogue):
    assert outcome(catalogue, symptoms=["sex-different"]).tier == "urgent"
    assert triage.walk(catalogue, {"emergency-signs": frozenset({"numb-saddle"})}).tier == "emergency"


@pytest.mark.parametrize(
    ("line", "tier"),
    [
        ("one-foot-weak", "urgent"),
        ("fever", "urgent"),
        ("rash-one-side", "urgent"),
        ("between-shoulders", "gp"),
        ("new-lump", "gp"),
        ("stopped-daily-tasks", "gp"),
        ("hard-to-cope", "gp"),
    ],
)
def test_other_symptoms(catalogue, line, tier):
    assert outcome(catalogue, symptoms=[line], fever_risks=[]).tier == tier


# "Not sure" is never safer than any other answer (hazard: an answer misread or not known)


def test_not_sure_on_any_question_is_never_less_urgent_than_any_other_answer(catalogue):
    """For every choice with "I'm not sure", in every context the suite and these tests use, the
    outcome with "not sure" is at least as urgent as with any other answer to it."""
    # Every follow-up answered (its answer counts only when it is asked), so no gap decides the tier.
    follow_ups = {
        "bruise": "no",
        "course": "same",
        "numb_worse": "no",
        "night_ease": "yes",
        "lean_with_pain": "yes",
        "clothes_looser": "no",
        "began_before_45": "no",
        "child_limp": "no",
        "pregnancy_weeks": "16-weeks-or-more",
        "pregnancy_signs": [],
        "inflammatory": [],
        "fever_risks": [],
        "pee_signs": [],
    }
    contexts = [
        {},
        {"age": "50-69", "severity": "severe"},
        {"age": "70-plus", "onset": "4-6-days"},
        {"age": "under-16"},
        {"risk_factors": ["pregnant"]},
        {"onset": "over-3-months"},
        {"symptoms": ["night-pain", "weight-loss", "leaning", "one-leg-numb"]},
        {"how_it_started": "fall-or-knock", "symptoms": ["burning-pee", "fever"]},
    ]
    contexts = [person(**(follow_ups | context)) for context in contexts]
    for question in catalogue.questions:
        if question.kind != triage.CHOICE or "not-sure" not in question.options:
            continue
        for context in contexts:
            tiers = {
                value: triage.walk(catalogue, context | {question.slug: frozenset({value})}).tier
                for value in question.options
            }
            worst = triage.most_urgent(tiers.values())
            assert tiers["not-sure"] == worst, (question.slug, tiers)
