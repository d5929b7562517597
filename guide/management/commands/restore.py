"""`manage.py restore FILE`: put the whole database back as a backup has it (see backcare/backups.py).

It backs up the database as it is first, so a restore can itself be undone.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backcare.backups import BackupError, back_up, backup_dir, restore
from pagecache.models import ContentVersion


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup` (after backing up what is there)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup: a .sqlite3 file (SQLite) or a .pgdump file (PostgreSQL).")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, file: str, yes: bool, **options):
        source = Path(file)
        if not yes and input(f"Replace the whole database with {source}? Type yes: ").strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
        try:
            before = back_up(backup_dir(), keep=10_000)  # prunes none: the file to restore may be the oldest
            self.stdout.write(f"Backed up the database as it was to {before}")
            restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        ContentVersion.bump()  # every page is rendered afresh from the restored content
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {source}"))
