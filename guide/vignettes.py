"""The vignette suites: first-person cases with the tier each should get, run through the rules.

Two suites, never mixed:

- The development suite, tests/vignettes/*.toml (`BACKCARE_VIGNETTES_DIR`): cases written while the
  rules were made, and used to make them. The admin's safety gate runs it on every edit, and
  check_triage fails below its targets. Its figures say the rules do what they were built to do.
- The validation suite, tests/vignettes/validation/*.toml: cases written after the rules were
  frozen, by someone who had not read the rules or the development suite, with each tier decided
  from the sources before the first run. It is never used to tune rules and the safety gate never
  reads it. Its first run is recorded (guide/validation_record.py) and published as it was; cases it
  got wrong are fixed and moved into the development suite, so only a new suite gives a new figure.

Each case gives the answers that person would give; a checklist left out counts as "None of these".
"""

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

from guide import triage
from guide.stats import Share

EXACT_TARGET = 0.95  # share of development cases whose tier is exactly the expected one
SELF_CARE_TARGET = 0.90  # share of self-care cases kept at self-care, in both suites
VALIDATION = "validation"  # the validation suite's folder, inside the development suite's
SUITE_FILE = "suite.toml"  # in the validation folder: who wrote the cases, when and how


@dataclass(frozen=True)
class Vignette:
    id: str
    story: str
    tier: str  # the right tier
    safe: str  # the least urgent tier that is still safe
    source: str
    answers: dict[str, frozenset[str]]
    ambulance: bool | None = None  # True: this emergency needs an ambulance, never a lift to A&E


@dataclass(frozen=True)
class Result:
    vignette: Vignette
    outcome: triage.Outcome
    problems: tuple[str, ...] = ()  # answers the case gives that the questions do not offer, or gaps
    ambulance: bool | None = None  # the result tells the person to ask for an ambulance (None: not checked)

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

    @property
    def no_ambulance(self) -> bool:
        """An emergency that needs an ambulance, told it may be driven to A&E instead."""
        return bool(self.vignette.ambulance) and self.tier == triage.EMERGENCY and self.ambulance is False


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

    def matrix(self) -> list[tuple[str, list[int]]]:
        """Rows of the confusion matrix: the right tier, then how many cases got each tier."""
        return [
            (expected, [self.confusion.get((expected, got), 0) for got in triage.TIERS]) for expected in triage.TIERS
        ]

    # Each figure as a count, for its interval

    @property
    def emergencies_caught(self) -> Share:
        emergencies = self.of_tier(triage.EMERGENCY)
        return Share(sum(1 for r in emergencies if r.tier == triage.EMERGENCY), len(emergencies))

    @property
    def under_triaged(self) -> Share:
        return Share(len(self.under), len(self.results))

    @property
    def over_triaged(self) -> Share:
        return Share(len(self.over), len(self.results))

    @property
    def exactly_right(self) -> Share:
        return Share(sum(1 for result in self.results if result.exact), len(self.results))

    @property
    def kept_at_home(self) -> Share:
        home = self.of_tier(triage.SELF_CARE)
        return Share(sum(1 for r in home if r.tier == triage.SELF_CARE), len(home))

    @property
    def figures(self) -> list[tuple[str, Share]]:
        return [
            ("Emergency sensitivity", self.emergencies_caught),
            ("Under-triage (less urgent than safe)", self.under_triaged),
            ("Over-triage (more urgent than needed)", self.over_triaged),
            ("Exact", self.exactly_right),
            ("Self-care kept at self-care", self.kept_at_home),
        ]

    # The shares the targets are set on

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
    def no_ambulance(self) -> list[Result]:
        return [result for result in self.results if result.no_ambulance]

    @property
    def safe(self) -> bool:
        """The targets a suite must meet whoever wrote it: every emergency caught, none sent to less
        urgent care than is safe, none needing an ambulance told to get a lift, 90% of self-care at home."""
        return (
            self.emergency_sensitivity == 1.0
            and not self.under
            and not self.no_ambulance
            and not self.problems
            and self.self_care_kept >= SELF_CARE_TARGET
        )

    @property
    def passed(self) -> bool:
        """The development suite's targets: safe, every tier present, and 95% exactly right."""
        return self.safe and all(self.of_tier(tier) for tier in triage.TIERS) and self.exact >= EXACT_TARGET


def directory() -> Path:
    """The development suite's folder."""
    return Path(settings.BACKCARE_VIGNETTES_DIR)


def validation_directory() -> Path:
    return directory() / VALIDATION


@cache
def _load(path: Path, mtimes: tuple[float, ...]) -> tuple[Vignette, ...]:
    vignettes = []
    for file in sorted(path.glob("*.toml")):
        for case in tomllib.loads(file.read_text()).get("case", []):
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
                    ambulance=case.get("ambulance"),
                )
            )
    return tuple(vignettes)


def load(path: Path | None = None) -> tuple[Vignette, ...]:
    """Every case in one folder (not its subfolders), read once per change to the files.

    By default the development suite: the validation suite lives in a subfolder, so nothing that
    reads the development suite (the safety gate above all) ever sees it.
    """
    path = path or directory()
    return _load(path, tuple(file.stat().st_mtime for file in sorted(path.glob("*.toml"))))


def load_validation() -> tuple[Vignette, ...]:
    path = validation_directory()
    return load(path) if path.is_dir() else ()


def validation_about() -> dict:
    """What the validation suite's writer says about it (tests/vignettes/validation/suite.toml)."""
    path = validation_directory() / SUITE_FILE
    return tomllib.loads(path.read_text()).get("suite", {}) if path.is_file() else {}


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


def run_one(catalogue: triage.Catalogue, vignette: Vignette, ambulance: frozenset[str] | None = None) -> Result:
    """One case through the rules; `ambulance` names the warning signs that need an ambulance (None:
    do not check whether an emergency that needs one is told to ask for it)."""
    answers, problems = answer(catalogue, vignette)
    outcome = triage.walk(catalogue, answers)
    problems += [f"{slug!r} is asked but not answered" for slug in outcome.asked if slug not in answers]
    needs = (
        None
        if ambulance is None
        else any(reason.tier == triage.EMERGENCY and reason.rule.sign in ambulance for reason in outcome.reasons)
    )
    return Result(vignette, outcome, tuple(problems), ambulance=needs)


def run(catalogue: triage.Catalogue, vignettes=None, ambulance: frozenset[str] | None = None) -> Report:
    cases = load() if vignettes is None else vignettes
    return Report.of([run_one(catalogue, vignette, ambulance) for vignette in cases])
