"""The triage wizard's steps: questions, forms, and the answers carried from step to step.

Nothing is stored between requests. Every answer so far travels in the POST body as hidden
fields, and every request checks all of them again, so a tampered, missing or out-of-order answer
sends the person back to the step that needs it (or straight to a more urgent outcome), never to
a less urgent one. `triage.py` holds the rules; this module only asks and reads.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django import forms

from guide import triage
from guide.models import WarningSign

SIGN_PREFIX = "sign-"
STEP_FIELD, GO_FIELD, SHOW_FIELD = "step", "go", "show"
GO_NONE = "none"  # the "I have none of these" button
TOTAL_STEPS = 4  # three question steps, then the outcome
CONFLICT = "(more than one answer)"  # stands in for a question answered twice with different answers

SIGN_CHOICES = ((triage.YES, "Yes"), (triage.NO, "No"), (triage.NOT_SURE, "I'm not sure"))

# Short labels for the about-the-pain questions. The rules behind them live in triage.PAIN_RULES.
# Each choice: (value, what the option says, how "Because you said ..." repeats it).
PAIN_QUESTIONS = {
    triage.STARTED: (
        "When did this back pain start?",
        (
            ("hours", "In the last few hours", "it started in the last few hours"),
            ("days", "1 to 3 days ago", "it started 1 to 3 days ago"),
            ("week", "4 to 7 days ago", "it started 4 to 7 days ago"),
            ("weeks", "1 to 6 weeks ago", "it started 1 to 6 weeks ago"),
            ("months", "More than 6 weeks ago", "it started more than 6 weeks ago"),
        ),
    ),
    triage.SEVERITY: (
        "How bad is the pain now?",
        (
            ("mild", "Mild: it hurts, but I can do most everyday things", "the pain is mild"),
            ("moderate", "Moderate: it hurts a lot, but I can still get through my day", "the pain is moderate"),
            ("severe", "Severe: I can hardly move, or it stops me sleeping", "the pain is severe"),
        ),
    ),
    triage.COURSE: (
        "Is it getting better or worse?",
        (
            ("better", "Getting better", "it is getting better"),
            ("same", "About the same", "it is about the same"),
            ("worse", "Getting worse", "it is getting worse"),
        ),
    ),
    triage.RECURRING: (
        "Have you had back spasms before?",
        (
            ("first", "No, this is the first time", "this is the first time"),
            ("before", "Yes, once or a few times", "you have had them before"),
            ("keeps", "Yes, they keep coming back in the same place", "they keep coming back in the same place"),
        ),
    ),
    triage.ONE_LEG: (
        "Is one of your legs or feet numb or weak?",
        (
            (triage.YES, "Yes", "one leg or foot is numb or weak"),
            (triage.NO, "No", "neither leg is numb or weak"),
            (triage.NOT_SURE, "I'm not sure", "you are not sure if one leg or foot is numb or weak"),
        ),
    ),
}


@dataclass(frozen=True)
class Question:
    name: str  # the form field name
    text: str
    choices: tuple[tuple[str, str], ...]
    said: Mapping[str, str]  # answer -> how "Because you said ..." repeats it
    why: str = ""


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    heading: str
    questions: tuple[Question, ...]
    ends_on: frozenset[str]  # tiers that end the wizard here, before the later steps are asked
    signs: tuple[triage.Sign, ...] = ()  # the warning signs this step asks about
    none_button: bool = False

    @property
    def names(self) -> list[str]:
        return [question.name for question in self.questions]


class StepForm(forms.Form):
    """One step's questions, each a required group of radio buttons."""

    def __init__(self, questions: Sequence[Question], *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.name] = forms.ChoiceField(
                label=question.text,
                choices=question.choices,
                widget=forms.RadioSelect,
                help_text=question.why,
                error_messages={
                    "required": "Choose an answer to this question.",
                    "invalid_choice": "Choose one of the answers shown.",
                },
            )


@dataclass
class Screen:
    """What to show next: a step's questions, or the outcome."""

    step: Step | None = None
    form: StepForm | None = None
    outcome: triage.Outcome | None = None
    hidden: list[tuple[str, str]] = field(default_factory=list)  # answers carried in the form
    because: list[str] = field(default_factory=list)  # "Because you said ..." lines
    back_to: Step | None = None  # the step "Change my answers" shows
    problem: str = ""  # "current" (this step has gaps) or "lost" (earlier answers went missing)
    status: int = 200


def sign_field(slug: str) -> str:
    return SIGN_PREFIX + slug


def sign_question(sign: WarningSign) -> Question:
    return Question(
        name=sign_field(sign.slug),
        text=sign.question,
        choices=SIGN_CHOICES,
        said={
            triage.YES: sign.label,
            triage.NOT_SURE: f"you are not sure if {sign.label}",
            triage.NO: "",
        },
        why=sign.why_we_ask,
    )


def pain_question(name: str, signs: Mapping[str, WarningSign]) -> Question:
    text, options = PAIN_QUESTIONS[name]
    said = {value: said for value, _, said in options}
    # The warning sign this question alone can trigger supplies the "why we ask" line, and for a
    # yes / no / not sure question its own wording, so editors control what is asked.
    sign = next(
        (signs[rule.sign] for rule in triage.PAIN_RULES if set(rule.when) == {name} and rule.sign in signs),
        None,
    )
    if sign and [value for value, _, _ in options] == list(triage.SIGN_ANSWERS):
        mirrored = sign_question(sign)
        text, said = mirrored.text, mirrored.said | {triage.NO: said[triage.NO]}
    return Question(
        name=name,
        text=text,
        choices=tuple((value, label) for value, label, _ in options),
        said=said,
        why=sign.why_we_ask if sign else "",
    )


class Wizard:
    """The four steps for the currently published warning signs."""

    def __init__(self, warning_signs: Sequence[WarningSign]):
        by_slug = {sign.slug: sign for sign in warning_signs}
        self.warning_signs = by_slug
        self.rule_signs = {slug: triage.Sign(slug, sign.urgency, sign.label) for slug, sign in by_slug.items()}

        def asked_at(urgency: str, exclude: frozenset[str] = frozenset()) -> list[WarningSign]:
            return [sign for sign in warning_signs if sign.urgency == urgency and sign.slug not in exclude]

        def sign_step(key, number, heading, signs, ends_on, extra=()):
            return Step(
                key=key,
                number=number,
                heading=heading,
                questions=(*extra, *(sign_question(sign) for sign in signs)),
                ends_on=frozenset(ends_on),
                signs=tuple(self.rule_signs[sign.slug] for sign in signs),
                none_button=bool(signs) and not extra,
            )

        # GP-level signs that an about-the-pain question already covers are not asked twice.
        gp_extra = asked_at(WarningSign.Urgency.GP, exclude=triage.PAIN_SIGN_SLUGS)
        self.steps = (
            sign_step(
                "emergency",
                1,
                "Check it's not an emergency",
                asked_at(WarningSign.Urgency.EMERGENCY),
                {triage.EMERGENCY},
            ),
            sign_step(
                "urgent",
                2,
                "Check if you need help today",
                asked_at(WarningSign.Urgency.URGENT),
                {triage.EMERGENCY, triage.URGENT},
            ),
            sign_step(
                "pain",
                3,
                "About your pain",
                gp_extra,
                # With gaps in the answers only an emergency or urgent tier may end it early; a
                # complete last step always ends it.
                {triage.EMERGENCY, triage.URGENT},
                extra=[pain_question(name, by_slug) for name in triage.PAIN_ANSWERS],
            ),
        )
        self.questions = {question.name: question for step in self.steps for question in step.questions}

    # Reading the POST body

    def read(self, data) -> dict[str, str]:
        """The wizard's own fields from a QueryDict; a field sent twice with different values is a conflict."""
        values = {}
        for name in [*self.questions, STEP_FIELD, GO_FIELD, SHOW_FIELD]:
            given = {value for value in data.getlist(name) if value != ""}
            if len(given) == 1:
                values[name] = given.pop()
            elif given:
                values[name] = CONFLICT
        return values

    def valid_answers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {
            name: values[name]
            for name, question in self.questions.items()
            if values.get(name) in dict(question.choices)
        }

    def index(self, key: str | None) -> int | None:
        return next((i for i, step in enumerate(self.steps) if step.key == key), None)

    # The flow

    def start(self) -> Screen:
        return self.ask(0, {})

    def respond(self, data) -> Screen:
        """The screen that follows a step's form being sent."""
        values = self.read(data)
        current = self.index(values.get(STEP_FIELD))
        if current is None:
            return self.ask(0, values, problem="lost", status=400)
        if SHOW_FIELD in values:  # "Change my answers": show that step with every answer kept
            target = self.index(values[SHOW_FIELD])
            if target is None:
                return self.ask(0, values, problem="lost", status=400)
            return self.check(values, upto=target - 1, current=target) or self.ask(target, values)
        if values.get(GO_FIELD) == GO_NONE and self.steps[current].none_button:
            for name in self.steps[current].names:
                values.setdefault(name, triage.NO)
        last = len(self.steps) - 1
        screen = self.check(values, upto=current, current=current)
        if screen:
            return screen
        if current == last:
            return self.result(values, last)
        return self.ask(current + 1, values)

    def assess(self, values: Mapping[str, str], upto: int) -> triage.Outcome:
        """The rules applied to the steps up to and including `upto`."""
        asked = [sign for step in self.steps[: upto + 1] for sign in step.signs]
        answers = {sign.slug: values.get(sign_field(sign.slug), "") for sign in asked}
        pain = {name: values.get(name, "") for name in triage.PAIN_ANSWERS} if upto >= 2 else None
        return triage.assess(asked, answers, pain, self.rule_signs)

    def check(self, values: Mapping[str, str], upto: int, current: int) -> Screen | None:
        """Stop early if the answers so far already decide it, or ask again where they have gaps."""
        if upto < 0:
            return None
        outcome = self.assess(values, upto)
        if outcome.settled and outcome.tier in self.steps[upto].ends_on:
            return self.result(values, upto, outcome)
        for i, step in enumerate(self.steps[: upto + 1]):
            form = StepForm(step.questions, data={name: values[name] for name in step.names if name in values})
            if not form.is_valid():
                return self.ask(i, values, form=form, problem="current" if i == current else "lost", status=400)
        return None

    def ask(self, i: int, values: Mapping[str, str], form=None, problem: str = "", status: int = 200) -> Screen:
        step = self.steps[i]
        answers = self.valid_answers(values)
        if form is None:
            form = StepForm(step.questions, initial={name: answers[name] for name in step.names if name in answers})
        return Screen(
            step=step,
            form=form,
            hidden=[(name, value) for name, value in answers.items() if name not in step.names],
            back_to=self.steps[i - 1] if i else None,
            problem=problem,
            status=status,
        )

    def result(self, values: Mapping[str, str], upto: int, outcome: triage.Outcome | None = None) -> Screen:
        outcome = outcome or self.assess(values, upto)
        return Screen(
            outcome=outcome,
            hidden=list(self.valid_answers(values).items()),
            because=self.because(outcome, values),
            back_to=self.steps[upto],
        )

    def because(self, outcome: triage.Outcome, values: Mapping[str, str]) -> list[str]:
        """The answers behind the outcome, in the person's words."""
        if outcome.tier == triage.SELF_CARE:
            answers = [(name, values[name]) for name in triage.PAIN_ANSWERS]
        else:
            answers = [
                (name if reason.about_pain else sign_field(name), answer)
                for reason in outcome.reasons
                if not reason.unanswered
                for name, answer in reason.answers
            ]
        lines = []
        for name, answer in answers:
            line = self.questions[name].said[answer]
            if line not in lines:
                lines.append(line)
        return lines
