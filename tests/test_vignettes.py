"""The public vignette suite (tests/vignettes/): well formed, broad enough, and passed by the rules,
both through the engine and through the wizard's own pages.
"""

from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from guide import triage, vignettes
from tests.wizard_support import ambulance_from_fixtures, catalogue_from_fixtures, run

pytestmark = pytest.mark.django_db

CASES = vignettes.load()


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker) -> triage.Catalogue:
    return catalogue_from_fixtures(django_db_blocker)


@pytest.fixture(scope="module")
def report(catalogue, django_db_blocker) -> vignettes.Report:
    return vignettes.run(catalogue, CASES, ambulance_from_fixtures(django_db_blocker))


def test_there_are_enough_cases_of_every_tier():
    counts = Counter(case.tier for case in CASES)
    assert counts["emergency"] >= 30 and counts["urgent"] >= 25 and counts["gp"] >= 30 and counts["self-care"] >= 35
    assert len(CASES) >= 120


def test_every_case_is_well_formed():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case.tier in triage.TIERS and case.safe in triage.TIERS, case.id
        assert triage.rank(case.safe) >= triage.rank(case.tier), case.id  # safe is the same or less urgent
        assert case.id.startswith({"emergency": "e-", "urgent": "u-", "gp": "g-", "self-care": "s-"}[case.tier])
        assert len(case.story.split()) >= 12 and case.source.strip(), case.id
    assert all(case.safe == "emergency" for case in CASES if case.tier == "emergency")
    assert all(case.ambulance is None for case in CASES if case.tier != "emergency")


def test_the_validation_format_lists_every_answer_the_pages_offer(catalogue):
    """tests/vignettes/validation/README.md is what someone answering stories through the pages reads."""
    readme = (vignettes.validation_directory() / "README.md").read_text()
    for question in catalogue.questions:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{question.slug}`"))
        assert all(f"`{value}`" in row for value in question.options), question.slug


def test_every_case_answers_only_what_the_questions_offer_and_everything_they_ask(report):
    assert [(result.vignette.id, result.problems) for result in report.problems] == []


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("emergency-signs", line)
        for line in (
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
            "cannot-feel-bladder",
            "both-legs-weak",
            "serious-accident",
            "tearing-pain",
            "tummy-pain",
        )
    ]
    + [
        ("risk-factors", factor)
        for factor in (
            "cancer",
            "steroids",
            "thin-bones",
            "weak-immunity",
            "injects-drugs",
            "back-procedure",
            "aneurysm",
            "blood-thinner",
            "pregnant",
        )
    ]
    + [
        ("age", "under-16"),
        ("age", "70-plus"),
        ("inflammatory", "began-before-35"),
        ("night-ease", "yes"),
        ("lean-with-pain", "yes"),
        ("symptoms", "worse-straining"),
        ("symptoms", "burning-pee"),
        ("symptoms", "rash-one-side"),
        ("pregnancy-weeks", "under-16-weeks"),
        ("pregnancy-signs", "heavy-bleeding"),
        ("pregnancy-signs", "pre-eclampsia"),
        ("fever-risks", "diabetes"),
        ("fever-risks", "recent-infection"),
        ("pee-signs", "under-ribs"),
        ("pee-signs", "blood-in-pee"),
        ("child-limp", "yes"),
        ("began-before-45", "no"),
    ],
)
def test_the_suite_covers_every_risk_factor_and_common_feature(question, value):
    assert any(value in case.answers.get(question, ()) for case in CASES)


@pytest.mark.parametrize(
    ("reason", "tier"),
    [
        ("cancer-with-nerve-signs", "emergency"),
        ("fever-with-nerve-signs", "emergency"),
        ("known-aneurysm", "emergency"),
        ("sudden-severe-pain-over-50", "emergency"),
        ("sudden-pain-between-shoulders", "emergency"),
        ("blood-thinner-with-leg-signs", "emergency"),
        ("blood-thinner-sudden-pain", "emergency"),
        ("pregnancy-heavy-bleeding", "emergency"),
        ("fracture-after-minor-strain", "urgent"),
        ("fall-over-50-severe", "urgent"),
        ("blood-thinner-after-fall", "urgent"),
        ("fever-with-infection-risk", "urgent"),
        ("kidney-infection-signs", "urgent"),
        ("pre-eclampsia-signs", "urgent"),
        ("sudden-severe-pain", "urgent"),
        ("pregnancy-warning-signs", "urgent"),
        ("weak-signs-together", "urgent"),
        ("weak-sign-slow-start-over-50", "urgent"),
        ("weak-sign-not-improving", "urgent"),
        ("child-warning-signs", "urgent"),
        ("not-better-after-weeks", "gp"),
        ("still-severe", "gp"),
        ("inflammatory-pattern", "gp"),
        ("inflammatory-three", "gp"),
    ],
)
def test_the_suite_exercises_every_combination_rule(report, reason, tier):
    assert any(reason in [r.rule.slug for r in result.outcome.reasons] for result in report.of_tier(tier))


def test_the_rules_meet_the_targets(report):
    assert report.emergency_sensitivity == 1.0
    assert [result.vignette.id for result in report.no_ambulance] == []
    assert [result.vignette.id for result in report.under] == []
    assert report.exact >= 0.95
    assert report.self_care_kept >= 0.90
    assert report.passed


def test_self_care_cases_include_the_benign_features_checkers_over_triage():
    benign = {"night-pain", "worse-straining", "leaning", "one-leg-shooting", "one-leg-numb"}
    with_features = [
        case for case in CASES if case.tier == "self-care" and benign & case.answers.get("symptoms", set())
    ]
    assert len(with_features) >= 10


def test_check_triage_prints_the_figures_and_passes(loaded_guide, report, capsys):
    call_command("check_triage")
    out = capsys.readouterr().out
    emergencies = len(report.of_tier("emergency"))
    assert "Confusion matrix" in out and f"Emergency sensitivity: {emergencies} of {emergencies} (100.0%; 95% CI" in out
    assert f"Under-triage (less urgent than safe): 0 of {len(CASES)} (0.0%" in out
    assert "The triage rules meet every target." in out


def test_check_triage_fails_when_a_rule_is_lost(loaded_guide, capsys):
    from guide.models import Rule

    Rule.objects.filter(slug="cancer-with-nerve-signs").update(published=False)
    with pytest.raises(CommandError, match="fall short"):
        call_command("check_triage")
    assert "[UNDER]" in capsys.readouterr().out


def test_every_case_ends_the_same_through_the_wizard_pages(loaded_guide, report):
    client = Client()
    for result in report.results:
        pages = run(client, {slug: sorted(values) for slug, values in result.vignette.answers.items()})
        assert pages[-1].urgency == result.tier, result.vignette.id


def test_check_triage_on_a_database_without_the_guide_says_how_to_load_it(loaded_guide, db):
    from guide.models import Question

    Question.objects.update(published=False)
    with pytest.raises(CommandError, match=r"no published questions.*migrate.*loaddata"):
        call_command("check_triage")
