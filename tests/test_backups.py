"""Nothing an editor writes is lost: backups restore exactly, on SQLite and on PostgreSQL, and the
shipped guide loads only into an empty database, with a first revision of every row (security
review 2026-12-06, finding 9).

The restore drills run the commands as an operator would, in their own processes, on a real file
or server: load the guide, take a backup, change things, restore, and compare every row.
"""

import json
import os
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from guide.management.commands.load_guide import CHANGE_REASON, fixture_models, guide_is_empty
from guide.models import Country, Source, Treatment
from tests.database_support import manage, postgres_missing, running_postgres, site_environment

# A change to each kind of thing an editor or an accident does: an edit, a deletion, a new row.
CHANGES = """
from guide.models import Country, Source, Treatment
treatment = Treatment.objects.get(slug="ice-pack")
treatment.summary = "An edit made after the backup."
treatment.save()
Country.objects.get(code="au").delete()
Source.objects.create(slug="made-after", title="Made after the backup", publisher="x", url="https://example.org/")
"""


def snapshot(env: dict[str, str]) -> list:
    """Every row of the guide, its revisions and the editors' accounts, as dumpdata writes them."""
    rows = json.loads(manage(env, "dumpdata", "guide", "auth", "otp_totp", "axes", "--indent", "0"))
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def restore_drill(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_guide")
    before = snapshot(env)
    made = manage(env, "backup").split(" to ")[-1].strip()
    manage(env, "shell", "-c", CHANGES)
    changed = snapshot(env)
    assert changed != before
    manage(env, "restore", "--yes", made)
    assert snapshot(env) == before
    # The state restored over was backed up first: the restore can itself be undone.
    backups = sorted(Path(env["BACKCARE_BACKUP_DIR"]).glob("backcare-*"))
    assert len(backups) == 2 and str(backups[0]) == made


def test_a_sqlite_backup_restores_every_row(tmp_path):
    env = site_environment(
        tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}", BACKCARE_BACKUP_DIR=str(tmp_path / "backups")
    )
    restore_drill(env)
    assert [path.suffix for path in (tmp_path / "backups").iterdir()] == [".sqlite3"] * 2


@pytest.mark.skipif(postgres_missing() is not None, reason=f"need {postgres_missing()}")
def test_a_postgresql_backup_restores_every_row(tmp_path):
    with running_postgres() as postgres:
        env = site_environment(tmp_path, postgres.url, BACKCARE_BACKUP_DIR=str(tmp_path / "backups"))
        restore_drill(env)
    assert [path.suffix for path in (tmp_path / "backups").iterdir()] == [".pgdump"] * 2


def test_backups_beyond_the_number_to_keep_are_dropped_oldest_first(tmp_path):
    env = site_environment(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    manage(env, "migrate", "--noinput")
    made = [
        manage(env, "backup", "--to", str(tmp_path / "b"), "--keep", "2").split(" to ")[-1].strip() for _ in range(3)
    ]
    assert sorted(str(path) for path in (tmp_path / "b").iterdir()) == made[1:]


def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path):
    env = site_environment(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    wrong = tmp_path / "backcare-20261206T000000Z.pgdump"
    wrong.write_bytes(b"PGDMP")
    assert "is not a sqlite backup" in manage(env, "restore", "--yes", str(wrong), succeeds=False)


# Loading the shipped guide


@pytest.mark.django_db
def test_the_guide_loads_into_an_empty_database_with_a_first_revision_of_every_row():
    assert guide_is_empty()
    call_command("load_guide", verbosity=0)
    assert not guide_is_empty()
    for model in fixture_models():
        if hasattr(model, "history"):
            assert model.history.count() == model.objects.count() > 0, model.__name__
            assert set(model.history.values_list("history_change_reason", flat=True)) == {CHANGE_REASON}


@pytest.mark.django_db
def test_loading_over_content_is_refused_and_changes_nothing(guide_content):
    Treatment.objects.filter(slug="ice-pack").update(summary="Edited by a clinician.")
    with pytest.raises(CommandError, match=r"already holds the guide \(.*24 treatments.*--force"):
        call_command("load_guide", verbosity=0)
    assert Treatment.objects.get(slug="ice-pack").summary == "Edited by a clinician."


@pytest.mark.django_db(transaction=True)  # a backup copies what is committed
def test_a_forced_load_backs_up_first_and_history_shows_the_shipped_text_as_newest(guide_content, monkeypatch):
    with tempfile.TemporaryDirectory() as folder:
        monkeypatch.setenv("BACKCARE_BACKUP_DIR", folder)
        treatment = Treatment.objects.get(slug="ice-pack")
        shipped = treatment.summary
        treatment.summary = "Edited by a clinician."
        treatment.save()
        call_command("load_guide", force=True, verbosity=0)
        assert len(os.listdir(folder)) == 1  # the backup, with the clinician's edit in it
    treatment.refresh_from_db()
    assert treatment.summary == shipped
    versions = list(treatment.history.order_by("-history_date", "-history_id"))
    assert [(version.summary, version.history_type) for version in versions[:2]] == [
        (shipped, "~"),
        ("Edited by a clinician.", "~"),
    ]
    assert versions[0].history_change_reason == CHANGE_REASON


@pytest.mark.django_db(transaction=True)
def test_a_forced_load_keeps_rows_editors_added_and_counts_stay_as_shipped(guide_content, monkeypatch, tmp_path):
    monkeypatch.setenv("BACKCARE_BACKUP_DIR", str(tmp_path))
    counts = {model: model.objects.count() for model in (Treatment, Country)}
    added = Source.objects.create(slug="added", title="Added by an editor", publisher="x", url="https://example.org/")
    call_command("load_guide", force=True, verbosity=0)
    assert {model: model.objects.count() for model in (Treatment, Country)} == counts
    assert Source.objects.filter(pk=added.pk).exists()
