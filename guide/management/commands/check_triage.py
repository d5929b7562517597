"""Run the vignette suite through the published rules and print how the checker does.

    python manage.py check_triage          # the figures, and every case that was not exact
    python manage.py check_triage --all    # every case

Exits with status 1 if an emergency is missed, any case is under-triaged, a case gives answers
the questions do not offer, fewer than 95% are exact, or fewer than 90% of self-care cases stay
at self-care.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from guide import triage, vignettes
from guide.models import Question
from guide.questionnaire import build

SHORT = {triage.EMERGENCY: "emergency", triage.URGENT: "urgent", triage.GP: "gp", triage.SELF_CARE: "self-care"}


class Command(BaseCommand):
    help = "Run the vignette suite (tests/vignettes) through the published triage rules."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="List every case, not only the ones that missed.")

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
        report = vignettes.run(build().catalogue)
        write = self.stdout.write
        write(f"{len(report.results)} cases\n")
        write("Confusion matrix (rows: the right tier; columns: what the rules gave)")
        width = max(len(name) for name in SHORT.values()) + 2
        write("".rjust(width) + "".join(SHORT[tier].rjust(width) for tier in triage.TIERS) + "   cases")
        for expected in triage.TIERS:
            cells = [report.confusion.get((expected, got), 0) for got in triage.TIERS]
            write(SHORT[expected].rjust(width) + "".join(str(cell).rjust(width) for cell in cells) + f"   {sum(cells)}")
        write("")
        listed = report.results if options["all"] else [r for r in report.results if not r.exact or r.problems]
        for result in listed:
            kind = "UNDER" if result.under else "over" if result.over else "ok" if result.exact else "under (safe)"
            write(f"[{kind}] {result.vignette.id}: expected {result.vignette.tier}, got {result.tier}")
            for problem in result.problems:
                write(f"    problem: {problem}")
            for reason in result.outcome.reasons:
                write(f"    {reason.tier}: {reason.rule.slug}")
        if listed:
            write("")
        write(f"Emergency sensitivity: {report.emergency_sensitivity:.1%}")
        write(f"Under-triage (less urgent than safe): {len(report.under)}")
        write(f"Over-triage (more urgent than needed): {len(report.over)}")
        write(f"Exact: {report.exact:.1%} (target {vignettes.EXACT_TARGET:.0%})")
        write(f"Self-care kept at self-care: {report.self_care_kept:.1%} (target {vignettes.SELF_CARE_TARGET:.0%})")
        if report.problems:
            write(f"Cases with answers the questions do not offer: {len(report.problems)}")
        if not report.passed:
            raise CommandError("The triage rules fall short of the vignette suite's targets.")
        write(self.style.SUCCESS("The triage rules meet every target."))
