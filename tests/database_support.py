"""Real databases for fault tests: a throwaway PostgreSQL from .ci/postgres that a test may stop,
make read-only or hang, and gunicorn serving the guide from any database, as production runs it.
"""

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import free_port, server_environment, wait_until_up

BASE_DIR = Path(__file__).resolve().parent.parent
CI_POSTGRES = BASE_DIR / ".ci" / "postgres"


def postgres_missing() -> str | None:
    if not any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return "PostgreSQL (apt-get install postgresql, or run .ci/postgres start once)"
    return None


@dataclass
class Postgres:
    url: str
    folder: Path  # its data directory

    def processes(self) -> list[int]:
        """The postmaster and every process it started (backends, checkpointer, writers)."""
        postmaster = int((self.folder / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [postmaster, *children]

    def signal_all(self, signum: int) -> None:
        for pid in self.processes():
            with suppress(ProcessLookupError):
                os.kill(pid, signum)

    @contextmanager
    def hung(self) -> Iterator[None]:
        """Every PostgreSQL process stopped (SIGSTOP): connections open, nothing answers."""
        self.signal_all(signal.SIGSTOP)
        try:
            yield
        finally:
            self.signal_all(signal.SIGCONT)

    def psql(self, *statements: str) -> str:
        """Run each statement in one psql session; its output."""
        commands = [part for statement in statements for part in ("-c", statement)]
        return subprocess.run(
            ["psql", self.url, "-X", "-q", "-t", "-A", *commands], capture_output=True, text=True, check=True
        ).stdout.strip()


@contextmanager
def running_postgres() -> Iterator[Postgres]:
    """A new PostgreSQL on a free port, with an empty `backcare` database; deleted afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="backcare-pg-"))
    os.chmod(tmp, 0o755)  # as root, .ci/postgres runs the server as the postgres user
    env = os.environ | {"BACKCARE_PG_PORT": str(free_port()), "TMPDIR": str(tmp)}
    started = subprocess.run([str(CI_POSTGRES), "start"], env=env, capture_output=True, text=True, check=True)
    try:
        yield Postgres(started.stdout.strip(), tmp / f"backcare-postgres-{env['BACKCARE_PG_PORT']}")
    finally:
        subprocess.run([str(CI_POSTGRES), "stop"], env=env, capture_output=True, check=False)
        subprocess.run(["rm", "-rf", str(tmp)], check=False)


def manage(env: dict[str, str], *args: str, succeeds: bool = True) -> str:
    """`manage.py` with this environment (as production runs it): its output, or its error output
    when it must fail."""
    run = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    assert (run.returncode == 0) == succeeds, run.stdout + run.stderr
    return run.stdout if succeeds else run.stderr


def site_environment(folder: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The browser tests' production environment (DEBUG off, plain http) on this database, with
    static files served from static/ (nothing collected)."""
    own = {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "backcare.settings", "BACKCARE_PLAIN_STATIC": "1"}
    return server_environment(folder, own | overrides)


@dataclass
class Site:
    url: str
    log: Path  # gunicorn's error log: Django's warnings and errors, and any traceback


@contextmanager
def serving(env: dict[str, str], folder: Path) -> Iterator[Site]:
    """gunicorn with gunicorn.conf.py (2 workers of 2 threads) on `env`'s database, already migrated
    and loaded, its error log in `folder`."""
    port = free_port()
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "2"}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--log-level", "warning"]
    log = folder / "gunicorn.log"
    with log.open("w") as errors:
        process = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        site = Site(f"http://127.0.0.1:{port}", log)
        wait_until_up(site.url + "/healthz", process)
        yield site
    finally:
        process.terminate()
        process.wait(timeout=10)
