"""The wizard's rules: answers in, an urgency tier and the reasons behind it out.

Pure: no request, no ORM. Warning signs arrive as plain data, so the rules are tested on their own
and editors change the questions in the admin without touching this module.

The rules, in order of importance:

1. The most urgent tier any answer triggers wins: emergency, then urgent, then gp, then self-care.
2. On a warning sign, "not sure" counts as yes.
3. An answer that is missing or not one we offered counts as the worst answer it could have been.
   On a warning sign that means "yes" (the sign's own tier). On an about-the-pain question it
   means every rule that question takes part in fires, and every rule reaches at least gp. So a
   gap in the answers can never end in self-care.
4. About-the-pain answers are GP-level warning signs. `PAIN_RULES` names the WarningSign row that
   speaks for each: its advice is what the person reads, and an editor may raise its urgency.
   If that row is unpublished or missing, the answer still counts at gp level.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

EMERGENCY, URGENT, GP, SELF_CARE = "emergency", "urgent", "gp", "self-care"
TIERS = (EMERGENCY, URGENT, GP, SELF_CARE)  # most urgent first
SIGN_TIERS = TIERS[:-1]

YES, NO, NOT_SURE = "yes", "no", "not-sure"
SIGN_ANSWERS = (YES, NO, NOT_SURE)
UNANSWERED = "unanswered"  # what a reason records for a missing or unknown answer

# The about-the-pain questions and the answers each accepts.
STARTED, SEVERITY, COURSE, RECURRING, ONE_LEG = "started", "severity", "course", "recurring", "one_leg"
PAIN_ANSWERS: dict[str, tuple[str, ...]] = {
    STARTED: ("hours", "days", "week", "weeks", "months"),
    SEVERITY: ("mild", "moderate", "severe"),
    COURSE: ("better", "same", "worse"),
    RECURRING: ("first", "before", "keeps"),
    ONE_LEG: SIGN_ANSWERS,
}

# When the spasm started decides which phase of self-care fits (see guide/phases.py).
PHASE_BY_START = {
    "hours": "first-hours",
    "days": "first-days",
    "week": "after-72-hours",
    "weeks": "after-72-hours",
    "months": "recovery",
}


@dataclass(frozen=True)
class PainRule:
    """Answers that together make a GP-level warning sign: every listed question has a listed answer."""

    sign: str  # the slug of the WarningSign row that speaks for this rule
    when: Mapping[str, frozenset[str]]


def _rule(sign: str, **when: Iterable[str]) -> PainRule:
    return PainRule(sign, {question: frozenset(answers) for question, answers in when.items()})


# From the content brief's GP tier (NHS back pain page; seeds 001 and 004). The slugs are the
# warning signs in fixtures/04_warning_signs.json.
PAIN_RULES = (
    _rule("more-than-6-weeks", started={"months"}),
    # Seed 001: still severe after 72 hours. NHS: not improving after a few weeks of home care.
    _rule("not-improving", started={"week", "weeks", "months"}, severity={"severe"}),
    _rule("not-improving", started={"weeks", "months"}, course={"same", "worse"}),
    _rule("severe-or-worsening", severity={"severe"}),
    _rule("severe-or-worsening", course={"worse"}),
    _rule("keeps-coming-back", recurring={"keeps"}),
    _rule("one-leg-numb-weak", one_leg={YES, NOT_SURE}),
)
PAIN_SIGN_SLUGS = frozenset(rule.sign for rule in PAIN_RULES)


@dataclass(frozen=True)
class Sign:
    """A published warning sign, as the rules need it."""

    slug: str
    urgency: str
    label: str

    def __post_init__(self):
        if self.urgency not in SIGN_TIERS:
            raise ValueError(f"Unknown urgency {self.urgency!r} for warning sign {self.slug!r}.")


@dataclass(frozen=True)
class Reason:
    """One thing the person said (or did not say) that sets a tier."""

    tier: str
    answers: tuple[tuple[str, str], ...]  # (sign slug or pain question, answer) pairs behind it
    sign: Sign | None = None  # the warning sign that speaks for it, when one is published
    about_pain: bool = False  # True when the answers are about-the-pain questions, not warning signs

    @property
    def unanswered(self) -> bool:
        return any(answer == UNANSWERED for _, answer in self.answers)


@dataclass(frozen=True)
class Outcome:
    tier: str
    reasons: tuple[Reason, ...]  # every reason for more than self-care, most urgent first
    phase: str | None  # the self-care phase, once we know when it started

    @property
    def settled(self) -> bool:
        """True when the answers given set the tier by themselves: no gap in them could raise it."""
        answered = [reason.tier for reason in self.reasons if not reason.unanswered]
        return most_urgent(answered) == self.tier


def most_urgent(tiers: Iterable[str]) -> str:
    return min(tiers, key=TIERS.index, default=SELF_CARE)


def sign_reason(sign: Sign, answer: str | None) -> Reason | None:
    """A warning sign answered yes or not sure, or left unanswered, is a reason for its tier."""
    if answer == NO:
        return None
    given = answer if answer in (YES, NOT_SURE) else UNANSWERED
    return Reason(sign.urgency, ((sign.slug, given),), sign)


def pain_reasons(pain: Mapping[str, str], signs: Mapping[str, Sign]) -> list[Reason]:
    """Each about-the-pain rule that the answers (or gaps in them) trigger, one reason per sign."""
    fired: dict[str, list[tuple[str, str]]] = {}
    for rule in PAIN_RULES:
        answers = []
        for question, triggering in rule.when.items():
            answer = pain.get(question)
            if answer not in PAIN_ANSWERS[question]:
                answers.append((question, UNANSWERED))
            elif answer in triggering:
                answers.append((question, answer))
            else:
                break
        else:
            pairs = fired.setdefault(rule.sign, [])
            pairs.extend(pair for pair in answers if pair not in pairs)
    reasons = []
    for slug, answers in fired.items():
        sign = signs.get(slug)
        reasons.append(Reason(sign.urgency if sign else GP, tuple(answers), sign, about_pain=True))
    return reasons


def phase_for(started: str | None) -> str | None:
    return PHASE_BY_START.get(started) if started else None


def assess(
    asked: Iterable[Sign],
    answers: Mapping[str, str],
    pain: Mapping[str, str] | None = None,
    signs: Mapping[str, Sign] | None = None,
) -> Outcome:
    """The outcome for what the person was asked and what they said.

    asked: the warning signs shown to the person as questions.
    answers: warning-sign slug -> yes / no / not-sure.
    pain: the about-the-pain answers, or None if those questions were not reached.
    signs: published warning signs by slug, for the rows `PAIN_RULES` name.
    """
    reasons = [reason for sign in asked if (reason := sign_reason(sign, answers.get(sign.slug)))]
    if pain is not None:
        reasons += pain_reasons(pain, signs or {})
    reasons.sort(key=lambda reason: TIERS.index(reason.tier))
    started = pain.get(STARTED) if pain else None
    return Outcome(most_urgent(reason.tier for reason in reasons), tuple(reasons), phase_for(started))
