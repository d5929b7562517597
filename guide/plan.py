"""The personal plan shown with a self-care or GP outcome, built only from published content.

What to do, when, and for how long (the ice and heat schedules included) is the treatments' own
text; this module only picks the treatments for the person's phase and the phases after it, puts
the best-evidenced first, and picks the warning signs for the "Get help if" list.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from guide import triage
from guide.models import Stretch, Treatment, WarningSign
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
LEAD_ACTIONS = 5


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
class HelpGroup:
    urgency: str
    signs: tuple[WarningSign, ...]


@dataclass(frozen=True)
class Plan:
    sections: tuple[Section, ...]
    get_help: tuple[HelpGroup, ...]


def phases_from(phase_slug: str | None) -> list[Phase]:
    """The person's phase and every phase after it; from the start if we do not know."""
    phases = list(PHASES.values())
    start = list(PHASES).index(phase_slug) if phase_slug in PHASES else 0
    return phases[start:]


def home_treatments(phases: Iterable[Phase]):
    """Published home treatments for any of `phases`, their medicine checks and published stretches: two queries."""
    any_phase = Q()
    for phase in phases:
        any_phase |= Q(**{phase.field: True})
    return (
        Treatment.objects.published()
        .filter(any_phase, AT_HOME)
        .exclude(evidence=Treatment.Evidence.NOT_RECOMMENDED)
        .select_related("medicine_check")
        .prefetch_related(Prefetch("stretches", queryset=Stretch.objects.published()))
    )


def build_plan(
    phases: list[Phase],
    treatments: Iterable[Treatment],
    signs: Iterable[WarningSign],
    help_tiers: Iterable[str] = triage.SIGN_TIERS,
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
    return Plan(tuple(sections), help_groups(signs, help_tiers))


def help_groups(signs: Iterable[WarningSign], tiers: Iterable[str] = triage.SIGN_TIERS) -> tuple[HelpGroup, ...]:
    """The "Get help if" list: the published warning signs of `tiers`, most urgent first."""
    signs = list(signs)
    groups = (HelpGroup(tier, tuple(sign for sign in signs if sign.urgency == tier)) for tier in tiers)
    return tuple(group for group in groups if group.signs)


def personal_plan(phase_slug: str | None, signs: Iterable[WarningSign], help_tiers=triage.SIGN_TIERS) -> Plan:
    phases = phases_from(phase_slug)
    return build_plan(phases, home_treatments(phases), signs, help_tiers)
