from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from tests.browser.report import REPORT
from tests.browser.server import remove_prepared_site

FIXTURES = sorted(str(path) for path in Path(settings.BASE_DIR, "fixtures").glob("*.json"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests check who may sign in, not the hash's strength; the production hasher takes a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test rolls the database back, but the in-memory page cache would outlive it."""
    cache.clear()


@pytest.fixture
def htmx_client() -> Client:
    """A client whose requests look like htmx's, so views return their partials."""
    return Client(headers={"HX-Request": "true"})


@pytest.fixture
def guide_content(db) -> None:
    """The real guide, loaded from fixtures/ exactly as a fresh deployment loads it (load_guide)."""
    call_command("load_guide", verbosity=0)


@pytest.fixture(scope="module")
def loaded_guide(django_db_setup, django_db_blocker):
    """The real guide, loaded once for a whole test module (loading takes seconds).

    It is loaded inside an outer transaction, so each test's own transaction becomes a savepoint
    that rolls back to the loaded guide, and the module's end rolls the guide back too.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_guide", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


# Checks that need a real component this machine may lack; they skip, saying why, outside CI.
COMPONENT_MARKERS = {"browser": "browser checks", "nginx": "nginx checks"}


@pytest.hookimpl(wrapper=True, tryfirst=True)  # outermost: this line comes after pytest's skip list
def pytest_terminal_summary(terminalreporter):
    """The browser checks' figures, then one line at the end saying which real-component checks were
    skipped, and why."""
    yield
    if figures := REPORT + WORKERS_REPORTS:
        terminalreporter.section("browser checks")
        for line in figures:
            terminalreporter.write_line(line)
    skipped: Counter = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        for marker, label in COMPONENT_MARKERS.items():
            if marker in report.keywords:
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
                skipped[(label, reason.removeprefix("Skipped: "))] += 1
    if skipped:
        parts = [f"{count} {label}, which {reason}" for (label, reason), count in skipped.items()]
        terminalreporter.write_line("Skipped " + "; and ".join(parts) + ".", yellow=True, bold=True)


# With pytest-xdist (`-n`), tests run in worker processes; the figures they note travel to the main
# process in `workeroutput` when each worker finishes, and are printed there.
WORKERS_REPORTS: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    remove_prepared_site()  # the browser and nginx checks' prepared database and static files
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["browser_report"] = REPORT


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown when xdist is off (-p no:xdist)
def pytest_testnodedown(node, error) -> None:
    WORKERS_REPORTS.extend(getattr(node, "workeroutput", {}).get("browser_report", []))
