"""The wizard's rules (guide/triage.py): every tier, every warning sign, every about-the-pain answer.

Pure tests: no database. Signs come from the real content fixtures when they exist, and from
generated signs for every tier always.
"""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide import triage
from guide.phases import PHASES
from guide.triage import EMERGENCY, GP, NO, NOT_SURE, SELF_CARE, TIERS, UNANSWERED, URGENT, YES, Sign, assess
from tests.wizard_support import CALM_PAIN, fixture_signs

GENERATED = [Sign(f"{tier}-{n}", tier, f"you have {tier} sign {n}") for tier in triage.SIGN_TIERS for n in (1, 2, 3)]
FIXTURE_SIGNS = fixture_signs()
ALL_SIGNS = GENERATED + FIXTURE_SIGNS
PAIN_COMBINATIONS = list(itertools.product(*triage.PAIN_ANSWERS.values()))


def pain(**answers) -> dict[str, str]:
    return CALM_PAIN | answers


def outcome(signs=GENERATED, answers=None, pain_answers=None, catalogue=None):
    answers = {sign.slug: NO for sign in signs} | (answers or {})
    return assess(signs, answers, pain_answers, catalogue)


# Every warning sign, each way it can be answered


@pytest.mark.parametrize("sign", ALL_SIGNS, ids=lambda sign: sign.slug)
@pytest.mark.parametrize("answer", [YES, NOT_SURE])
def test_a_yes_or_not_sure_on_any_sign_gives_its_tier_with_it_as_the_reason(sign, answer):
    signs = [*GENERATED, sign] if sign not in GENERATED else GENERATED
    result = outcome(signs, {sign.slug: answer}, pain_answers=CALM_PAIN)
    assert result.tier == sign.urgency
    assert result.reasons == (triage.Reason(sign.urgency, ((sign.slug, answer),), sign),)
    assert result.settled


@pytest.mark.parametrize("sign", ALL_SIGNS, ids=lambda sign: sign.slug)
@pytest.mark.parametrize("answer", [None, "", "maybe", "YES", "no "])
def test_a_missing_or_unknown_answer_on_any_sign_counts_as_its_tier_but_is_not_settled(sign, answer):
    answers = {s.slug: NO for s in ALL_SIGNS if s != sign}
    if answer is not None:
        answers[sign.slug] = answer
    result = assess(ALL_SIGNS, answers, CALM_PAIN)
    assert result.tier == sign.urgency
    assert result.reasons == (triage.Reason(sign.urgency, ((sign.slug, UNANSWERED),), sign),)
    assert not result.settled


def test_no_on_every_sign_with_calm_pain_is_self_care():
    result = outcome(ALL_SIGNS, pain_answers=CALM_PAIN)
    assert (result.tier, result.reasons, result.settled) == (SELF_CARE, (), True)


@pytest.mark.parametrize("tiers", list(itertools.combinations(triage.SIGN_TIERS, 2)))
def test_the_most_urgent_tier_wins_and_reasons_come_most_urgent_first(tiers):
    chosen = [next(sign for sign in GENERATED if sign.urgency == tier) for tier in reversed(tiers)]
    result = outcome(answers={sign.slug: YES for sign in chosen}, pain_answers=CALM_PAIN)
    assert result.tier == tiers[0]
    assert [reason.tier for reason in result.reasons] == list(tiers)


def test_signs_not_asked_do_not_count():
    urgent = next(sign for sign in GENERATED if sign.urgency == URGENT)
    emergency_only = [sign for sign in GENERATED if sign.urgency == EMERGENCY]
    assert outcome(emergency_only, {urgent.slug: YES}).tier == SELF_CARE


def test_a_sign_with_an_unknown_urgency_is_refused():
    with pytest.raises(ValueError, match="Unknown urgency"):
        Sign("odd", "soon", "odd")


# About the pain


def expected_pain_signs(started, severity, course, recurring, one_leg) -> set[str]:
    """The content brief's GP tier, written out independently of PAIN_RULES."""
    fired = set()
    if started == "months":
        fired.add("more-than-6-weeks")
    if started in {"week", "weeks", "months"} and severity == "severe":
        fired.add("not-improving")
    if started in {"weeks", "months"} and course in {"same", "worse"}:
        fired.add("not-improving")
    if severity == "severe" or course == "worse":
        fired.add("severe-or-worsening")
    if recurring == "keeps":
        fired.add("keeps-coming-back")
    if one_leg in {YES, NOT_SURE}:
        fired.add("one-leg-numb-weak")
    return fired


@pytest.mark.parametrize("combination", PAIN_COMBINATIONS, ids="-".join)
def test_every_combination_of_pain_answers(combination):
    answers = dict(zip(triage.PAIN_ANSWERS, combination, strict=True))
    catalogue = {slug: Sign(slug, GP, slug) for slug in triage.PAIN_SIGN_SLUGS}
    result = outcome(pain_answers=answers, catalogue=catalogue)
    fired = expected_pain_signs(*combination)
    assert result.tier == (GP if fired else SELF_CARE)
    assert {reason.sign.slug for reason in result.reasons} == fired
    assert len(result.reasons) == len(fired)
    for reason in result.reasons:
        assert reason.about_pain and not reason.unanswered
        assert all(answers[question] == answer for question, answer in reason.answers)
    assert result.phase == triage.PHASE_BY_START[answers[triage.STARTED]]


def test_pain_reasons_use_the_published_sign_and_its_urgency():
    catalogue = {
        "severe-or-worsening": Sign("severe-or-worsening", URGENT, "your pain is severe or worse"),
        "keeps-coming-back": Sign("keeps-coming-back", GP, "it keeps coming back"),
    }
    result = outcome(pain_answers=pain(severity="severe", course="worse", recurring="keeps"), catalogue=catalogue)
    assert result.tier == URGENT  # an editor raised this sign to urgent
    first, second = result.reasons
    assert first.sign == catalogue["severe-or-worsening"]
    assert first.answers == (("severity", "severe"), ("course", "worse"))  # one reason per sign
    assert second.sign == catalogue["keeps-coming-back"]


def test_pain_rules_without_a_published_sign_still_count_as_gp():
    result = outcome(pain_answers=pain(recurring="keeps"), catalogue={})
    assert result.tier == GP
    assert result.reasons == (triage.Reason(GP, (("recurring", "keeps"),), None, about_pain=True),)


@pytest.mark.parametrize("question", list(triage.PAIN_ANSWERS))
@pytest.mark.parametrize("answer", [None, "", "sometimes", "SEVERE"])
def test_a_missing_or_unknown_pain_answer_is_at_least_gp_and_not_settled(question, answer):
    answers = dict(CALM_PAIN)
    if answer is None:
        del answers[question]
    else:
        answers[question] = answer
    result = outcome(pain_answers=answers)
    assert result.tier == GP
    assert not result.settled
    assert all((question, UNANSWERED) in reason.answers for reason in result.reasons)


def test_every_pain_question_can_trigger_a_rule_on_its_own():
    """So an unanswered question always reaches gp: the rule behind the missing-answer promise."""
    alone = {question for rule in triage.PAIN_RULES if len(rule.when) == 1 for question in rule.when}
    assert alone == set(triage.PAIN_ANSWERS)


def test_pain_rules_only_name_answers_that_exist():
    for rule in triage.PAIN_RULES:
        for question, answers in rule.when.items():
            assert answers <= set(triage.PAIN_ANSWERS[question]), rule


@pytest.mark.parametrize(("started", "phase"), triage.PHASE_BY_START.items())
def test_when_it_started_gives_the_phase(started, phase):
    assert phase in PHASES
    assert outcome(pain_answers=pain(started=started)).phase == phase


def test_phase_is_unknown_until_we_know_when_it_started():
    assert outcome().phase is None
    assert outcome(pain_answers=pain(started="yesterday")).phase is None


def test_every_phase_is_reachable():
    assert set(triage.PHASE_BY_START.values()) == set(PHASES)


# The real content


def test_fixtures_have_a_published_gp_sign_for_every_pain_rule():
    by_slug = {sign.slug: sign for sign in FIXTURE_SIGNS}
    for slug in triage.PAIN_SIGN_SLUGS:
        assert slug in by_slug, f"no published warning sign {slug!r} for the about-the-pain rules"
        assert by_slug[slug].urgency == GP


def test_fixtures_have_signs_at_every_urgency():
    assert {sign.urgency for sign in FIXTURE_SIGNS} == set(triage.SIGN_TIERS)


# Properties

SLUGS = [f"sign-{n}" for n in range(12)]
sign_lists = st.lists(
    st.builds(Sign, slug=st.sampled_from(SLUGS), urgency=st.sampled_from(triage.SIGN_TIERS), label=st.just("a label")),
    min_size=1,
    max_size=8,
    unique_by=lambda sign: sign.slug,
)
any_answer = st.one_of(st.sampled_from([YES, NO, NOT_SURE, "", "maybe"]), st.text(max_size=3))
pain_answer_maps = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            q: st.one_of(st.sampled_from(choices), st.text(max_size=3)) for q, choices in triage.PAIN_ANSWERS.items()
        },
    ),
)


@st.composite
def situations(draw):
    signs = draw(sign_lists)
    answers = draw(st.dictionaries(st.sampled_from([s.slug for s in signs]), any_answer))
    catalogue = {s.slug: s for s in draw(sign_lists)}
    return signs, answers, draw(pain_answer_maps), catalogue


def rank(tier: str) -> int:
    return TIERS.index(tier)


@given(situations(), st.data())
def test_adding_a_yes_or_not_sure_never_lowers_the_tier(situation, data):
    signs, answers, pain_answers, catalogue = situation
    before = assess(signs, answers, pain_answers, catalogue).tier
    sign = data.draw(st.sampled_from(signs))
    after = assess(signs, answers | {sign.slug: data.draw(st.sampled_from([YES, NOT_SURE]))}, pain_answers, catalogue)
    assert rank(after.tier) <= rank(before)
    assert rank(after.tier) <= rank(sign.urgency)


@given(situations(), st.data())
def test_an_unanswered_or_unknown_answer_never_yields_self_care(situation, data):
    signs, answers, pain_answers, catalogue = situation
    if data.draw(st.booleans(), label="gap on a sign") or pain_answers is None:
        sign = data.draw(st.sampled_from(signs))
        gap = data.draw(st.sampled_from([None, "", "unknown", "Yes"]))
        answers = {k: v for k, v in answers.items() if k != sign.slug} | ({} if gap is None else {sign.slug: gap})
    else:
        question = data.draw(st.sampled_from(list(triage.PAIN_ANSWERS)))
        pain_answers = {k: v for k, v in pain_answers.items() if k != question}
    result = assess(signs, answers, pain_answers, catalogue)
    assert result.tier != SELF_CARE


@given(situations(), st.data())
def test_an_emergency_sign_answered_yes_or_not_sure_always_gives_emergency(situation, data):
    signs, answers, pain_answers, catalogue = situation
    sign = Sign("the-emergency", EMERGENCY, "you have an emergency sign")
    answer = data.draw(st.sampled_from([YES, NOT_SURE]))
    result = assess([*signs, sign], answers | {sign.slug: answer}, pain_answers, catalogue)
    assert result.tier == EMERGENCY
    assert result.settled


@given(situations())
def test_the_tier_is_the_most_urgent_reason_and_self_care_has_none(situation):
    result = assess(*situation)
    assert result.tier == triage.most_urgent(reason.tier for reason in result.reasons)
    assert (result.tier == SELF_CARE) == (not result.reasons)
