"""The wizard's rules: answers in, an urgency tier and the reasons behind it out.

Pure: no request, no ORM. The questions and rules are clinical content edited in the admin; they
reach this module as the plain data below (see guide/questionnaire.py), so the rules are tested on
their own and every vignette runs through exactly what the wizard runs.

How the rules read the answers:

1. A rule is a list of conditions; a condition is a set of answers, and it holds when the person
   gave any one of them. A rule fires when all its conditions hold (or at least `at_least` of them,
   for patterns such as NICE's "4 or more of these"). It gives the tier of its warning sign.
2. The most urgent tier any rule gives wins: emergency, then urgent, then gp, then self-care. No
   answer ever lowers a tier another answer set.
3. A question counts only once it has been asked: its block was reached and, for a follow-up, its
   trigger was answered. A question asked but not answered (missing, or a value we never offered)
   counts as every answer it could have had, so a gap can only make the outcome more urgent, never
   less. Such an outcome is not `settled`: the wizard asks again instead of ending on it.
4. "Not sure" is an answer like any other: the rules name it where it should count as yes. On a
   checklist, the person ticks a line when it is true or when they are not sure.
5. An emergency ends the wizard at once: no later answer could make it less urgent.

The answers are read once (`assessment`): the outcome once any block up to the one read is reached
comes from that one reading, so a wizard step reads the person's answers a single time.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EMERGENCY, URGENT, GP, SELF_CARE = "emergency", "urgent", "gp", "self-care"
TIERS = (EMERGENCY, URGENT, GP, SELF_CARE)  # most urgent first
SIGN_TIERS = TIERS[:-1]

CHOICE, CHECKLIST = "choice", "checklist"

Answer = tuple[str, str]  # (question slug, option value)
Answers = Mapping[str, frozenset[str]]  # question slug -> the option values chosen; empty = "None of these"


def rank(tier: str) -> int:
    """0 for emergency up to 3 for self-care."""
    return TIERS.index(tier)


def most_urgent(tiers: Iterable[str]) -> str:
    return min(tiers, key=rank, default=SELF_CARE)


@dataclass(frozen=True)
class Question:
    slug: str
    block: str
    kind: str  # CHOICE (one answer) or CHECKLIST (any number, or none)
    options: tuple[str, ...]
    ask_if: frozenset[Answer] = frozenset()  # a follow-up: asked when any of these was answered

    def __post_init__(self):
        if self.kind not in (CHOICE, CHECKLIST):
            raise ValueError(f"Unknown kind {self.kind!r} for question {self.slug!r}.")

    def read(self, values: Iterable[str]) -> frozenset[str] | None:
        """The answer in `values`, or None when they are not a valid answer to this question."""
        chosen = frozenset(values)
        if not chosen <= set(self.options):
            return None
        if self.kind == CHOICE and len(chosen) != 1:
            return None
        return chosen


@dataclass(frozen=True)
class Rule:
    slug: str
    tier: str
    sign: str  # the warning sign the person reads when this rule fires
    conditions: tuple[frozenset[Answer], ...]
    at_least: int | None = None  # how many conditions must hold; None means all of them
    questions: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.tier not in SIGN_TIERS:
            raise ValueError(f"Unknown tier {self.tier!r} for rule {self.slug!r}.")
        if not self.conditions or not all(self.conditions):
            raise ValueError(f"Rule {self.slug!r} needs at least one condition, each with an answer.")
        # The questions each condition names: a gap in any of them can meet it. Worked out once,
        # since the admin's safety gate assesses every rule for every vignette.
        questions = tuple(frozenset(question for question, _ in condition) for condition in self.conditions)
        object.__setattr__(self, "questions", questions)

    @property
    def needed(self) -> int:
        return len(self.conditions) if self.at_least is None else self.at_least


@dataclass(frozen=True)
class Route:
    """Who to contact: when the outcome is `tier` and the person gave any of `when`."""

    slug: str
    tier: str
    when: frozenset[Answer]


@dataclass(frozen=True)
class Catalogue:
    blocks: tuple[str, ...]  # block slugs, in the order they are asked
    questions: tuple[Question, ...]  # in the order they are asked
    rules: tuple[Rule, ...]  # in the order their reasons are listed within a tier
    routes: tuple[Route, ...] = ()
    phases: Mapping[Answer, str] = field(default_factory=dict)  # answers that say which self-care phase fits
    reached: tuple[tuple[Question, ...], ...] = field(init=False, repr=False, compare=False)
    position: Mapping[str, int] = field(init=False, repr=False, compare=False)  # question slug -> its block's index

    def __post_init__(self):
        # Asked block by block: the questions of the first blocks are then the first questions, and
        # which of them count never depends on a later block. A question outside the blocks is never asked.
        position = {
            question.slug: self.blocks.index(question.block)
            for question in self.questions
            if question.block in self.blocks
        }
        if list(position.values()) != sorted(position.values()):
            raise ValueError("Questions must be listed block by block, in the order of their blocks.")
        object.__setattr__(self, "position", position)
        # The questions of the first 1, 2, ... blocks, in order: worked out once, read on every assessment.
        reached = [
            tuple(question for question in self.questions if question.block in set(self.blocks[: upto + 1]))
            for upto in range(len(self.blocks))
        ]
        object.__setattr__(self, "reached", tuple(reached))
        known = {(question.slug, value) for question in self.questions for value in question.options}
        named = [answer for rule in self.rules for condition in rule.conditions for answer in condition]
        named += [answer for question in self.questions for answer in question.ask_if]
        named += [answer for route in self.routes for answer in route.when]
        if unknown := sorted(set(named) - known):
            raise ValueError(f"These answers are not offered by any question: {unknown}")

    def question(self, slug: str) -> Question:
        return next(question for question in self.questions if question.slug == slug)

    def in_blocks(self, upto: int) -> tuple[Question, ...]:
        """The questions of the blocks up to and including block `upto`, in the order they are asked."""
        if upto < 0 or not self.reached:
            return ()
        return self.reached[min(upto, len(self.reached) - 1)]


@dataclass(frozen=True)
class Reason:
    """A rule that fired, with the answers behind it."""

    rule: Rule
    answers: tuple[Answer, ...]  # the answers given that meet its conditions, in question order
    unanswered: bool = False  # True when it fired only because a question asked was left unanswered

    @property
    def tier(self) -> str:
        return self.rule.tier


@dataclass(frozen=True)
class Outcome:
    tier: str
    reasons: tuple[Reason, ...]  # every rule that fired, most urgent first
    routes: tuple[Route, ...]  # who to contact, for this tier
    phase: str | None  # the self-care phase, once we know when the pain started
    asked: tuple[str, ...]  # the questions that counted, in order

    @property
    def settled(self) -> bool:
        """True when the answers given set the tier by themselves: no gap in them could raise it."""
        return most_urgent(reason.tier for reason in self.reasons if not reason.unanswered) == self.tier


def chosen(answers: Answers, question: Question) -> frozenset[str] | None:
    """The valid answer given to `question`, or None if it has none."""
    given = answers.get(question.slug)
    return None if given is None else question.read(given)


@dataclass(frozen=True)
class Assessment:
    """The answers read once, as far as block `upto`: the outcome once it, or any block before it, is reached."""

    catalogue: Catalogue
    answers: Answers  # as given, one value read once from the request
    upto: int
    questions: tuple[Question, ...]  # the questions that count, in the order they are asked
    given: frozenset[Answer]  # the valid answers to them
    gaps: frozenset[str]  # the ones asked but left without a valid answer
    outcomes: dict[int, Outcome] = field(default_factory=dict, repr=False, compare=False)  # by block, once worked out

    @property
    def outcome(self) -> Outcome:
        return self.at(self.upto)

    def gaps_in(self, block: int) -> list[Question]:
        """The questions of block `block` that count but have no valid answer, in order."""
        return [
            question
            for question in self.questions
            if question.slug in self.gaps and self.catalogue.position[question.slug] == block
        ]

    def at(self, upto: int) -> Outcome:
        """The outcome with the blocks up to `upto` reached (never further than this reading went)."""
        upto = min(upto, self.upto)
        if upto not in self.outcomes:
            self.outcomes[upto] = self._at(upto)
        return self.outcomes[upto]

    def _at(self, upto: int) -> Outcome:
        questions = [question for question in self.questions if self.catalogue.position[question.slug] <= upto]
        counted = {question.slug for question in questions}
        given = {answer for answer in self.given if answer[0] in counted}
        return _outcome(self.catalogue, questions, given, self.gaps & counted)

    def ending(self) -> Outcome:
        """Where the wizard's screens end: an emergency ends them as soon as its block is answered."""
        for i in range(self.upto):  # the blocks before the last one read; that one ends them in any case
            outcome = self.at(i)
            if outcome.tier == EMERGENCY and outcome.settled:
                return outcome
        return self.outcome


def assessment(catalogue: Catalogue, answers: Answers, upto: int | None = None) -> Assessment:
    """Read the answers to the blocks up to and including `upto` (all of them by default), once.

    Only the questions that count are read: follow-ups only when triggered. A follow-up whose
    trigger was left unanswered counts as asked, since the trigger counts as every answer it could
    have had.
    """
    upto = len(catalogue.blocks) - 1 if upto is None else upto
    questions: list[Question] = []
    given: set[Answer] = set()
    gaps: set[str] = set()
    for question in catalogue.in_blocks(upto):
        if question.ask_if and not any(answer in given or answer[0] in gaps for answer in question.ask_if):
            continue
        questions.append(question)
        answer = chosen(answers, question)
        if answer is None:
            gaps.add(question.slug)
        else:
            given.update((question.slug, value) for value in answer)
    return Assessment(catalogue, answers, upto, tuple(questions), frozenset(given), frozenset(gaps))


def assess(catalogue: Catalogue, answers: Answers, upto: int | None = None) -> Outcome:
    """The outcome for the answers to the blocks up to and including `upto` (all of them by default)."""
    return assessment(catalogue, answers, upto).outcome


def _outcome(catalogue: Catalogue, questions: list[Question], given: set[Answer], gaps: set[str]) -> Outcome:
    order = {question.slug: (i, question.options) for i, question in enumerate(questions)}

    def in_asked_order(answer: Answer) -> tuple[int, int]:
        i, options = order[answer[0]]
        return i, options.index(answer[1])

    reasons = []
    for rule in catalogue.rules:
        met, open_, pairs = 0, 0, set()
        for condition, named in zip(rule.conditions, rule.questions, strict=True):
            if hit := condition & given:
                met += 1
                pairs |= hit
            elif gaps and not named.isdisjoint(gaps):
                open_ += 1
        if met + open_ >= rule.needed:
            reasons.append(Reason(rule, tuple(sorted(pairs, key=in_asked_order)), unanswered=met < rule.needed))
    reasons.sort(key=lambda reason: rank(reason.tier))  # stable: rule order within a tier

    tier = most_urgent(reason.tier for reason in reasons)
    routes = tuple(route for route in catalogue.routes if route.tier == tier and route.when & given)
    phase = next((catalogue.phases[answer] for answer in sorted(given) if answer in catalogue.phases), None)
    return Outcome(tier, tuple(reasons), routes, phase, tuple(question.slug for question in questions))


def walk(catalogue: Catalogue, answers: Answers) -> Outcome:
    """What the wizard ends on for a person who answers `answers`, block by block."""
    return assessment(catalogue, answers).ending()
