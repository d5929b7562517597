"""The rules engine (guide/triage.py) on a small hand-made catalogue: pure tests, no database.

Every expected value is written out here, never read back from the module under test. The real
rules are tested in test_triage_rules.py and by the vignette suite.
"""

import itertools

import pytest

from guide import triage
from guide.triage import CHECKLIST, CHOICE, EMERGENCY, GP, SELF_CARE, URGENT, Catalogue, Question, Route, Rule

ALARM = Question("alarm", "first", CHECKLIST, ("a", "b"))
AGE = Question("age", "second", CHOICE, ("young", "old"))
SIGNS = Question("signs", "second", CHECKLIST, ("x", "y", "z"))
ASK = Question("ask", "second", CHOICE, ("yes", "no", "not-sure"), ask_if=frozenset({("signs", "x")}))

RULES = (
    Rule("alarm-a", EMERGENCY, "sign-a", (frozenset({("alarm", "a")}),)),
    Rule("alarm-b", EMERGENCY, "sign-b", (frozenset({("alarm", "b")}),)),
    Rule("old-with-y", URGENT, "sign-old-y", (frozenset({("age", "old")}), frozenset({("signs", "y")}))),
    Rule(
        "two-signs",
        URGENT,
        "sign-two",
        (frozenset({("signs", "x")}), frozenset({("signs", "y")}), frozenset({("signs", "z")})),
        at_least=2,
    ),
    Rule("x-not-eased", GP, "sign-x", (frozenset({("ask", "no"), ("ask", "not-sure")}),)),
    Rule("z", GP, "sign-z", (frozenset({("signs", "z")}),)),
)
CATALOGUE = Catalogue(
    blocks=("first", "second"),
    questions=(ALARM, AGE, SIGNS, ASK),
    rules=RULES,
    routes=(Route("old-route", URGENT, frozenset({("age", "old")})),),
    phases={("age", "young"): "first-hours", ("age", "old"): "recovery"},
)
CALM = {"alarm": frozenset(), "age": frozenset({"young"}), "signs": frozenset()}


def answers(**given) -> dict[str, frozenset[str]]:
    return CALM | {name: frozenset([value] if isinstance(value, str) else value) for name, value in given.items()}


def assess(given, upto=None):
    return triage.assess(CATALOGUE, given, upto)


def fired(outcome) -> list[tuple[str, tuple, bool]]:
    return [(reason.rule.slug, reason.answers, reason.unanswered) for reason in outcome.reasons]


# Tiers and their order


def test_tiers_run_from_most_to_least_urgent():
    assert triage.TIERS == ("emergency", "urgent", "gp", "self-care")
    assert [triage.rank(tier) for tier in triage.TIERS] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("tiers", "expected"),
    [
        ([], "self-care"),
        (["gp"], "gp"),
        (["gp", "urgent"], "urgent"),
        (["self-care", "emergency", "gp"], "emergency"),
        (["urgent", "urgent"], "urgent"),
    ],
)
def test_most_urgent(tiers, expected):
    assert triage.most_urgent(tiers) == expected


# Nothing of concern


def test_none_of_these_everywhere_is_self_care_settled_with_no_reason():
    outcome = assess(answers())
    assert (outcome.tier, outcome.reasons, outcome.routes, outcome.settled) == ("self-care", (), (), True)
    assert outcome.asked == ("alarm", "age", "signs")
    assert outcome.phase == "first-hours"


# Single answers


@pytest.mark.parametrize("value", ["a", "b"])
def test_an_alarm_answer_is_an_emergency_on_the_first_block_alone(value):
    outcome = assess({"alarm": frozenset({value})}, upto=0)
    assert outcome.tier == "emergency" and outcome.settled
    assert fired(outcome) == [(f"alarm-{value}", (("alarm", value),), False)]
    assert outcome.asked == ("alarm",)


def test_both_alarms_give_two_reasons_in_rule_order():
    outcome = assess(answers(alarm={"b", "a"}))
    assert [reason.rule.slug for reason in outcome.reasons] == ["alarm-a", "alarm-b"]


def test_a_rule_needs_every_condition():
    assert assess(answers(age="old")).tier == "self-care"
    assert assess(answers(signs="y")).tier == "self-care"
    outcome = assess(answers(age="old", signs="y"))
    assert outcome.tier == "urgent"
    assert fired(outcome) == [("old-with-y", (("age", "old"), ("signs", "y")), False)]


def test_at_least_counts_the_conditions_met():
    assert assess(answers(signs="x", ask="yes")).tier == "self-care"
    outcome = assess(answers(signs={"x", "y"}, ask="yes"))
    assert fired(outcome) == [("two-signs", (("signs", "x"), ("signs", "y")), False)]
    everything = assess(answers(signs={"x", "y", "z"}, ask="yes"))
    assert fired(everything) == [
        ("two-signs", (("signs", "x"), ("signs", "y"), ("signs", "z")), False),
        ("z", (("signs", "z"),), False),
    ]


def test_reasons_come_most_urgent_first_then_in_rule_order():
    outcome = assess(answers(age="old", signs={"y", "z"}, alarm="b"))
    assert [(reason.tier, reason.rule.slug) for reason in outcome.reasons] == [
        ("emergency", "alarm-b"),
        ("urgent", "old-with-y"),
        ("urgent", "two-signs"),
        ("gp", "z"),
    ]
    assert outcome.tier == "emergency"


# Follow-ups


def test_a_follow_up_counts_only_once_its_trigger_was_given():
    outcome = assess(answers(ask="no"))  # answered, but never asked: x was not ticked
    assert outcome.tier == "self-care" and "ask" not in outcome.asked
    asked = assess(answers(signs="x", ask="no"))
    assert asked.asked == ("alarm", "age", "signs", "ask")
    assert fired(asked) == [("x-not-eased", (("ask", "no"),), False)]


@pytest.mark.parametrize(("reply", "tier"), [("yes", "self-care"), ("no", "gp"), ("not-sure", "gp")])
def test_the_follow_up_decides(reply, tier):
    assert assess(answers(signs="x", ask=reply)).tier == tier


def test_a_follow_up_left_unanswered_counts_as_its_worst_answer():
    outcome = assess(answers(signs="x"))
    assert outcome.tier == "gp" and not outcome.settled
    assert fired(outcome) == [("x-not-eased", (), True)]


def test_a_follow_up_whose_trigger_is_unanswered_is_asked_too():
    given = {"alarm": frozenset(), "age": frozenset({"young"})}  # "signs" missing
    assert assess(given).asked == ("alarm", "age", "signs", "ask")


# Gaps: a missing or invalid answer can only make it more urgent


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"alarm": frozenset({"c"})},
        {"alarm": frozenset({"a", "c"})},
    ],
    ids=["missing", "not-offered", "partly-not-offered"],
)
def test_a_gap_on_the_alarm_block_counts_as_every_alarm_but_is_not_settled(given):
    outcome = assess(given, upto=0)
    assert outcome.tier == "emergency" and not outcome.settled
    assert fired(outcome) == [("alarm-a", (), True), ("alarm-b", (), True)]


@pytest.mark.parametrize("age", [frozenset(), frozenset({"young", "old"}), frozenset({"older"})])
def test_a_choice_needs_exactly_one_offered_answer(age):
    outcome = assess(CALM | {"age": age, "signs": frozenset({"y"})})
    assert fired(outcome) == [("old-with-y", (("signs", "y"),), True)]
    assert outcome.tier == "urgent" and not outcome.settled


def test_a_half_answered_rule_is_unanswered_and_does_not_settle_the_outcome():
    given = {"alarm": frozenset(), "signs": frozenset({"y"})}  # age missing
    outcome = assess(given)
    assert outcome.tier == "urgent" and not outcome.settled
    assert fired(outcome) == [("old-with-y", (("signs", "y"),), True)]


def test_settled_means_the_answers_given_alone_set_the_tier():
    # Urgent from answers given, plus a gap that could only add another urgent or less: settled.
    given = answers(age="old", signs={"y", "x"})  # "ask" unanswered: a gp-level gap
    outcome = assess(given)
    assert outcome.tier == "urgent" and outcome.settled
    assert ("x-not-eased", (), True) in fired(outcome)


def test_questions_in_blocks_not_reached_do_not_count():
    outcome = assess({"alarm": frozenset()}, upto=0)
    assert outcome.tier == "self-care" and outcome.settled and outcome.asked == ("alarm",)


# Routes and phases


def test_a_route_applies_only_when_its_tier_is_the_outcome():
    assert [route.slug for route in assess(answers(age="old", signs="y")).routes] == ["old-route"]
    assert assess(answers(age="old")).routes == ()
    assert assess(answers(age="old", signs="y", alarm="a")).routes == ()


def test_the_phase_comes_from_the_answer_that_names_one():
    assert assess(answers(age="old")).phase == "recovery"
    assert assess({"alarm": frozenset()}, upto=0).phase is None


def test_a_route_needs_one_of_its_answers_as_well_as_its_tier():
    urgent_but_young = assess(answers(signs={"x", "y"}, ask="yes"))
    assert urgent_but_young.tier == "urgent" and urgent_but_young.routes == ()


def test_a_follow_up_not_asked_leaves_the_questions_after_it_asked():
    later = Question("later", "second", CHOICE, ("fine", "bad"))
    catalogue = Catalogue(
        blocks=("first", "second"),
        questions=(ALARM, SIGNS, ASK, later),
        rules=(Rule("bad", GP, "sign-bad", (frozenset({("later", "bad")}),)),),
    )
    outcome = triage.assess(catalogue, {"alarm": frozenset(), "signs": frozenset(), "later": frozenset({"bad"})})
    assert outcome.asked == ("alarm", "signs", "later") and outcome.tier == "gp"


def test_a_reason_lists_its_answers_in_the_order_they_were_asked_not_alphabetically():
    """ "Because you said" follows the questions, then each question's options, as the person saw them."""
    pain = Question("pain", "first", CHECKLIST, ("sharp", "dull"))
    age = Question("age", "first", CHOICE, ("old", "young"))
    pains = frozenset({("pain", "sharp"), ("pain", "dull")})
    both = Rule("both", GP, "sign-both", (pains, frozenset({("age", "old")})))
    catalogue = Catalogue(blocks=("first",), questions=(pain, age), rules=(both,))
    outcome = triage.assess(catalogue, {"pain": frozenset({"dull", "sharp"}), "age": frozenset({"old"})})
    assert outcome.reasons[0].answers == (("pain", "sharp"), ("pain", "dull"), ("age", "old"))


# Walking the blocks as the wizard does


def test_walk_stops_at_the_first_block_with_a_settled_emergency():
    outcome = triage.walk(CATALOGUE, {"alarm": frozenset({"a"}), "age": frozenset({"old"})})
    assert outcome.asked == ("alarm",) and outcome.tier == "emergency"


def test_walk_goes_on_past_an_unsettled_emergency():
    outcome = triage.walk(CATALOGUE, {"age": frozenset({"old"})})
    assert outcome.asked == ("alarm", "age", "signs", "ask") and outcome.tier == "emergency"
    assert not outcome.settled


def test_walk_ends_on_the_whole_assessment_otherwise():
    outcome = triage.walk(CATALOGUE, answers(signs="z"))
    assert (outcome.tier, outcome.asked) == ("gp", ("alarm", "age", "signs"))


# One reading of the answers, for every block a screen can reach


def test_one_reading_gives_the_outcome_at_each_block_as_a_reading_up_to_that_block_would():
    for given in [*ALL_ANSWERS[:: len(ALL_ANSWERS) // 48], {"age": frozenset({"old"})}, {}]:
        reading = triage.assessment(CATALOGUE, given)
        for upto in range(len(CATALOGUE.blocks)):
            assert reading.at(upto) == triage.assessment(CATALOGUE, given, upto).outcome, (given, upto)
        assert reading.at(9) == reading.outcome == assess(given)  # never further than it read
        assert reading.at(-1).asked == () and reading.at(-1).tier == "self-care"


def test_a_reading_works_each_outcome_out_once():
    reading = triage.assessment(CATALOGUE, answers(alarm={"a"}))
    assert reading.at(0) is reading.at(0) and reading.at(1) is reading.outcome


def test_a_reading_lists_the_gaps_of_each_block_in_the_order_asked():
    reading = triage.assessment(CATALOGUE, {"age": frozenset({"old"})})
    assert [question.slug for question in reading.gaps_in(0)] == ["alarm"]
    # "ask" counts: its trigger was left unanswered, so it could have been ticked.
    assert [question.slug for question in reading.gaps_in(1)] == ["signs", "ask"]
    assert triage.assessment(CATALOGUE, answers(), 0).gaps_in(1) == []  # a block not reached has none
    first = triage.assessment(CATALOGUE, {}, 0)  # read no further than the first block
    assert first.gaps == frozenset({"alarm"}) and [question.slug for question in first.questions] == ["alarm"]
    assert triage.assessment(CATALOGUE, answers()).gaps == frozenset()


def test_a_gap_meets_one_condition_not_two():
    """Age left unanswered could be "old", but with y not ticked "old with y" still cannot fire."""
    outcome = assess({"alarm": frozenset(), "signs": frozenset({"z"})})
    assert fired(outcome) == [("z", (("signs", "z"),), False)] and outcome.tier == "gp"


def test_a_question_is_found_by_its_slug():
    assert CATALOGUE.question("age") is AGE and CATALOGUE.question("ask") is ASK


def test_a_reading_keeps_the_answers_as_given():
    given = answers(age="old")
    assert triage.assessment(CATALOGUE, given).answers is given


# Exhaustive: every combination of answers to the small catalogue

ALL_ANSWERS = [
    {"alarm": frozenset(alarm), "age": frozenset({age}), "signs": frozenset(signs)} | ({"ask": frozenset({ask})})
    for alarm in [(), ("a",), ("b",), ("a", "b")]
    for age in AGE.options
    for signs in [combo for n in range(4) for combo in itertools.combinations(SIGNS.options, n)]
    for ask in ASK.options
]


def test_the_combinations_reach_every_tier_in_known_numbers():
    tiers = [triage.walk(CATALOGUE, given).tier for given in ALL_ANSWERS]
    assert len(tiers) == 4 * 2 * 8 * 3 == 192
    assert {tier: tiers.count(tier) for tier in triage.TIERS} == {
        # Any alarm: 3 of the 4 alarm answers, in all 48 combinations of the rest.
        "emergency": 144,
        # With no alarm (48 cases): two or more signs (4 sign sets x 2 ages x 3 replies = 24), or old
        # with y alone (3).
        "urgent": 27,
        # x with a reply of no or not sure (2 ages x 2 = 4), or z alone (2 ages x 3 = 6).
        "gp": 10,
        # No sign (6), x eased (2), or young with y alone (3).
        "self-care": 11,
    }


@pytest.mark.parametrize("given", ALL_ANSWERS[:: len(ALL_ANSWERS) // 48])
def test_ticking_one_more_line_never_lowers_the_tier(given):
    before = triage.walk(CATALOGUE, given).tier
    for question in (ALARM, SIGNS):
        for value in question.options:
            more = given | {question.slug: given[question.slug] | {value}}
            assert triage.rank(triage.walk(CATALOGUE, more).tier) <= triage.rank(before)


@pytest.mark.parametrize("given", ALL_ANSWERS)
def test_leaving_any_answer_out_never_lowers_the_tier(given):
    before = triage.walk(CATALOGUE, given).tier
    for slug in given:
        fewer = {name: value for name, value in given.items() if name != slug}
        assert triage.rank(triage.walk(CATALOGUE, fewer).tier) <= triage.rank(before)


@pytest.mark.parametrize("given", ALL_ANSWERS)
def test_the_tier_is_the_most_urgent_reason(given):
    outcome = triage.assess(CATALOGUE, given)
    expected = min((triage.rank(reason.tier) for reason in outcome.reasons), default=3)
    assert triage.rank(outcome.tier) == expected
    assert [triage.rank(reason.tier) for reason in outcome.reasons] == sorted(
        triage.rank(reason.tier) for reason in outcome.reasons
    )


# Malformed content is refused when it is read


def test_a_rule_naming_an_answer_no_question_offers_is_refused():
    with pytest.raises(ValueError, match=r"\('signs', 'w'\)"):
        Catalogue(("first",), (SIGNS,), (Rule("w", GP, "sign-w", (frozenset({("signs", "w")}),)),))


def test_a_follow_up_triggered_by_an_answer_never_offered_is_refused():
    orphan = Question("ask", "first", CHOICE, ("yes",), ask_if=frozenset({("signs", "w")}))
    with pytest.raises(ValueError, match="not offered"):
        Catalogue(("first",), (SIGNS, orphan), ())


def test_questions_listed_out_of_their_blocks_order_are_refused():
    with pytest.raises(ValueError, match=r"^Questions must be listed block by block, in the order of their blocks\.$"):
        Catalogue(("first", "second"), (AGE, ALARM), ())


@pytest.mark.parametrize("conditions", [(), (frozenset(),)])
def test_a_rule_without_a_condition_to_meet_is_refused(conditions):
    with pytest.raises(ValueError, match="needs at least one condition"):
        Rule("empty", GP, "sign", conditions)


def test_unknown_tiers_and_kinds_are_refused():
    with pytest.raises(ValueError, match="Unknown tier"):
        Rule("odd", "soon", "sign", (frozenset({("a", "b")}),))
    with pytest.raises(ValueError, match="Unknown tier"):
        Rule("self", SELF_CARE, "sign", (frozenset({("a", "b")}),))
    with pytest.raises(ValueError, match="Unknown kind"):
        Question("odd", "first", "slider", ("a",))
