"""The vignette suite: first-person cases with the tier each should get, run through the rules.

Cases live in TOML files (tests/vignettes/ by default, `BACKCARE_VIGNETTES_DIR`), one file per
expected tier. Each gives the answers that person would give; a checklist left out counts as
"None of these". `check_triage`, the admin's safety gate, the tests and the "How we test the
checker" page all read them through `load()` and score them with `run()`.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

from guide import triage

EXACT_TARGET = 0.95  # share of cases whose tier is exactly the expected one
SELF_CARE_TARGET = 0.90  # share of self-care cases kept at self-care


@dataclass(frozen=True)
class Vignette:
    id: str
    story: str
    tier: str  # the right tier
    safe: str  # the least urgent tier that is still safe
    source: str
    answers: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Result:
    vignette: Vignette
    outcome: triage.Outcome
    problems: tuple[str, ...] = ()  # answers the case gives that the questions do not offer, or gaps

    @property
    def tier(self) -> str:
        return self.outcome.tier

    @property
    def exact(self) -> bool:
        return self.tier == self.vignette.tier

    @property
    def under(self) -> bool:
        """Less urgent than is safe: the failure that matters most."""
        return triage.rank(self.tier) > triage.rank(self.vignette.safe)

    @property
    def over(self) -> bool:
        return triage.rank(self.tier) < triage.rank(self.vignette.tier)


@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (expected, got) -> cases

    @classmethod
    def of(cls, results: list[Result]) -> "Report":
        return cls(tuple(results), dict(Counter((result.vignette.tier, result.tier) for result in results)))

    def of_tier(self, tier: str) -> list[Result]:
        return [result for result in self.results if result.vignette.tier == tier]

    @staticmethod
    def share(results: list[Result], test) -> float:
        return sum(1 for result in results if test(result)) / len(results) if results else 0.0

    @property
    def emergency_sensitivity(self) -> float:
        return self.share(self.of_tier(triage.EMERGENCY), lambda result: result.tier == triage.EMERGENCY)

    @property
    def self_care_kept(self) -> float:
        return self.share(self.of_tier(triage.SELF_CARE), lambda result: result.tier == triage.SELF_CARE)

    @property
    def exact(self) -> float:
        return self.share(list(self.results), lambda result: result.exact)

    @property
    def under(self) -> list[Result]:
        return [result for result in self.results if result.under]

    @property
    def over(self) -> list[Result]:
        return [result for result in self.results if result.over]

    @property
    def problems(self) -> list[Result]:
        return [result for result in self.results if result.problems]

    @property
    def passed(self) -> bool:
        return (
            all(self.of_tier(tier) for tier in triage.TIERS)
            and self.emergency_sensitivity == 1.0
            and not self.under
            and not self.problems
            and self.exact >= EXACT_TARGET
            and self.self_care_kept >= SELF_CARE_TARGET
        )


def directory() -> Path:
    return Path(settings.BACKCARE_VIGNETTES_DIR)


@cache
def _load(path: Path, mtimes: tuple[float, ...]) -> tuple[Vignette, ...]:
    vignettes = []
    for file in sorted(path.glob("*.toml")):
        for case in tomllib.loads(file.read_text())["case"]:
            answers = {
                question: frozenset([value] if isinstance(value, str) else value)
                for question, value in case.get("answers", {}).items()
            }
            vignettes.append(
                Vignette(
                    id=case["id"],
                    story=" ".join(case["story"].split()),
                    tier=case["tier"],
                    safe=case.get("safe", case["tier"]),
                    source=case["source"],
                    answers=answers,
                )
            )
    return tuple(vignettes)


def load(path: Path | None = None) -> tuple[Vignette, ...]:
    """Every case, read once per change to the files."""
    path = path or directory()
    return _load(path, tuple(file.stat().st_mtime for file in sorted(path.glob("*.toml"))))


def answer(catalogue: triage.Catalogue, vignette: Vignette) -> tuple[dict[str, frozenset[str]], list[str]]:
    """The case's answers as the wizard would read them, and what in them the questions do not offer."""
    offered = {question.slug: question for question in catalogue.questions}
    answers, problems = {}, []
    for slug, values in vignette.answers.items():
        question = offered.get(slug)
        if question is None:
            problems.append(f"no published question {slug!r}")
        elif question.read(values) is None:
            problems.append(f"{slug!r} does not offer {sorted(values)}")
        else:
            answers[slug] = values
    for question in catalogue.questions:  # a checklist left out is "None of these"
        if question.kind == triage.CHECKLIST:
            answers.setdefault(question.slug, frozenset())
    return answers, problems


def run_one(catalogue: triage.Catalogue, vignette: Vignette) -> Result:
    answers, problems = answer(catalogue, vignette)
    outcome = triage.walk(catalogue, answers)
    problems += [f"{slug!r} is asked but not answered" for slug in outcome.asked if slug not in answers]
    return Result(vignette, outcome, tuple(problems))


def run(catalogue: triage.Catalogue, vignettes=None) -> Report:
    return Report.of([run_one(catalogue, vignette) for vignette in (load() if vignettes is None else vignettes)])
