"""Run both vignette suites through the published rules, and check the safety case.

    python manage.py check_triage                        # both suites' figures, the misses, the hazard log
    python manage.py check_triage --all                  # every case
    python manage.py check_triage --record-validation    # record the validation suite's first run

The development suite (tests/vignettes) must catch every emergency, send no case to less urgent care
than is safe (nor offer a lift to one that needs an ambulance), answer only what the questions
offer, be 95% exact and keep 90% of self-care at home. The validation suite
(tests/vignettes/validation), when there is one, must meet the same safety targets; its figures are
reported apart, each with a Wilson 95% interval. The safety case (guide/hazards.toml) must have a
control for every hazard and evidence for every control. Exits with status 1 if any of these fails.
"""

import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from guide import safety_case, triage, validation_record, vignettes
from guide.models import Question
from guide.questionnaire import build

SHORT = {triage.EMERGENCY: "emergency", triage.URGENT: "urgent", triage.GP: "gp", triage.SELF_CARE: "self-care"}


class Command(BaseCommand):
    help = "Run the vignette suites through the published triage rules, and check the safety case."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="List every case, not only the ones that missed.")
        parser.add_argument(
            "--record-validation",
            action="store_true",
            help="Record the validation suite's first run in guide/validation_record.toml (once per suite).",
        )
        parser.add_argument("--commit", default="", help="The commit of the rules, for the record (default: git's).")

    def handle(self, *args, **options):
        try:
            ready = Question.objects.published().exists()
        except DatabaseError:  # no tables yet: a fresh checkout
            ready = False
        if not ready:
            raise CommandError(
                "This database has no published questions to check. Run 'python manage.py migrate' and "
                "'python manage.py loaddata fixtures/*.json' (or 'python manage.py start') first."
            )
        questionnaire = build()
        catalogue = questionnaire.catalogue
        failures = []

        development = vignettes.run(catalogue, vignettes.load(), questionnaire.ambulance)
        self.suite("Development suite (tests/vignettes): cases written while the rules were made", development, options)
        self.figures(development, exact_target=True)
        if not development.passed:
            failures.append("the development suite falls short of its targets")

        validation_cases = vignettes.load_validation()
        self.stdout.write("")
        if validation_cases:
            validation = vignettes.run(catalogue, validation_cases, questionnaire.ambulance)
            self.suite(
                "Validation suite (tests/vignettes/validation): cases written after the rules were frozen",
                validation,
                options,
            )
            self.figures(validation, exact_target=False)
            if not validation.safe:
                failures.append("the validation suite finds a safety miss")
            if options["record_validation"]:
                self.record(validation, catalogue, options["commit"])
        else:
            self.stdout.write("Validation suite (tests/vignettes/validation): no cases yet.")
            if options["record_validation"]:
                raise CommandError("There are no validation cases to record.")
        if recorded := validation_record.latest():
            self.stdout.write(
                f"Published validation run: {recorded.date}, {recorded.cases} cases, rules {recorded.rules_commit[:12]}"
                + (
                    ""
                    if recorded.rules_fingerprint == validation_record.fingerprint(catalogue)
                    else " (rules changed since)"
                )
            )

        case = safety_case.load()
        problems = safety_case.problems(
            case, safety_case.known_from(questionnaire, vignettes.load(), settings.BASE_DIR)
        )
        self.stdout.write("")
        self.stdout.write(f"Safety case: {len(case.hazards)} hazards (guide/hazards.toml; /triage/safety-case/)")
        for line in safety_case.table(case):
            self.stdout.write(line)
        for problem in problems:
            self.stdout.write(f"    problem: {problem}")
        if problems:
            failures.append("the safety case has problems")

        if failures:
            raise CommandError("The triage rules fall short: " + "; ".join(failures) + ".")
        self.stdout.write(self.style.SUCCESS("The triage rules meet every target."))

    def suite(self, title: str, report: vignettes.Report, options) -> None:
        write = self.stdout.write
        write(f"{title}: {len(report.results)} cases")
        write("Confusion matrix (rows: the right tier; columns: what the rules gave)")
        width = max(len(name) for name in SHORT.values()) + 2
        write("".rjust(width) + "".join(SHORT[tier].rjust(width) for tier in triage.TIERS) + "   cases")
        for expected, cells in report.matrix():
            write(SHORT[expected].rjust(width) + "".join(str(cell).rjust(width) for cell in cells) + f"   {sum(cells)}")
        write("")
        listed = report.results if options["all"] else [r for r in report.results if not r.exact or r.problems]
        listed += [r for r in report.no_ambulance if r not in listed]
        for result in listed:
            kind = "UNDER" if result.under else "over" if result.over else "ok" if result.exact else "under (safe)"
            write(f"[{kind}] {result.vignette.id}: expected {result.vignette.tier}, got {result.tier}")
            if result.no_ambulance:
                write("    problem: needs an ambulance, but would be offered a lift")
            for problem in result.problems:
                write(f"    problem: {problem}")
            for reason in result.outcome.reasons:
                write(f"    {reason.tier}: {reason.rule.slug}")
        if listed:
            write("")

    def figures(self, report: vignettes.Report, exact_target: bool) -> None:
        for label, share in report.figures:
            target = ""
            if label == "Exact" and exact_target:
                target = f" (target {vignettes.EXACT_TARGET:.0%})"
            elif label.startswith("Self-care"):
                target = f" (target {vignettes.SELF_CARE_TARGET:.0%})"
            self.stdout.write(f"{label}: {share}{target}")
        if report.problems:
            self.stdout.write(f"Cases with answers the questions do not offer: {len(report.problems)}")

    def record(self, report: vignettes.Report, catalogue: triage.Catalogue, commit: str) -> None:
        commit = commit or self.git_commit()
        try:
            run = validation_record.record(
                report,
                vignettes.validation_about(),
                commit,
                validation_record.fingerprint(catalogue),
                timezone.localdate(),
            )
        except (validation_record.AlreadyRun, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Recorded the first run of {run.cases} validation cases in guide/validation_record.toml.")

    @staticmethod
    def git_commit() -> str:
        try:
            found = subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError) as error:
            raise CommandError("No git here: give the commit of the rules with --commit.") from error
        return found.stdout.strip()
