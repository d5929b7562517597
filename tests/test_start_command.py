"""The one-command start: loads the guide into an empty database, never over an editor's work."""

import pytest
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
