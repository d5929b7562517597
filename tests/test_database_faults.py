"""A failing database gives people the 503 page, with every emergency number, within seconds, and
editors "Your change was NOT saved", never a 500 or a traceback (security review 2026-12-06,
findings 7 and 8).

Each fault is real: a PostgreSQL from .ci/postgres whose processes are stopped (SIGSTOP: it
accepts connections and never answers) or made read-only, a SQLite locked by another process, and
a SQLite on a full file system. The site is gunicorn with gunicorn.conf.py, as production runs it.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.database_support import BASE_DIR, manage, postgres_missing, running_postgres, serving, site_environment

needs_postgres = pytest.mark.skipif(postgres_missing() is not None, reason=f"need {postgres_missing()}")


def get(url: str, timeout: float = 60) -> tuple[int, str, float]:
    """Status, body and seconds taken, for a GET."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def fresh(path: str) -> str:
    """An address no cache holds yet, so the page must be made from the database."""
    return f"{path}?n={uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def postgres_site():
    if postgres_missing():
        pytest.skip(f"need {postgres_missing()}")
    with tempfile.TemporaryDirectory(prefix="backcare-pg-site-") as tmp, running_postgres() as postgres:
        env = site_environment(Path(tmp), postgres.url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_guide")
        with serving(env, Path(tmp)) as site:
            yield postgres, site, env


@needs_postgres
def test_a_hung_postgresql_gives_the_503_page_and_health_says_so_in_seconds(postgres_site):
    postgres, site, _ = postgres_site
    for path in ["/healthz", "/warning-signs/", "/"]:  # every worker has a connection it keeps
        assert get(site.url + path)[0] == 200
    with postgres.hung():
        health = get(site.url + "/healthz")
        pages = [get(site.url + fresh(path)) for path in ["/warning-signs/", "/", "/treatments/"]]
    print(f"\nhung PostgreSQL: /healthz {health[2]:.1f} s; pages {', '.join(f'{page[2]:.1f} s' for page in pages)}")
    assert health[:2] == (503, "database unavailable (OperationalError)\n")
    assert health[2] < 3.5  # /healthz's own 2 s budget, and a little for the request itself
    for status, html, seconds in pages:
        assert status == 503
        assert '<a class="call-button" href="tel:999">Call 999</a>' in html and 'href="tel:000"' in html
        assert seconds < 8  # before: 30 s and more (nginx gave up at 35 s)
    # Once the server answers again, so do the pages.
    deadline = time.monotonic() + 15
    while get(site.url + fresh("/"))[0] != 200:
        assert time.monotonic() < deadline, "the site did not recover"
        time.sleep(0.5)
    assert "Traceback" not in site.log.read_text()


@needs_postgres
def test_a_statement_running_past_the_timeout_is_cancelled_by_the_server(postgres_site):
    _, _, env = postgres_site
    code = textwrap.dedent(
        """
        from django.db import OperationalError, connection
        try:
            connection.cursor().execute("SELECT pg_sleep(3)")
        except OperationalError as error:
            print(type(error.__cause__).__name__)
        """
    )
    assert (
        manage(env | {"BACKCARE_DB_STATEMENT_TIMEOUT": "1"}, "shell", "-v", "0", "-c", code).strip() == "QueryCanceled"
    )


# Editors on a database that cannot take a change

EDITOR = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from guide.models import Treatment

    client = Client(raise_request_exception=False)
    editor = get_user_model().objects.get(username="editor")
    client.force_login(editor)
    treatment = Treatment.objects.get(slug="ice-pack")
    url = f"/admin/guide/treatment/{treatment.pk}/change/"
    from tests.html_forms import form_data
    edit = form_data(client.get(url).content.decode())
    edit |= {"summary": "An edit the database cannot take.", "change_note": "A test edit."}
    if sys.argv[1] == "read-only":
        import subprocess
        subprocess.run(["psql", sys.argv[2], "-X", "-q", "-c",
                        "ALTER DATABASE backcare SET default_transaction_read_only = on"], check=True)
        from django.db import connection
        connection.close()  # new connections are read-only
    saved = client.post(url, edit)
    print(saved.status_code, "NOT saved" in saved.content.decode(), "backcare content" in saved.content.decode())
    page = Client().get("/warning-signs/")
    print(page.status_code)
    print(Treatment.objects.get(slug="ice-pack").summary == edit["summary"])
    """
)


@needs_postgres
def test_a_read_only_postgresql_tells_the_editor_not_saved_and_pages_still_work(postgres_site):
    postgres, _, env = postgres_site
    manage(env, "shell", "-c", "from django.contrib.auth.models import User; User.objects.create_superuser('editor')")
    run = subprocess.run(
        [sys.executable, "-c", EDITOR, "read-only", postgres.url],
        # The editor signs in with force_login: no second factor to enter.
        env=env
        | {"PYTHONPATH": str(BASE_DIR), "DJANGO_ALLOWED_HOSTS": "testserver", "BACKCARE_ADMIN_SECOND_FACTOR": "0"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    postgres.psql(
        "SET default_transaction_read_only = off", "ALTER DATABASE backcare SET default_transaction_read_only = off"
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:3] == ["503 True True", "200", "False"], run.stderr
    assert "Traceback" not in run.stderr
    assert "Database unavailable (InternalError): answered 503." in run.stderr


# SQLite


def test_a_locked_sqlite_gives_the_503_page_in_a_second_or_two(tmp_path):
    env = site_environment(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    manage(env, "migrate", "--noinput")
    manage(env, "load_guide")
    with serving(env, tmp_path) as site:
        assert get(site.url + "/")[0] == 200
        writer = sqlite3.connect(tmp_path / "site.sqlite3", isolation_level=None)
        writer.execute("BEGIN EXCLUSIVE")  # another process writing: every read must wait
        try:
            status, html, seconds = get(site.url + fresh("/warning-signs/"))
            health = get(site.url + "/healthz")
        finally:
            writer.execute("ROLLBACK")
    print(f"\nlocked SQLite: page {seconds:.1f} s, /healthz {health[2]:.1f} s")
    assert status == 503 and 'class="call-button" href="tel:999"' in html
    assert seconds < 4  # before: 15 s (three waits of 5 s)
    assert health[0] == 503 and health[2] < 2.5
    assert "Traceback" not in site.log.read_text()


FULL_DISK = textwrap.dedent(
    """
    import os, sys, django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("migrate", verbosity=0)
    editor = get_user_model().objects.create_superuser("editor", password="a long enough password")
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    from django.db import connection
    connection.close()
    filler = os.open(os.path.join(sys.argv[1], "filler"), os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(filler, b"x" * 65536)
    except OSError:  # the disk is full
        pass
    os.close(filler)
    client = Client(raise_request_exception=False)
    client.get("/admin/login/")
    for code in ["000000", str(totp(device.bin_key)).zfill(6)]:  # a wrong code, then the right one
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "a long enough password", "otp_token": code}
        )
        html = response.content.decode()
        print(response.status_code, "NOT signed in" in html, "backcare content" in html)
    """
)


def full_file_system(folder: Path, size: str = "32m") -> bool:
    """Mount a small tmpfs on `folder` (root only): a disk that fills up for real."""
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    return subprocess.run(mount, capture_output=True).returncode == 0


def test_signing_in_on_a_full_disk_says_not_signed_in_without_a_traceback(tmp_path):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not full_file_system(disk):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        env = site_environment(
            tmp_path,
            f"sqlite:///{disk / 'site.sqlite3'}",
            BACKCARE_ADMIN_SECOND_FACTOR="1",
            DJANGO_ALLOWED_HOSTS="testserver",
            PYTHONPATH=str(BASE_DIR),
        )
        run = subprocess.run(
            [sys.executable, "-c", FULL_DISK, str(disk)], env=env, cwd=BASE_DIR, capture_output=True, text=True
        )
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["503 True True", "503 True True"], run.stderr
    assert "Traceback" not in run.stderr


FULL_DISK_SAVE = textwrap.dedent(
    """
    import os, sys, django
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from guide.models import Treatment
    from tests.html_forms import form_data

    call_command("migrate", verbosity=0)
    call_command("load_guide", verbosity=0)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_superuser("editor"))
    treatment = Treatment.objects.get(slug="ice-pack")
    url = f"/admin/guide/treatment/{treatment.pk}/change/"
    edit = form_data(client.get(url).content.decode())
    edit |= {"summary": "An edit the disk has no room for.", "change_note": "A test edit."}
    filler = os.open(os.path.join(sys.argv[1], "filler"), os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(filler, b"x" * 65536)
    except OSError:  # the disk is full
        pass
    os.close(filler)
    saved = client.post(url, edit)
    html = saved.content.decode()
    print(saved.status_code, "Your change was NOT saved" in html, "backcare content" in html)
    os.remove(os.path.join(sys.argv[1], "filler"))  # room again: nothing of the edit was kept
    print(Treatment.objects.get(slug="ice-pack").summary == edit["summary"])
    """
)


def test_an_admin_save_on_a_full_disk_says_not_saved_without_a_traceback(tmp_path):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not full_file_system(disk, size="128m"):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        env = site_environment(
            tmp_path,
            f"sqlite:///{disk / 'site.sqlite3'}",
            BACKCARE_ADMIN_SECOND_FACTOR="0",  # force_login: no second factor to enter
            DJANGO_ALLOWED_HOSTS="testserver",
            PYTHONPATH=str(BASE_DIR),
        )
        run = subprocess.run(
            [sys.executable, "-c", FULL_DISK_SAVE, str(disk)],
            env=env,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        subprocess.run(["umount", str(disk)], check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["503 True True", "False"], run.stdout + run.stderr
    assert "Traceback" not in run.stderr
