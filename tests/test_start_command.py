"""The one-command start: loads the guide into an empty database, never over an editor's work."""

import os
import socket
import subprocess
import sys

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
