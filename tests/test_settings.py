"""Settings come from the environment, and production refuses to start without a secret."""

import os
import subprocess
import sys

from django.conf import settings

BASE_ENV = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}


SHOW_SETTINGS = "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"


def load_settings(code: str = SHOW_SETTINGS, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=BASE_ENV | {"DJANGO_SETTINGS_MODULE": "backcare.settings"} | env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_serving_production_without_a_secret_key_fails_at_start_up_with_a_clear_message():
    result = load_settings("import backcare.wsgi", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_commands_that_need_no_key_run_without_one():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "backcare.databases.sqlite3"]
    migrations = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=BASE_ENV | {"DJANGO_DEBUG": "0"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrations.returncode == 0, migrations.stderr


def test_debug_runs_without_a_secret_key_on_sqlite_by_default():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "backcare.databases.sqlite3"]


def test_database_url_picks_the_database():
    result = load_settings(DJANGO_DEBUG="1", DATABASE_URL="postgres://u:p@127.0.0.1:5432/backcare")
    assert result.stdout.split() == ["True", "backcare.databases.postgresql"]


def test_phone_numbers_are_settings():
    assert settings.BACKCARE_EMERGENCY_NUMBER == "999"
    assert settings.BACKCARE_URGENT_NUMBER == "111"
