"""In production, staff sign in with a password and a code from an authenticator app (django-otp TOTP)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare.admin_site import FAILED
from guide.management.commands.add_second_factor import set_up_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_factor(settings):
    settings.ADMIN_SECOND_FACTOR = True


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def sign_in(client: Client, code: str | None = None, password: str = "password"):
    data = {"username": "admin", "password": password}
    if code is not None:
        data["otp_token"] = code
    return client.post("/admin/login/", data)


def test_the_password_alone_does_not_open_the_admin(second_factor, admin_user):
    set_up_totp(admin_user)
    client = Client()
    page = client.get("/admin/login/").content.decode()
    assert "Code from your authenticator app" in page
    response = sign_in(client)
    assert response.status_code == 200
    assert FAILED in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_password_and_the_current_code_open_the_admin(second_factor, admin_user):
    device = set_up_totp(admin_user)
    client = Client()
    response = sign_in(client, current_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(second_factor, admin_user):
    device = set_up_totp(admin_user)
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    response = sign_in(Client(), wrong)
    assert response.status_code == 200
    assert FAILED in response.content.decode()


def test_an_editor_without_an_authenticator_is_told_how_to_get_one(second_factor, admin_user):
    response = sign_in(Client(), "123456")
    assert "python manage.py add_second_factor &lt;username&gt; (with --replace for a new phone)" in (
        response.content.decode()
    )


def test_a_session_signed_in_without_a_code_is_not_enough(second_factor, admin_user):
    set_up_totp(admin_user)
    client = Client()
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_without_the_setting_the_password_is_enough(admin_user):
    # As most tests run (pyproject.toml), and as local development runs by default.
    assert sign_in(Client()).status_code == 302


def test_add_second_factor_prints_a_setup_key_and_never_silently_replaces_one(admin_user, capsys):
    call_command("add_second_factor", "admin")
    out = capsys.readouterr().out
    assert "key: " in out
    assert "otpauth://totp/backcare%3Aadmin?secret=" in out
    with pytest.raises(CommandError, match="--replace"):
        call_command("add_second_factor", "admin")
    first = TOTPDevice.objects.get(user=admin_user).key
    call_command("add_second_factor", "admin", replace=True)
    assert TOTPDevice.objects.get(user=admin_user).key != first


def test_start_sets_one_up_when_the_second_factor_is_on(settings, capsys):
    settings.DEBUG = True
    settings.ADMIN_SECOND_FACTOR = True
    call_command("start", no_serve=True)
    out = capsys.readouterr().out
    assert "Second factor for the admin:" in out
    assert "otpauth://totp/" in out
    assert TOTPDevice.objects.filter(user__username="editor", confirmed=True).count() == 1


def test_start_says_how_when_it_is_off(settings, capsys):
    settings.DEBUG = True
    call_command("start", no_serve=True)
    assert "manage.py add_second_factor editor" in capsys.readouterr().out


def settings_in_a_fresh_process(**env: str) -> str:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "BACKCARE_"))}
    run = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.ADMIN_SECOND_FACTOR)"],
        env=base | {"DJANGO_SETTINGS_MODULE": "backcare.settings"} | env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_production_asks_for_the_second_factor_by_default():
    assert settings_in_a_fresh_process(DJANGO_DEBUG="0") == "True"
    assert settings_in_a_fresh_process(DJANGO_DEBUG="1") == "False"


def test_the_deploy_check_warns_when_production_turns_it_off():
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "BACKCARE_"))}
    env = base | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60 + "-deploy-check-only",
        "DJANGO_ALLOWED_HOSTS": "backcare.example.org",
        "BACKCARE_ADMIN_SECOND_FACTOR": "0",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "backcare.W001" in run.stdout + run.stderr
