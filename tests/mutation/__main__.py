"""Mutation testing of the rules engine and the wizard's screens, with one command.

    uv run python -m tests.mutation            # test the mutants not yet tested, then report
    uv run python -m tests.mutation --fresh    # forget earlier results and test every mutant
    uv run python -m tests.mutation --report   # only report what the last run found

mutmut (configured in pyproject's [tool.mutmut]) makes the mutants of guide/triage.py and
guide/wizard.py and runs each against the tests that reach the mutated function, fastest first.
Its log goes to mutants/run.log. The report gives each module's score (killed out of tested) and
every survivor with its diff; survivors named in tests/mutation/equivalent.md are equivalent (no
test could tell them from the real code) and are listed apart. Exits 1 when a survivor is not
listed there, or a listed one is no longer a survivor.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "mutants"
MODULES = ["guide/triage.py", "guide/wizard.py"]
EQUIVALENT = Path(__file__).with_name("equivalent.md")
LISTED = re.compile(r"^- `(guide\.[^`]+)`")


def equivalent() -> set[str]:
    return {match[1] for line in EQUIVALENT.read_text().splitlines() if (match := LISTED.match(line))}


def statuses(module: str) -> dict[str, str]:
    meta = MUTANTS / f"{module}.meta"
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in codes.items()}


def run_mutmut(fresh: bool) -> None:
    if fresh and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    print("Running mutmut (log: mutants/run.log); a fresh run takes about an hour on 2 cores.", flush=True)
    with (MUTANTS / "run.log").open("w") as log:
        subprocess.run(["mutmut", "run"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False)


def diff(name: str) -> str:
    shown = subprocess.run(["mutmut", "show", name], cwd=ROOT, capture_output=True, text=True, check=False)
    return "\n".join(line for line in shown.stdout.splitlines()[1:] if line.startswith(("+", "-", "@")))


def report() -> int:
    listed = equivalent()
    problems = 0
    for module in MODULES:
        found = statuses(module)
        counts = Counter(found.values())
        tested = sum(count for status, count in counts.items() if status not in {"no tests", "not checked", "skipped"})
        killed = counts["killed"] + counts["timeout"]
        survivors = sorted(name for name, status in found.items() if status not in {"killed", "timeout"})
        unexplained = [name for name in survivors if name not in listed or found[name] != "survived"]
        score = killed / tested if tested else 0.0
        print(f"\n{module}: {len(found)} mutants, {tested} tested, {killed} killed: score {score:.1%}")
        print(f"  survived: {counts['survived']}, of which listed as equivalent: {len(survivors) - len(unexplained)}")
        for status in sorted(set(counts) - {"killed", "survived", "timeout"}):
            print(f"  {status}: {counts[status]}")
        for name in unexplained:
            print(f"\n  {found[name].upper()}: {name}")
            print("    " + diff(name).replace("\n", "\n    "))
        problems += len(unexplained)
    survived = {name for module in MODULES for name, status in statuses(module).items() if status == "survived"}
    stale = sorted(listed - survived)
    for name in stale:
        print(f"\nListed as equivalent but not a survivor now (remove it from {EQUIVALENT.name}): {name}")
    return 1 if problems or stale else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="forget earlier results and test every mutant")
    parser.add_argument("--report", action="store_true", help="only report the last run's results")
    options = parser.parse_args()
    if not options.report:
        run_mutmut(options.fresh)
    return report()


if __name__ == "__main__":
    sys.exit(main())
