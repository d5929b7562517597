"""The personal plan shown with a self-care or GP outcome, built only from published content.

What to do, when, and for how long (the ice and heat schedules included) is the treatments' own
text; this module only picks the treatments for the person's phase and the phases after it, puts
the best-evidenced first, leaves out what editors marked as not for some answers (NSAIDs and
lying flat in pregnancy), picks the warning signs for the "Get help if" list, and the one key
message the plan leads with.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from guide import reassurance, triage
from guide.models import AnswerOption, KeyMessage, Stretch, Treatment, WarningSign
from guide.phases import PHASES, Phase

# What a person can do at home, and the medicines guidelines recommend they take. Professional care,
# surgery and prescription-only or disputed medicines are for a clinician to offer.
AT_HOME = Q(kind=Treatment.Kind.SELF_CARE) | Q(kind=Treatment.Kind.MEDICINE, evidence=Treatment.Evidence.RECOMMENDED)

# Best-evidenced first: what guidelines recommend leads, what is untested (however popular) follows.
EVIDENCE_RANK = {
    grade: rank
    for rank, grade in enumerate(
        [
            Treatment.Evidence.RECOMMENDED,
            Treatment.Evidence.OPTION,
            Treatment.Evidence.MIXED,
            Treatment.Evidence.UNPROVEN,
            Treatment.Evidence.NOT_RECOMMENDED,
        ]
    )
}
# A person in pain reads a few actions, not a list: each phase shows this many, and folds the rest.
# Four keeps the longest self-care result within three phone screens (tests/browser/test_phone_journeys.py).
LEAD_ACTIONS = 4


def best_evidenced_first(treatment: Treatment) -> tuple[int, int, str]:
    """Sort key: the grade, then the editors' order within a grade."""
    return (EVIDENCE_RANK[treatment.evidence], treatment.order, treatment.name)


@dataclass(frozen=True)
class Section:
    phase: Phase
    now: bool
    treatments: tuple[Treatment, ...]  # best-evidenced first

    @property
    def lead(self) -> tuple[Treatment, ...]:
        """The actions shown first."""
        return self.treatments[:LEAD_ACTIONS]

    @property
    def more(self) -> tuple[Treatment, ...]:
        """The rest, folded away."""
        return self.treatments[LEAD_ACTIONS:]


@dataclass(frozen=True)
class Explanation:
    signs: tuple[WarningSign, ...]  # the signs that share this advice
    advice: str
    sources: tuple  # their sources, each once


@dataclass(frozen=True)
class HelpGroup:
    urgency: str
    signs: tuple[WarningSign, ...]

    def explanations(self) -> list[Explanation]:
        """Each sign's advice, said once for all the signs that share it (prefetch their citations)."""
        shared: dict[str, list[WarningSign]] = {}
        for sign in self.signs:
            shared.setdefault(sign.advice, []).append(sign)
        return [
            Explanation(
                tuple(signs),
                advice,
                tuple(dict.fromkeys(citation.source for sign in signs for citation in sign.citations.all())),
            )
            for advice, signs in shared.items()
        ]


@dataclass(frozen=True)
class Plan:
    sections: tuple[Section, ...]
    get_help: tuple[HelpGroup, ...]
    message: KeyMessage | None = None  # one short message that eases fear, never more

    @property
    def now(self) -> Section | None:
        """The person's own phase, if it has anything to do."""
        return next((section for section in self.sections if section.now), None)

    @property
    def later(self) -> tuple[Section, ...]:
        """The phases after the person's own, folded with the rest of theirs."""
        return tuple(section for section in self.sections if not section.now)


def options(given: Iterable[triage.Answer]):
    """The answer options the person gave, as a query to use inside another (no query of its own)."""
    chosen = Q(pk__in=[])
    for question, value in given:
        chosen |= Q(question__slug=question, value=value)
    return AnswerOption.objects.filter(chosen)


def phases_from(phase_slug: str | None) -> list[Phase]:
    """The person's phase and every phase after it; from the start if we do not know."""
    phases = list(PHASES.values())
    start = list(PHASES).index(phase_slug) if phase_slug in PHASES else 0
    return phases[start:]


def home_treatments(phases: Iterable[Phase], given: Iterable[triage.Answer] = ()):
    """Published home treatments for any of `phases`, their medicine checks and published stretches: two queries.

    Treatments and stretches marked "leave out for" one of the `given` answers are left out.
    """
    any_phase = Q()
    for phase in phases:
        any_phase |= Q(**{phase.field: True})
    treatments = Treatment.objects.published()
    stretches = Stretch.objects.published()
    if given := list(given):
        treatments = treatments.exclude(leave_out_for__in=options(given))
        stretches = stretches.exclude(leave_out_for__in=options(given))
    return (
        treatments.filter(any_phase, AT_HOME)
        .exclude(evidence=Treatment.Evidence.NOT_RECOMMENDED)
        .select_related("medicine_check")
        .prefetch_related(Prefetch("stretches", queryset=stretches))
    )


def build_plan(
    phases: list[Phase],
    treatments: Iterable[Treatment],
    signs: Iterable[WarningSign],
    help_tiers: Iterable[str] = triage.SIGN_TIERS,
    message: KeyMessage | None = None,
) -> Plan:
    """Each treatment goes in the first of `phases` it fits, so the plan never repeats itself."""
    treatments = sorted(treatments, key=best_evidenced_first)
    shown: set[int] = set()
    sections = []
    for i, phase in enumerate(phases):
        fits = [t for t in treatments if getattr(t, phase.field) and t.pk not in shown]
        shown.update(t.pk for t in fits)
        if fits:
            sections.append(Section(phase, now=i == 0, treatments=tuple(fits)))
    return Plan(tuple(sections), help_groups(signs, help_tiers), message)


def help_groups(signs: Iterable[WarningSign], tiers: Iterable[str] = triage.SIGN_TIERS) -> tuple[HelpGroup, ...]:
    """The "Get help if" list: the published warning signs of `tiers`, most urgent first."""
    signs = list(signs)
    groups = (HelpGroup(tier, tuple(sign for sign in signs if sign.urgency == tier)) for tier in tiers)
    return tuple(group for group in groups if group.signs)


def personal_plan(
    phase_slug: str | None,
    signs: Iterable[WarningSign],
    help_tiers=triage.SIGN_TIERS,
    given: Iterable[triage.Answer] = (),
    tier: str | None = None,
) -> Plan:
    """The plan for someone in `phase_slug` who gave the answers `given`, for a result of `tier`."""
    phases = phases_from(phase_slug)
    message = reassurance.for_result(tier, phase_slug) if tier else None
    return build_plan(phases, home_treatments(phases, given), signs, help_tiers, message)
