"""`manage.py backup`: a consistent copy of the whole database, now or on a schedule (see backcare/backups.py)."""

import os
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backcare.backups import BackupError, back_up, backup_dir


class Command(BaseCommand):
    help = "Back up the whole database into BACKCARE_BACKUP_DIR (or --to), keeping the newest BACKCARE_BACKUP_KEEP."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="The folder for the backup (default: BACKCARE_BACKUP_DIR, or backups/).")
        parser.add_argument(
            "--keep", type=int, default=int(os.environ.get("BACKCARE_BACKUP_KEEP", "14")), help="Backups to keep."
        )
        parser.add_argument(
            "--every-hours",
            type=float,
            help="Go on running: back up now and then every this many hours (the compose backup service: 24).",
        )

    def handle(self, *args, to: str | None, keep: int, every_hours: float | None, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1.")
        folder = Path(to) if to else backup_dir()
        while True:
            try:
                target = back_up(folder, keep)
            except BackupError as error:
                if every_hours is None:
                    raise CommandError(str(error)) from error
                self.stderr.write(f"Backup failed: {error}")  # the schedule goes on; the next one may work
            else:
                self.stdout.write(self.style.SUCCESS(f"Backed up the database to {target}"))
            if every_hours is None:
                return
            time.sleep(every_hours * 3600)
