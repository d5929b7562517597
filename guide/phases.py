"""The four phases of a spasm that treatments are filed under.

Labels only: what to do in each phase is content, chosen by ticking phases on a treatment.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    slug: str
    label: str
    field: str


PHASES = {
    phase.slug: phase
    for phase in (
        Phase("first-hours", "First hours", "for_first_hours"),
        Phase("first-days", "First 2 to 3 days", "for_first_days"),
        Phase("after-72-hours", "After 72 hours", "for_after_72_hours"),
        Phase("recovery", "Recovery and prevention", "for_recovery"),
    )
}
