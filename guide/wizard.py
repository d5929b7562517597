"""The triage wizard's screens: which questions to show next, and the answers carried between them.

Nothing is stored between requests. Every answer so far travels in the POST body as hidden fields
and is checked again on every request, so a tampered, missing or out-of-order answer sends the
person back to the screen that needs it (or straight to an emergency), never to a less urgent
outcome. `triage.py` holds the rules; this module only asks and reads.

Each block is one screen. A follow-up whose trigger is on the same screen appears beside its
trigger with htmx (the form posts `go=update` when the trigger changes); without JavaScript it gets
a short screen of its own after the block. A follow-up triggered on an earlier screen is simply
part of its block's screen.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.html import escape

from guide import triage
from guide.models import Question
from guide.questionnaire import Questionnaire, published

PREFIX = "q-"
STEP_FIELD, PART_FIELD, GO_FIELD, SHOW_FIELD = "step", "part", "go", "show"
MAIN, FOLLOW_UP = "main", "follow-up"  # the two screens of a block
GO_NEXT, GO_UPDATE = "next", "update"
NONE = "none"  # the "None of these" tick box of a checklist
CURRENT, LOST = "current", "lost"  # problems: this screen has gaps, or earlier answers went missing
NONE_LABEL = "None of these"


def field_name(slug: str) -> str:
    return PREFIX + slug


def single(data, name: str) -> str:
    """A control field's value; sent twice with different values, it counts as not sent."""
    values = {value for value in data.getlist(name) if value != ""}
    return values.pop() if len(values) == 1 else ""


REQUIRED = {
    triage.CHECKLIST: f"Tick the ones you have, or tick {NONE_LABEL}.",
    triage.CHOICE: "Choose an answer to this question.",
}


def drawn(question: Question) -> dict:
    """A question as its screen draws it, in plain strings escaped once: built once per content version.

    Dicts of safe strings, not model instances: the template reads these once per option on every step.
    """
    name = field_name(question.slug)
    auto_id = f"id_{name}"
    kind = "checkbox" if question.kind == triage.CHECKLIST else "radio"
    return {
        "slug": escape(question.slug),
        "kind": escape(question.kind),
        "checklist": question.kind == triage.CHECKLIST,
        "text": escape(question.text),
        "why_we_ask": escape(question.why_we_ask),
        "name": escape(name),
        "id": escape(auto_id),
        "options": [
            {
                "value": escape(option.value),
                "type": kind,
                "id": escape(f"{auto_id}_{option.value}"),
                "label": escape(option.label),
                "hint": escape(option.hint),
                "group": escape(option.group),
            }
            for option in question.options.all()
        ],
    }


@dataclass
class Asked:
    """A question as the template shows it, with what the person chose and the follow-ups beside it."""

    question: dict  # drawn()
    chosen: list[str]  # the values chosen, "none" for "None of these"
    error: str = ""  # what to do, when it is a gap on this screen
    follow_ups: list["Asked"] = field(default_factory=list)
    updates: bool = False  # True when answering it can change what shows beside it on the same screen
    warning: bool = False  # True when its answers already mean an emergency: "call now" shows beside it


@dataclass
class Screen:
    """What to show next: a block's questions, or the outcome."""

    index: int = 0  # the block shown, or the last block answered for an outcome
    part: str = MAIN
    asked: list[Asked] = field(default_factory=list)
    outcome: triage.Outcome | None = None
    hidden: list[tuple[str, str]] = field(default_factory=list)  # answers carried in the form
    because: list[str] = field(default_factory=list)  # "Because you said ..." lines
    told: list[str] = field(default_factory=list)  # everything the person said, for a call handler
    started: str = ""  # when the pain started, in the person's words, once they said
    answers: Mapping[str, frozenset[str]] = field(default_factory=dict)  # as read, for an outcome's extras
    problem: str = ""
    status: int = 200

    @property
    def back_to(self) -> int | None:
        """The block "Change my answers" shows: the one before, or this one from its follow-ups."""
        if self.outcome is not None or self.part == FOLLOW_UP:
            return self.index
        return self.index - 1 if self.index else None

    @property
    def errors(self) -> list[Asked]:
        every = [asked for top in self.asked for asked in (top, *top.follow_ups)]
        return [asked for asked in every if asked.error]


class Wizard:
    """The screens for the published questionnaire."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire
        self.catalogue = questionnaire.catalogue
        self.last = len(self.catalogue.blocks) - 1
        # Follow-ups whose trigger is on their own screen, and that trigger: these "wait" for the
        # trigger's answer, so they appear beside it with htmx or on a screen of their own without.
        blocks = {question.slug: question.block for question in self.catalogue.questions}
        self.waiting = {
            question.slug: trigger
            for question in self.catalogue.questions
            for trigger in sorted({slug for slug, _ in question.ask_if})
            if blocks.get(trigger) == question.block
        }
        # Questions an emergency rule reads: a tick can mean "call now", said beside it at once with htmx.
        self.alarming = {
            slug
            for rule in self.catalogue.rules
            if rule.tier == triage.EMERGENCY
            for condition in rule.conditions
            for slug, _ in condition
        }
        self.drawn = {slug: drawn(question) for slug, question in questionnaire.questions.items()}
        # Each screen's questions, follow-ups included: shown when one of their triggers was answered.
        self.screens = [
            [question for question in self.catalogue.questions if self.catalogue.position[question.slug] == index]
            for index in range(len(self.catalogue.blocks))
        ]

    # Reading the POST body

    def read(self, data) -> dict[str, frozenset[str]]:
        """The valid answers in a QueryDict: read once per request, and never again.

        On a checklist, the lines ticked win over "None of these" and over anything not offered, so a
        tick always counts; with no line ticked, a value not offered leaves the question unanswered.
        A question without a valid answer is left out, as if it had not been sent.
        """
        answers = {}
        for question in self.catalogue.questions:
            values = frozenset(value for value in data.getlist(field_name(question.slug)) if value != "")
            if not values:
                continue
            if question.kind == triage.CHECKLIST:
                ticked = values & set(question.options)
                values = ticked or values - {NONE}
            if (answer := question.read(values)) is not None:
                answers[question.slug] = answer
        return answers

    def index(self, slug: str) -> int | None:
        return self.catalogue.blocks.index(slug) if slug in self.catalogue.blocks else None

    def block_slug(self, index: int) -> str:
        return self.catalogue.blocks[index]

    # The flow

    def start(self) -> Screen:
        return self.ask(0, triage.assessment(self.catalogue, {}))

    def respond(self, data) -> Screen:
        """The screen that follows a form being sent.

        The answers are read once and assessed once: the outcome, the gaps on every screen so far and
        the warnings on the screen shown all come from that one reading.
        """
        reading = triage.assessment(self.catalogue, self.read(data))
        step = self.index(single(data, STEP_FIELD))
        if step is None:
            # Even a form that lost its step ends in an emergency if it holds an emergency answer,
            # from any screen: the answers it holds are read as if every screen had been reached.
            outcome = reading.outcome
            if outcome.tier == triage.EMERGENCY and outcome.settled:
                return self.result(outcome, reading.answers, 0)
            return self.ask(0, reading, problem=LOST, status=400)
        part = FOLLOW_UP if single(data, PART_FIELD) == FOLLOW_UP else MAIN
        if show := single(data, SHOW_FIELD):  # "Change my answers": that screen, every answer kept
            target = self.index(show)
            if target is None or target > step:
                return self.ask(0, reading, problem=LOST, status=400)
            return self.check_before(target, reading) or self.ask(target, reading)
        if single(data, GO_FIELD) == GO_UPDATE:  # htmx: a trigger changed, so show its follow-ups
            return self.ask(step, reading, part=part)
        outcome = reading.at(step)
        if outcome.tier == triage.EMERGENCY and outcome.settled:
            return self.result(outcome, reading.answers, step)
        if screen := self.check_before(step, reading):
            return screen
        gaps = reading.gaps_in(step)
        if any(question.slug not in self.waiting for question in gaps):
            return self.ask(step, reading, problem=CURRENT, status=400, gaps=gaps)
        if gaps:
            if part == MAIN:  # a trigger was answered without JavaScript: its follow-ups come next
                return self.ask(step, reading, part=FOLLOW_UP)
            return self.ask(step, reading, part=FOLLOW_UP, problem=CURRENT, status=400, gaps=gaps)
        if step == self.last:
            return self.result(outcome, reading.answers, step)
        return self.ask(step + 1, reading)

    def review(self, data) -> Screen | None:
        """The outcome a complete set of posted answers gives, checked again from scratch; None if incomplete.

        For pages posted from an outcome (the summary, the calendar): they trust no tier, only answers,
        and a form that lost any answer the outcome needs gets nothing.
        """
        reading = triage.assessment(self.catalogue, self.read(data))
        outcome = reading.ending()
        upto = max(self.catalogue.position[slug] for slug in outcome.asked)
        if outcome.tier == triage.EMERGENCY and outcome.settled:  # an emergency needs nothing more
            return self.result(outcome, reading.answers, upto)
        if not outcome.settled or reading.gaps:
            return None
        return self.result(outcome, reading.answers, upto)

    def check_before(self, index: int, reading: triage.Assessment) -> Screen | None:
        """Send the person back to the first earlier screen with a gap (its answers went missing)."""
        for i in range(index):
            if gaps := reading.gaps_in(i):
                return self.ask(i, reading, problem=LOST, status=400, gaps=gaps)
        return None

    # Building screens

    def ask(
        self,
        index: int,
        reading: triage.Assessment,
        part: str = MAIN,
        problem: str = "",
        status: int = 200,
        gaps: list[triage.Question] = (),
    ) -> Screen:
        answers = reading.answers
        given = given_in(answers)
        shown = [
            question for question in self.screens[index] if not question.ask_if or not question.ask_if.isdisjoint(given)
        ]
        if part == FOLLOW_UP:
            shown = [question for question in shown if question.slug in self.waiting]
        missing = {question.slug for question in gaps}
        alarms = self.alarms(reading.at(index))
        asked = {
            question.slug: Asked(
                self.drawn[question.slug],
                [value for value in question.options if value in answers[question.slug]] or [NONE]
                if question.slug in answers
                else [],
                error=REQUIRED[question.kind] if question.slug in missing else "",
                warning=question.slug in alarms,
            )
            for question in shown
        }
        names = {field_name(slug) for slug in asked}
        return Screen(
            index=index,
            part=part,
            asked=self.arrange(asked, part),
            hidden=[(name, value) for name, value in self.hidden(answers) if name not in names],
            problem=problem,
            status=status,
        )

    def alarms(self, outcome: triage.Outcome) -> set[str]:
        """The questions whose answers already mean an emergency, once the screen's answers count."""
        if outcome.tier != triage.EMERGENCY or not outcome.settled:
            return set()
        return {
            slug
            for reason in outcome.reasons
            if reason.tier == triage.EMERGENCY and not reason.unanswered
            for slug, _ in reason.answers
        }

    def arrange(self, asked: dict[str, Asked], part: str) -> list[Asked]:
        """On the main screen each waiting follow-up goes beside its trigger; on its own screen they stand alone.

        A question whose answers mean an emergency gets the warning beside it (or beside its trigger).
        """
        if part == FOLLOW_UP:
            return list(asked.values())
        top = []
        for slug, item in asked.items():
            trigger = self.waiting.get(slug)
            if trigger in asked:
                asked[trigger].follow_ups.append(item)
                asked[trigger].warning |= item.warning
            else:
                item.updates = slug in self.waiting.values() or slug in self.alarming
                top.append(item)
        return top

    def result(self, outcome: triage.Outcome, answers: triage.Answers, upto: int) -> Screen:
        return Screen(
            index=upto,
            outcome=outcome,
            hidden=self.hidden(answers),
            because=self.because(outcome, answers),
            told=self.told(outcome, answers),
            answers=answers,
            started=next(
                (self.said(answer) for answer in sorted(given_in(answers)) if answer in self.catalogue.phases), ""
            ),
        )

    # Answers, as the forms carry them and as the person reads them back

    def hidden_values(self, answers: triage.Answers) -> list[tuple[str, list[str]]]:
        """Every valid answer, in question order: (field name, the values ticked or chosen)."""
        return [
            (field_name(question.slug), [value for value in question.options if value in answers[question.slug]])
            for question in self.catalogue.questions
            if question.slug in answers
        ]

    def hidden(self, answers: triage.Answers) -> list[tuple[str, str]]:
        return [(name, value) for name, values in self.hidden_values(answers) for value in values or [NONE]]

    def said(self, answer: triage.Answer) -> str:
        return self.questionnaire.options[answer].said

    def because(self, outcome: triage.Outcome, answers: triage.Answers) -> list[str]:
        """The answers behind the outcome, in the person's words, most urgent first."""
        if outcome.tier == triage.SELF_CARE:
            lines = self.told(outcome, answers, with_none=True)
        else:
            lines = [
                self.said(answer) for reason in outcome.reasons if not reason.unanswered for answer in reason.answers
            ]
        return [line for line in dict.fromkeys(lines) if line]

    def told(self, outcome: triage.Outcome, answers: triage.Answers, with_none: bool = False) -> list[str]:
        """Everything the person said, in the order they were asked: for a call handler or a summary."""
        lines = []
        for slug in outcome.asked:
            chosen = answers.get(slug)
            if chosen is None:
                continue
            question = self.questionnaire.questions[slug]
            if not chosen and with_none:
                lines.append(question.none_said)
            lines += [option.said for option in question.options.all() if option.value in chosen]
        return [line for line in dict.fromkeys(lines) if line]


def given_in(answers: triage.Answers) -> set[triage.Answer]:
    """Every answer given, as (question, value) pairs."""
    return {(slug, value) for slug, values in answers.items() for value in values}


_current: Wizard | None = None


def current() -> Wizard:
    """The wizard for the published questionnaire: built once per content version, as the questionnaire is."""
    global _current
    questionnaire = published()
    if _current is None or _current.questionnaire is not questionnaire:
        _current = Wizard(questionnaire)
    return _current
