"""The one-page summary a person takes to a GP, physiotherapist or pharmacist.

It is made from an outcome checked again from the posted answers (`Wizard.review`): every question
that counted, in the order it was asked, with the answers in the person's words and, for each
tick-list, the lines they did not tick, so a clinician sees what was ruled out.
"""

from dataclasses import dataclass

from guide import triage
from guide.questionnaire import Questionnaire
from guide.wizard import Screen


@dataclass(frozen=True)
class Answered:
    question: str  # as the person read it
    said: tuple[str, ...]  # their answers, in their words ("None of these" as the question's none_said)
    ruled_out: tuple[str, ...] = ()  # a tick-list's lines left unticked, as the person read them


def answered(questionnaire: Questionnaire, screen: Screen) -> list[Answered]:
    rows = []
    for slug in screen.outcome.asked:
        question = questionnaire.questions[slug]
        chosen = triage.chosen(screen.answers, questionnaire.catalogue.question(slug))
        if chosen is None:
            continue
        options = list(question.options.all())
        said = [option.said for option in options if option.value in chosen] or [question.none_said]
        ruled_out = [option.label for option in options if option.value not in chosen]
        rows.append(
            Answered(
                question.text,
                tuple(line for line in said if line),
                tuple(ruled_out) if question.kind == question.Kind.CHECKLIST else (),
            )
        )
    return rows
