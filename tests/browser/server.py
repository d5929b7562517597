"""The site as production runs it, for the browser checks: gunicorn, DEBUG off, collected static files.

One server per test run, on its own SQLite file loaded with the real fixtures. Browser tests only
read, so they can share it; and it keeps the content out of the test database that other tests
count rows in. pytest-django's live_server would flush the content after every test instead.
"""

import os
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


@contextmanager
def running_site(env: dict[str, str] | None = None, production_config: bool = False) -> Iterator[str]:
    """Serve the guide with gunicorn and yield its base URL (no trailing slash).

    `env` adds to or overrides the site's environment; `production_config` runs gunicorn with
    gunicorn.conf.py (2 workers of 2 threads) instead of plain command-line options.
    """
    if not FIXTURES:
        raise RuntimeError("No fixtures/*.json to load: the browser checks need the real content.")
    with tempfile.TemporaryDirectory(prefix="backcare-site-") as tmp:
        folder = Path(tmp)
        env = server_environment(folder, env)
        subprocess.run([sys.executable, "-c", SETUP, *FIXTURES], env=env, cwd=BASE_DIR, check=True)
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
            process.terminate()
            process.wait(timeout=10)
