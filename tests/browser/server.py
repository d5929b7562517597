"""The site as production runs it, for the browser checks: gunicorn, DEBUG off, collected static files.

One server per test run (per xdist worker), on its own SQLite file loaded with the real fixtures.
Browser tests only read, so they can share it; and it keeps the content out of the test database
that other tests count rows in. pytest-django's live_server would flush the content after every
test instead.

Migrating, loading the guide and collecting static files take 10 s or more, and the nginx tests
start sites too, so that is done once per process (`prepared_site`): each site starts from a copy
of that database, in its own folder, and serves the one read-only copy of the static files.
"""

import atexit
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.toolchain import BASE_DIR

FIXTURES = sorted(str(path) for path in (BASE_DIR / "fixtures").glob("*.json"))
SETUP = """
import sys, django
from django.core.management import call_command
django.setup()
call_command("migrate", interactive=False, verbosity=0)
call_command("load_guide", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
"""


@functools.cache
def prepared_site() -> Path:
    """A folder holding a migrated database with the guide loaded, and the collected static files.

    Made once per process, in a temporary folder of its own, so parallel workers never share a
    file. Removed when the process ends (or by `remove_prepared_site`).
    """
    if not FIXTURES:
        raise RuntimeError("No fixtures/*.json to load: the browser checks need the real content.")
    folder = Path(tempfile.mkdtemp(prefix="backcare-site-prepared-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = server_environment(folder)
    subprocess.run([sys.executable, "-c", SETUP, *FIXTURES], env=env, cwd=BASE_DIR, check=True)
    return folder


def remove_prepared_site() -> None:
    if prepared_site.cache_info().currsize:
        shutil.rmtree(prepared_site(), ignore_errors=True)
        prepared_site.cache_clear()


def sqlite_file(database_url: str) -> Path:
    """The file of a `sqlite:///` DATABASE_URL (relative to the project, as for the site itself)."""
    if not database_url.startswith("sqlite:///"):
        raise ValueError(f"running_site serves a copy of the prepared SQLite database, not {database_url}")
    return BASE_DIR / database_url.removeprefix("sqlite:///")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(folder: Path, overrides: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "BACKCARE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.browser.site_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "browser-tests-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Served over plain http on loopback, so production's https redirect is turned off.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "BACKCARE_TEST_STATIC_ROOT": str(folder / "static"),
        "PYTHONPATH": str(BASE_DIR),
    }
    return env | (overrides or {})


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # refused, reset or timed out while gunicorn boots
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn: gracefully, or at once if it takes over 10 s (workers busy on a loaded machine)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_site(env: dict[str, str] | None = None, production_config: bool = False) -> Iterator[str]:
    """Serve the guide with gunicorn and yield its base URL (no trailing slash).

    `env` adds to or overrides the site's environment (a DATABASE_URL in it names the SQLite file
    that gets the copy of the prepared guide); `production_config` runs gunicorn with
    gunicorn.conf.py (2 workers of 2 threads) instead of plain command-line options.
    """
    prepared = prepared_site()
    with tempfile.TemporaryDirectory(prefix="backcare-site-") as tmp:
        folder = Path(tmp)
        env = server_environment(folder, {"BACKCARE_TEST_STATIC_ROOT": str(prepared / "static")} | (env or {}))
        shutil.copyfile(prepared / "site.sqlite3", sqlite_file(env["DATABASE_URL"]))
        port = free_port()
        if production_config:
            env |= {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "2"}
            command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--log-level", "warning"]
        else:
            command = [sys.executable, "-m", "gunicorn", "backcare.wsgi", "--bind", f"127.0.0.1:{port}"]
            command += ["--no-control-socket", "--workers", "2", "--log-level", "warning"]
        # The access log (stdout) would only bury the errors (stderr) that matter here.
        process = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=subprocess.DEVNULL)
        try:
            base_url = f"http://127.0.0.1:{port}"
            # /healthz: it answers plain http even where the site redirects to https.
            wait_until_up(base_url + "/healthz", process)
            yield base_url
        finally:
            stop(process)
