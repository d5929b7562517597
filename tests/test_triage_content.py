"""The wizard's questions, rules and routes as shipped: loaded by natural key, cited, reviewed, and
shaped so the wizard can ask them (one trigger question per follow-up, a trigger that shows on its
screen from the start).
"""

import pytest
from django.core.management import call_command

from guide.models import AnswerOption, Block, Citation, Condition, Question, Route, Rule, TierAdvice, WarningSign
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
TRIAGE_MODELS = [Block, Question, AnswerOption, Rule, Condition, Route, TierAdvice]


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


def test_every_row_validates_and_loading_again_adds_nothing():
    before = {model: model.objects.count() for model in TRIAGE_MODELS}
    for model in TRIAGE_MODELS:
        assert model.objects.exists(), model.__name__
        for obj in model.objects.all():
            obj.full_clean()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert {model: model.objects.count() for model in TRIAGE_MODELS} == before


@pytest.mark.parametrize("model", [Question, Rule, Route], ids=lambda model: model.__name__)
def test_every_question_rule_and_route_cites_a_source(model):
    uncited = model.objects.published().filter(citations=None)
    assert not uncited.exists(), list(uncited)


def test_every_rule_names_a_warning_sign_the_person_reads_and_each_tier_has_advice():
    assert not Rule.objects.filter(warning_sign__published=False).exists()
    assert set(TierAdvice.objects.values_list("tier", flat=True)) == {"emergency", "urgent", "gp", "self-care"}
    used = set(Rule.objects.values_list("warning_sign__slug", flat=True))
    # Signs no rule gives are for the warning-signs page only; there is one, and it says so.
    assert set(WarningSign.objects.values_list("slug", flat=True)) - used == {"keeps-coming-back"}


def test_follow_ups_follow_one_question_asked_on_the_same_or_an_earlier_screen():
    for question in Question.objects.exclude(ask_if=None).prefetch_related("ask_if__question__block"):
        triggers = {option.question for option in question.ask_if.all()}
        assert len(triggers) == 1, question.slug
        trigger = triggers.pop()
        assert trigger.block.order <= question.block.order, question.slug
        # A trigger shows on its screen from the start: always asked, or a follow-up of an earlier screen
        # (never one that appears beside another answer on its own screen).
        for option in trigger.ask_if.all():
            assert option.question.block.order < trigger.block.order, f"{question.slug} follows {trigger.slug}"


def test_choices_have_two_answers_or_more_and_every_answer_says_something():
    for question in Question.objects.prefetch_related("options"):
        options = list(question.options.all())
        assert len(options) >= 2, question.slug
        assert all(option.label and option.said for option in options), question.slug
        if question.kind == Question.Kind.CHECKLIST:
            assert question.none_said, question.slug


def test_only_answers_about_when_the_pain_started_name_a_phase():
    phased = AnswerOption.objects.exclude(phase="")
    assert set(phased.values_list("question__slug", flat=True)) == {"onset"}
    assert phased.count() == AnswerOption.objects.filter(question__slug="onset").count()


def test_citations_of_questions_rules_and_routes_each_belong_to_one_subject():
    for citation in Citation.objects.exclude(question=None, rule=None, route=None):
        assert citation.subject_kind in {"question", "rule", "route"}
        citation.full_clean()
