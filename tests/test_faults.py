"""Faults end in a calm page and a 4xx/503, never a stack trace, a driver message or a person's answers."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from guide.errors import RETRY_AFTER_SECONDS
from guide.models import Source
from tests.factories import make_guide
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
DRIVER_MESSAGE = "connection to server at 10.0.0.7 port 5432 failed: password authentication failed for user x"


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_errors_become_a_styled_503(client, caplog, error):
    with mock.patch("guide.views.WarningSign.objects.published", side_effect=error(DRIVER_MESSAGE)):
        response = client.get(reverse("guide:warning_signs") + "?answer=numb-legs")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The guide is not available right now" in html
    assert "site.css" in html
    for secret in ("10.0.0.7", "password authentication", "Traceback", "numb-legs"):
        assert secret not in html
        assert secret not in caplog.text


def test_htmx_gets_the_503_as_a_partial(htmx_client):
    with mock.patch("guide.views.WarningSign.objects.published", side_effect=OperationalError(DRIVER_MESSAGE)):
        response = htmx_client.get(reverse("guide:warning_signs"))
    assert response.status_code == 503
    assert "<html" not in response.content.decode()
    assert "not available" in response.content.decode()


UNREACHABLE_DATABASE_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    for url in ["/", "/treatments/?q=my-secret-answer", "/healthz"]:
        response = client.get(url)
        print(url, response.status_code, response.get("Retry-After"), response.content.decode().replace("\\n", " "))
    """
)


def test_an_unreachable_database_gives_503_and_keeps_the_log_clean():
    """A real PostgreSQL connection refused, in a fresh process, with its log captured."""
    env = os.environ | {
        "DATABASE_URL": "postgres://backcare:hunter2@127.0.0.1:9/backcare",
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
    }
    run = subprocess.run(
        [sys.executable, "-c", UNREACHABLE_DATABASE_SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 0, run.stderr
    assert lines[0].startswith(f"/ 503 {RETRY_AFTER_SECONDS} ")
    assert lines[1].startswith(f"/treatments/?q=my-secret-answer 503 {RETRY_AFTER_SECONDS} ")
    assert lines[2] == "/healthz 503 None database unavailable (OperationalError) "
    bodies = " ".join(line.split(" ", 3)[3] for line in lines)
    for secret in ("Connection refused", "127.0.0.1", "hunter2", "Traceback", "my-secret-answer"):
        assert secret not in bodies
        assert secret not in run.stderr
    assert "OperationalError" in run.stderr


@pytest.mark.parametrize("method", ["BREW", "PUT", "DELETE", "POST"])
def test_unknown_methods_get_405(client, method):
    assert client.generic(method, reverse("guide:home")).status_code == 405


def test_too_many_fields_get_a_friendly_400(client, settings):
    query = "&".join(f"field{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(reverse("guide:treatments") + "?" + query)
    assert response.status_code == 400
    assert "We could not use what was sent" in response.content.decode()


def test_a_body_over_the_limit_gets_a_friendly_400(client):
    response = client.post(
        "/admin/login/", "username=" + "x" * 100_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "We could not use what was sent" in response.content.decode()


class TestHealthz:
    def test_ok_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert response["Content-Type"].startswith("text/plain")
        assert "no-store" in response["Cache-Control"]

    def test_503_when_it_does_not(self, client):
        with mock.patch("pagecache.models.connection.cursor", side_effect=OperationalError(DRIVER_MESSAGE)):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.content == b"database unavailable (OperationalError)\n"
        assert "no-store" in response["Cache-Control"]

    def test_answers_any_host_and_plain_http(self, client, settings):
        # A load balancer probes each replica by address, over http inside the network.
        settings.SECURE_SSL_REDIRECT = True
        assert client.get("/healthz", headers={"Host": "10.1.2.3:8000"}).status_code == 200

    def test_only_reads(self, client):
        assert client.post("/healthz").status_code == 405


SQLITE_LOCKS_SCRIPT = textwrap.dedent(
    """
    import sqlite3, sys, django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from guide.models import Source
    from tests.factories import make_guide
    from tests.html_forms import form_data

    def show(label, response):
        text = response.content.decode()
        words = [w for w in ("NOT saved", "cannot reach the database", "not available right now") if w in text]
        print(label, response.status_code, response.get("Retry-After"), text.strip() if label == "health" else words)

    client = Client(raise_request_exception=False)
    show("health", client.get("/healthz"))
    call_command("migrate", verbosity=0)
    make_guide()
    show("health", client.get("/healthz"))
    client.force_login(get_user_model().objects.create_superuser("editor", password=None))
    source = Source.objects.first()
    change_url = f"/admin/guide/source/{source.pk}/change/"
    edit = form_data(client.get(change_url).content.decode()) | {"title": "An edit made while locked"}

    # Another process is writing (SQLite's RESERVED lock): reads go on, this save must wait and fail.
    writer = sqlite3.connect(sys.argv[1], isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    show("health", client.get("/healthz"))
    show("save", client.post(change_url, edit))
    show("admin-page", client.get(change_url))
    writer.execute("ROLLBACK")
    print("title", Source.objects.get(pk=source.pk).title != edit["title"])

    # An EXCLUSIVE lock blocks reads too: pages fail, so the health check must say so.
    writer.execute("BEGIN EXCLUSIVE")
    show("health", client.get("/healthz"))
    show("public-page", client.get("/"))
    writer.execute("ROLLBACK")
    show("health", client.get("/healthz"))
    """
)


def test_sqlite_locks_and_an_unmigrated_database_are_told_truthfully(tmp_path):
    """A real SQLite file, locked by a second connection as another writer would lock it."""
    database = tmp_path / "locked.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "BACKCARE_SQLITE_BUSY_TIMEOUT": "0.2",
        "PYTHONPATH": str(BASE_DIR),
        "PYTHONWARNINGS": "ignore",
    }
    run = subprocess.run(
        [sys.executable, "-c", SQLITE_LOCKS_SCRIPT, str(database)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    retry = str(RETRY_AFTER_SECONDS)
    assert run.stdout.splitlines() == [
        # Unmigrated: SELECT 1 would have said ok while every page failed.
        "health 503 None database unavailable (OperationalError)",
        "health 200 None ok",
        "health 200 None ok",
        f"save 503 {retry} ['NOT saved']",
        # Reads go on under another writer's lock: the page shows (its idle-timeout refresh is skipped).
        "admin-page 200 None []",
        "title True",
        "health 503 None database unavailable (OperationalError)",
        f"public-page 503 {retry} ['not available right now']",
        "health 200 None ok",
    ], run.stderr
    assert "Traceback" not in run.stderr


class TestEditorsSeeWhetherTheirChangeWasSaved:
    def test_a_failed_save_says_not_saved_on_an_admin_page(self, admin_client):
        make_guide()
        source = Source.objects.first()
        url = reverse("admin:guide_source_change", args=[source.pk])
        edit = form_data(admin_client.get(url).content.decode()) | {"title": "A lost edit"}
        with mock.patch("guide.models.Source.save", side_effect=OperationalError(DRIVER_MESSAGE)):
            response = admin_client.post(url, edit)
        html = response.content.decode()
        assert response.status_code == 503
        assert "Your change was NOT saved" in html
        assert "backcare content" in html  # the admin's header, not the public page
        assert "The guide is not available" not in html
        assert DRIVER_MESSAGE not in html
        assert Source.objects.get(pk=source.pk).title != "A lost edit"

    def test_an_admin_page_that_cannot_read_says_nothing_was_changed(self, admin_client):
        with mock.patch("guide.admin.TreatmentAdmin.get_queryset", side_effect=InterfaceError(DRIVER_MESSAGE)):
            response = admin_client.get(reverse("admin:guide_treatment_changelist"))
        assert response.status_code == 503
        assert "The admin cannot reach the database" in response.content.decode()

    def test_a_database_error_outside_any_view_gets_the_same_page(self, admin_client):
        # A session that cannot be written: raised by middleware after the view ran.
        admin_client.raise_request_exception = False
        with mock.patch("backcare.sessions.SessionStore.save", side_effect=OperationalError(DRIVER_MESSAGE)):
            response = admin_client.get("/admin/")
        assert response.status_code == 503
        assert "cannot reach the database" in response.content.decode()
