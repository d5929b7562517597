"""The first run of each validation suite, recorded once and published as it was.

A validation suite is written after the rules are frozen, by someone who has not read them. It is
run once, and that run's figures are what the "How we test" page publishes beside the live
development figures. The cases it got wrong are then fixed and moved into the development suite, so
running the suite again would only flatter the rules: the record therefore refuses a second run of
any case it has seen, and a new figure needs a new suite.

The record is guide/validation_record.toml (it ships in the image with the page that reads it). It
is written by `manage.py check_triage --record-validation`, never by hand.
"""

import datetime
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from guide import triage
from guide.stats import Share
from guide.vignettes import Report

RECORD = Path(__file__).with_name("validation_record.toml")


@dataclass(frozen=True)
class Run:
    """One validation suite's first run, as recorded."""

    date: datetime.date
    rules_commit: str
    rules_fingerprint: str
    written_by: str
    written_on: str
    how_written: str
    case_ids: tuple[str, ...]
    confusion: dict[str, tuple[int, ...]]  # the right tier -> cases given each tier, in triage.TIERS order
    under: tuple[str, ...]  # cases sent to less urgent care than was safe
    moved: tuple[str, ...] = ()  # cases it got wrong, fixed and moved into the development suite since

    @property
    def cases(self) -> int:
        return len(self.case_ids)

    def row(self, tier: str) -> tuple[int, ...]:
        return self.confusion.get(tier, (0,) * len(triage.TIERS))

    def matrix(self) -> list[tuple[str, tuple[int, ...]]]:
        return [(tier, self.row(tier)) for tier in triage.TIERS]

    def _diagonal(self, tier: str) -> Share:
        row = self.row(tier)
        return Share(row[triage.rank(tier)], sum(row))

    @property
    def emergencies_caught(self) -> Share:
        return self._diagonal(triage.EMERGENCY)

    @property
    def kept_at_home(self) -> Share:
        return self._diagonal(triage.SELF_CARE)

    @property
    def exactly_right(self) -> Share:
        return Share(sum(self.row(tier)[triage.rank(tier)] for tier in triage.TIERS), self.cases)

    @property
    def over_triaged(self) -> Share:
        over = sum(sum(self.row(tier)[: triage.rank(tier)]) for tier in triage.TIERS)
        return Share(over, self.cases)

    @property
    def under_triaged(self) -> Share:
        return Share(len(self.under), self.cases)

    @property
    def figures(self) -> list[tuple[str, Share]]:
        return [
            ("Emergency sensitivity", self.emergencies_caught),
            ("Under-triage (less urgent than safe)", self.under_triaged),
            ("Over-triage (more urgent than needed)", self.over_triaged),
            ("Exact", self.exactly_right),
            ("Self-care kept at self-care", self.kept_at_home),
        ]


def fingerprint(catalogue: triage.Catalogue) -> str:
    """A hash of the rules as the engine reads them: the same rules give the same fingerprint."""
    data = {
        "blocks": list(catalogue.blocks),
        "questions": [[q.slug, q.block, q.kind, list(q.options), sorted(q.ask_if)] for q in catalogue.questions],
        "rules": sorted(
            [r.slug, r.tier, r.sign, sorted(sorted(c) for c in r.conditions), r.at_least] for r in catalogue.rules
        ),
        "routes": sorted([r.slug, r.tier, sorted(r.when)] for r in catalogue.routes),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def runs(path: Path | None = None) -> list[Run]:
    """Every recorded first run, oldest first."""
    path = path or RECORD
    if not path.is_file():
        return []
    found = []
    for run in tomllib.loads(path.read_text()).get("run", []):
        found.append(
            Run(
                date=run["date"],
                rules_commit=run["rules_commit"],
                rules_fingerprint=run["rules_fingerprint"],
                written_by=run["written_by"],
                written_on=str(run["written_on"]),
                how_written=run["how_written"],
                case_ids=tuple(run["case_ids"]),
                confusion={tier: tuple(run["confusion"][tier]) for tier in triage.TIERS},
                under=tuple(run.get("under", [])),
                moved=tuple(run.get("moved", [])),
            )
        )
    return found


def latest(path: Path | None = None) -> Run | None:
    found = runs(path)
    return found[-1] if found else None


class AlreadyRun(Exception):
    """A case in this suite was in a suite already recorded: its first run is the only one that counts."""


def record(
    report: Report,
    about: dict,
    rules_commit: str,
    rules_fingerprint: str,
    today: datetime.date,
    path: Path | None = None,
) -> Run:
    """Add this suite's first run to the record; refuse if any of its cases was run before."""
    path = path or RECORD
    ids = [result.vignette.id for result in report.results]
    seen = {case for run in runs(path) for case in run.case_ids}
    if again := sorted(seen & set(ids)):
        raise AlreadyRun(
            f"{len(again)} of these cases were in a validation suite already recorded (such as {again[0]}). "
            "A validation figure comes from a suite's first run only: write a new suite for a new figure."
        )
    if not ids:
        raise ValueError("There are no validation cases to record.")
    run = Run(
        date=today,
        rules_commit=rules_commit,
        rules_fingerprint=rules_fingerprint,
        written_by=str(about.get("written_by", "")),
        written_on=str(about.get("written_on", "")),
        how_written=str(about.get("how_written", "")),
        case_ids=tuple(ids),
        confusion={tier: tuple(row) for tier, row in report.matrix()},
        under=tuple(result.vignette.id for result in report.under),
    )
    text = path.read_text() if path.is_file() else HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + _toml(run))
    return run


HEADER = """\
# The first run of each validation suite (tests/vignettes/validation/), as guide/validation_record.py
# records it: written by `manage.py check_triage --record-validation`, never edited by hand except to
# list, under `moved`, the cases that were fixed and moved into the development suite afterwards.
"""


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml(run: Run) -> str:
    lines = [
        "[[run]]",
        f"date = {run.date.isoformat()}",
        f"rules_commit = {_string(run.rules_commit)}",
        f"rules_fingerprint = {_string(run.rules_fingerprint)}",
        f"written_by = {_string(run.written_by)}",
        f"written_on = {_string(run.written_on)}",
        f"how_written = {_string(run.how_written)}",
        "case_ids = [" + ", ".join(_string(case) for case in run.case_ids) + "]",
        "under = [" + ", ".join(_string(case) for case in run.under) + "]",
        "moved = []",
        "[run.confusion]  # the right tier = cases given emergency, urgent, gp, self-care",
        *(f"{tier} = [{', '.join(str(n) for n in run.row(tier))}]" for tier in triage.TIERS),
    ]
    return "\n".join(lines) + "\n"
