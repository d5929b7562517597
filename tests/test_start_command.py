"""The one-command start: loads the guide into an empty database, never over an editor's work.

And the README's two commands, `python3 start.py` then `python3 start.py test`, find uv wherever
it is. That start.py installs uv on a machine with only Python is checked by .ci/run's "fresh
machine" stage (it downloads uv).
"""

import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from guide.models import Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_start_loads_the_guide_and_prints_the_admin_login(debug, capsys):
    call_command("start", no_serve=True)
    out = capsys.readouterr().out
    assert Treatment.objects.published().count() > 10
    assert "Admin: http://127.0.0.1:8000/admin/ user 'editor' password '" in out
    password = out.split("password '")[1].split("'")[0]
    assert get_user_model().objects.get(username="editor").check_password(password)


def test_start_never_overwrites_an_editors_changes(debug, capsys):
    call_command("start", no_serve=True)
    Treatment.objects.filter(slug="ice-pack").update(summary="Edited by a clinician.")
    Treatment.objects.filter(slug="moist-heat").delete()
    call_command("start", no_serve=True)
    assert Treatment.objects.get(slug="ice-pack").summary == "Edited by a clinician."
    assert not Treatment.objects.filter(slug="moist-heat").exists()
    assert "nothing overwritten" in capsys.readouterr().out


def test_start_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="local development"):
        call_command("start", no_serve=True)


def test_start_takes_a_port_and_prints_the_admin_address_on_it(debug, capsys):
    call_command("start", no_serve=True, port=8123)
    assert "Admin: http://127.0.0.1:8123/admin/ user 'editor'" in capsys.readouterr().out


def test_a_busy_port_stops_start_before_it_prints_a_login_and_names_a_free_one(debug, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=rf"Port {port} is already in use.*--port \d+"):
            call_command("start", port=port)
    assert "Admin:" not in capsys.readouterr().out
    assert not get_user_model().objects.exists()


def test_the_readme_first_command_sets_up_a_site_with_only_python_and_uv(tmp_path):
    """`python3 start.py`, as README's Start says (here with --no-serve, on a throwaway database)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'first-run.sqlite3'}", "PYTHONWARNINGS": "ignore"}
    run = subprocess.run(
        [sys.executable, "start.py", "--no-serve", "--port", "8765"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Admin: http://127.0.0.1:8765/admin/ user 'editor' password '" in run.stdout


def fake_uv(folder: Path) -> Path:
    """A `uv` that only writes down how it was called (its arguments and DJANGO_DEBUG)."""
    folder.mkdir(parents=True, exist_ok=True)
    uv = folder / "uv"
    uv.write_text('#!/bin/sh\necho "$* DJANGO_DEBUG=${DJANGO_DEBUG:-unset}" > "$UV_CALLS"\n')
    uv.chmod(uv.stat().st_mode | stat.S_IXUSR)
    return uv


def run_start(arguments: list[str], home: Path, path: str) -> tuple[subprocess.CompletedProcess, str]:
    """start.py as a new shell runs it: this HOME and PATH, uv's calls written down."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "XDG_"))}
    env |= {"HOME": str(home), "PATH": path, "UV_CALLS": str(home / "uv-calls")}
    run = subprocess.run(
        [sys.executable, "start.py", *arguments], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    calls = home / "uv-calls"
    return run, calls.read_text().strip() if calls.exists() else ""


def test_the_readme_test_command_runs_pytest_with_its_arguments_outside_debug(tmp_path):
    bin_folder = fake_uv(tmp_path / "bin").parent
    run, called = run_start(["test", "-m", "not browser", "-x"], tmp_path, f"{bin_folder}:/usr/bin:/bin")
    assert run.returncode == 0, run.stdout + run.stderr
    assert called == "run pytest -m not browser -x DJANGO_DEBUG=unset"  # the tests pick their own settings


def test_the_first_command_serves_in_debug_with_its_arguments(tmp_path):
    bin_folder = fake_uv(tmp_path / "bin").parent
    run, called = run_start(["--port", "8001"], tmp_path, f"{bin_folder}:/usr/bin:/bin")
    assert run.returncode == 0, run.stdout + run.stderr
    assert called == "run python manage.py start --port 8001 DJANGO_DEBUG=1"


def test_in_a_new_shell_without_uv_on_path_the_test_command_finds_the_uv_start_installed(tmp_path):
    """Where start.py installs uv (a virtual environment of its own), as the first command left it."""
    fake_uv(tmp_path / ".local" / "share" / "backcare" / "uv" / "bin")
    assert not any((Path(folder) / "uv").exists() for folder in ["/usr/bin", "/bin"])
    run, called = run_start(["test", "tests/test_start_command.py"], tmp_path, "/usr/bin:/bin")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "installing" not in run.stdout
    assert called == "run pytest tests/test_start_command.py DJANGO_DEBUG=unset"


def test_the_readme_start_commands_are_the_ones_ci_runs():
    readme = (settings.BASE_DIR / "README.md").read_text()
    start = readme.split("## Start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"```sh\n(.*?)\n```", start, re.DOTALL) == ["python3 start.py", "python3 start.py test"]
    ci = (settings.BASE_DIR / ".ci" / "run").read_text()
    assert re.search(r'^stage "tests on SQLite[^"]*" python3 start.py test$', ci, re.MULTILINE)
    assert "as_new_user 'python3 start.py --no-serve" in ci  # the fresh-machine stage runs both
    assert "as_new_user 'python3 start.py test " in ci
