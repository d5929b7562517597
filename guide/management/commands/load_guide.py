"""Load the guide's shipped content (fixtures/*.json) into an empty database, with a first revision.

`loaddata` writes over whatever an editor changed, with no warning, and leaves no revision: the
History page then shows an editor's text as current when the page shows the fixture's, and nobody
can revert to the shipped text (security review 2026-12-06, finding 9). This command:

- refuses when the database already holds any of the guide's content, unless --force;
- with --force, takes a backup first (`manage.py backup`), so an editor's work can be restored;
- loads every fixture in one transaction, and writes a revision for every row it loaded ("+", or
  "~" for a row it replaced), so History shows the shipped text as the newest version.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Model

from pagecache.models import ContentVersion

FIXTURES = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json"))
CHANGE_REASON = "Loaded from the shipped guide (manage.py load_guide)"


def fixture_models() -> set[type[Model]]:
    """The models the fixtures hold rows of (read from the files: their rows may refer to each other)."""
    return {apps.get_model(row["model"]) for path in FIXTURES for row in json.loads(path.read_text())}


def loaded_rows() -> list[Model]:
    """Every row the fixtures hold, as the database now has it: call after loading them."""
    rows = []
    for path in FIXTURES:
        with path.open() as stream:
            rows += [row.object for row in serializers.deserialize("json", stream)]
    return rows


def content_present(models: set[type[Model]]) -> dict[str, int]:
    """How many rows each of these models already has, for those that have any."""
    return {str(model._meta.verbose_name_plural): count for model in models if (count := model.objects.count())}


def write_first_revisions(rows: list[Model], existed: dict[type[Model], set], marks: dict[type[Model], int]) -> int:
    """A revision of every loaded row of a model with history, as loaded: the newest version.

    "+" (created) for a new row, "~" (changed) for one that was there before and was replaced. A
    row whose many-to-many fields the load set already has one (django-simple-history records
    those changes even in a load), which is only labelled. `marks` is each model's last revision
    before the load."""
    by_model: dict[type[Model], list] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row.pk)
    written = 0
    for model, keys in by_model.items():
        if not hasattr(model, "history"):
            continue
        recorded = model.history.filter(history_id__gt=marks[model])
        recorded.update(history_change_reason=CHANGE_REASON)
        already = set(recorded.values_list(model._meta.pk.attname, flat=True))
        loaded = [row for row in model.objects.filter(pk__in=keys) if row.pk not in already]
        for update in (False, True):
            if group := [row for row in loaded if (row.pk in existed[model]) == update]:
                model.history.bulk_history_create(group, update=update, default_change_reason=CHANGE_REASON)
        written += len(loaded) + len(already)
    return written


def last_revisions(models: set[type[Model]]) -> dict[type[Model], int]:
    return {
        model: model.history.aggregate(last=Max("history_id"))["last"] or 0
        for model in models
        if hasattr(model, "history")
    }


def guide_is_empty() -> bool:
    return not content_present(fixture_models())


class Command(BaseCommand):
    help = (
        "Load the shipped guide (fixtures/*.json) into an empty database, with a first revision of every row. "
        "--force loads over existing content, after a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even over existing content (editors' changes to loaded rows are replaced). Backs up first.",
        )

    def handle(self, *args, force: bool, **options):
        if not FIXTURES:
            raise CommandError(f"No fixtures in {Path(settings.BASE_DIR, 'fixtures')}.")
        models = fixture_models()
        present = content_present(models)
        if present and not force:
            counts = ", ".join(f"{count} {name}" for name, count in sorted(present.items()))
            raise CommandError(
                f"The database already holds the guide ({counts}). Loading it again would replace editors' "
                "changes. To load anyway, run load_guide --force: it takes a backup first."
            )
        if present:
            call_command("backup", stdout=self.stdout)
        with transaction.atomic():
            existed = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
            marks = last_revisions(models)
            call_command("loaddata", *map(str, FIXTURES), verbosity=0)
            rows = loaded_rows()
            revisions = write_first_revisions(rows, existed, marks)
            ContentVersion.bump()
        if options["verbosity"]:
            message = f"Loaded the guide: {len(rows)} rows from {len(FIXTURES)} files, {revisions} first revisions."
            self.stdout.write(self.style.SUCCESS(message))
