"""The published questions and rules, read from the database once per content version.

The wizard, the vignette suite, the admin's safety gate and the "How we test" page all use the
same `Questionnaire`: the rows people read, and the plain `triage.Catalogue` the rules run on.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from guide import triage
from guide.models import AnswerOption, Block, Condition, Question, Route, Rule, TierAdvice, WarningSign
from pagecache.version import current_version


@dataclass(frozen=True)
class Questionnaire:
    catalogue: triage.Catalogue
    blocks: tuple[Block, ...]  # the blocks that have a published question, in order
    questions: dict[str, Question]  # by slug, in order, with their options
    options: dict[triage.Answer, AnswerOption]
    rules: dict[str, Rule]  # by slug, with their warning signs
    routes: dict[str, Route]
    advice: dict[str, TierAdvice]  # by tier

    def block_questions(self, index: int) -> list[Question]:
        slug = self.blocks[index].slug
        return [question for question in self.questions.values() if question.block.slug == slug]

    def sign(self, reason: triage.Reason) -> WarningSign:
        return self.rules[reason.rule.slug].warning_sign

    @property
    def ambulance(self) -> frozenset[str]:
        """The warning signs (by slug) that need an ambulance: a result giving one never offers a lift."""
        return frozenset(rule.warning_sign.slug for rule in self.rules.values() if rule.warning_sign.ambulance)


def answer_of(option: AnswerOption) -> triage.Answer:
    return (option.question.slug, option.value)


def build() -> Questionnaire:
    """Read every published question, rule and route: a fixed number of queries, whatever their count."""
    options = Prefetch("options", queryset=AnswerOption.objects.select_related("question"))
    questions = list(
        Question.objects.published()
        .in_order()
        .select_related("block")
        .prefetch_related(options, Prefetch("ask_if", queryset=AnswerOption.objects.select_related("question")))
    )
    while True:
        offered = {answer_of(option): option for question in questions for option in question.options.all()}
        # A follow-up whose every trigger is unpublished can never be asked: left out, with what it triggers.
        asked = [
            question
            for question in questions
            if not question.ask_if.all() or any(answer_of(option) in offered for option in question.ask_if.all())
        ]
        if len(asked) == len(questions):
            break
        questions = asked
    conditions = Prefetch(
        "conditions",
        queryset=Condition.objects.prefetch_related(
            Prefetch("options", queryset=AnswerOption.objects.select_related("question"))
        ),
    )
    rules = list(
        Rule.objects.published()
        .select_related("warning_sign")
        .prefetch_related(conditions, "warning_sign__not_while_waiting")  # what is unsafe while waiting
    )
    routes = list(
        Route.objects.published().prefetch_related(
            Prefetch("when", queryset=AnswerOption.objects.select_related("question"))
        )
    )

    def offered_of(chosen) -> frozenset[triage.Answer]:
        # An answer to an unpublished question can never be given, so it never meets a condition.
        return frozenset(answer for option in chosen if (answer := answer_of(option)) in offered)

    engine_rules = []
    for rule in rules:
        parts = tuple(offered_of(condition.options.all()) for condition in rule.conditions.all())
        if parts and all(parts):  # a rule with a condition nobody can meet can never fire
            engine_rules.append(triage.Rule(rule.slug, rule.tier, rule.warning_sign.slug, parts, rule.at_least))
    blocks = tuple(dict.fromkeys(question.block for question in questions))
    catalogue = triage.Catalogue(
        blocks=tuple(block.slug for block in blocks),
        questions=tuple(
            triage.Question(
                question.slug,
                question.block.slug,
                question.kind,
                tuple(option.value for option in question.options.all()),
                offered_of(question.ask_if.all()),
            )
            for question in questions
        ),
        rules=tuple(engine_rules),
        routes=tuple(
            triage.Route(route.slug, route.tier, when) for route in routes if (when := offered_of(route.when.all()))
        ),
        phases={answer: option.phase for answer, option in offered.items() if option.phase},
    )
    return Questionnaire(
        catalogue=catalogue,
        blocks=blocks,
        questions={question.slug: question for question in questions},
        options=offered,
        rules={rule.slug: rule for rule in rules},
        routes={route.slug: route for route in routes},
        advice={advice.tier: advice for advice in TierAdvice.objects.all()},
    )


_built: tuple[str, Questionnaire] | None = None


def published() -> Questionnaire:
    """The questionnaire for the current content version: built once, then no queries until an edit."""
    global _built
    version = current_version()
    if _built is None or _built[0] != version:
        _built = (version, build())
    return _built[1]
