"""Backups of the whole database, and restoring one: SQLite with its online backup API, PostgreSQL
with pg_dump's custom format and pg_restore (security review 2026-12-06, finding 9).

A backup is one file in BACKCARE_BACKUP_DIR, named by when it was taken:
`backcare-20261206T023000Z.sqlite3` (a plain SQLite database) or `backcare-...pgdump` (`pg_dump -Fc`).
Only the newest BACKCARE_BACKUP_KEEP are kept. The folder must be somewhere that survives the host:
compose.yaml mounts a volume for it, which the README says how to keep elsewhere.
"""

import datetime
import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, for an operator."""


def backup_dir() -> Path:
    return Path(os.environ.get("BACKCARE_BACKUP_DIR", Path(settings.BASE_DIR) / "backups"))


def vendor() -> str:
    return connections["default"].vendor


def backup_name(now: datetime.datetime) -> str:
    return f"backcare-{now.strftime('%Y%m%dT%H%M%SZ')}{SUFFIXES[vendor()]}"


def backups(folder: Path) -> list[Path]:
    """The backups in `folder` this database could restore, oldest first."""
    return sorted(folder.glob(f"backcare-*{SUFFIXES[vendor()]}"))


def libpq_environment() -> dict[str, str]:
    """The database's address and password for pg_dump and pg_restore, never on their command line."""
    database = settings.DATABASES["default"]
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
    return os.environ | {variable: str(database[key]) for key, variable in names.items() if database.get(key)}


def run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def back_up(folder: Path, keep: int) -> Path:
    """Take a consistent backup of the whole database into `folder`; drop all but the newest `keep`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(datetime.datetime.now(datetime.UTC))
    partial = target.with_name(target.name + ".partial")  # never mistaken for a backup if interrupted
    if vendor() == "sqlite":
        connection = connections["default"]
        if connection.in_atomic_block:
            # SQLite's backup would wait for ever for this connection's own transaction to end.
            raise BackupError("A backup cannot be taken inside a transaction.")
        connection.ensure_connection()
        with sqlite3.connect(partial) as copy:
            connection.connection.backup(copy)  # a consistent copy, while others read and write
        copy.close()
    else:
        run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"])
    partial.rename(target)
    for old in backups(folder)[:-keep]:
        old.unlink()
    return target


def restore(source: Path) -> None:
    """Replace the whole database with the backup `source` (of the same kind of database)."""
    if not source.is_file() or not source.name.endswith(SUFFIXES[vendor()]):
        raise BackupError(f"{source} is not a {vendor()} backup ({SUFFIXES[vendor()]} file).")
    connection = connections["default"]
    if vendor() == "sqlite":
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
            connection.close()
            connection.ensure_connection()
            backup.backup(connection.connection)  # page by page, in one transaction of the target
        backup.close()
    else:
        connection.close()
        database = settings.DATABASES["default"]["NAME"]
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database}",
                str(source),
            ]
        )
