"""Editors' accounts keep their secrets (security review 2026-12-06, findings 12, 14 and 17).

- No TOTP secret can be read back from the admin: no key on a device's page, no QR code view.
- django-axes keeps no code from a sign-in form; every failed sign-in gets the same message, and a
  right password with a wrong code counts towards the lockout like a wrong password.
- A session ends 12 hours after signing in, however busy.
- Secrets can be files (compose's secrets), never only environment values.
- X-Forwarded-For is believed only from the proxy's own addresses.
"""

import ipaddress
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from backcare import proxy
from backcare.admin_site import FAILED
from backcare.sessions import SIGNED_IN_AT
from guide.management.commands.add_second_factor import set_up_totp

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def second_factor(settings):
    settings.ADMIN_SECOND_FACTOR = True


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{(totp.token() + offset) % 1_000_000:06d}"


def signed_in_with_code(client: Client, user, device: TOTPDevice) -> None:
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "password", "otp_token": code_of(device)}
    )
    assert response.status_code == 302


# TOTP secrets


def test_no_totp_secret_is_readable_in_the_admin(second_factor, admin_user, django_user_model):
    own = set_up_totp(admin_user)
    editor = django_user_model.objects.create_user("writer", password="password", is_staff=True)
    other = set_up_totp(editor)
    client = Client()
    signed_in_with_code(client, admin_user, own)
    for device in (own, other):
        page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        assert device.key not in html and 'name="key"' not in html
        for view in ("config", "qrcode"):
            assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/{view}/").status_code == 403
    assert "qrcode" not in client.get("/admin/otp_totp/totpdevice/").content.decode()


# Sign-in


def attempt(client: Client, password: str, code: str | None):
    data = {"username": "admin", "password": password} | ({"otp_token": code} if code is not None else {})
    return client.post("/admin/login/", data)


def test_every_failed_sign_in_gets_one_message_and_no_code_is_kept(second_factor, admin_user):
    device = set_up_totp(admin_user)
    wrong_code = code_of(device, offset=500_000)
    answers = {
        "wrong password": attempt(Client(), "not the password", wrong_code),
        "wrong code": attempt(Client(), "password", wrong_code),
        "no code": attempt(Client(), "password", None),
        "no such editor": Client().post(
            "/admin/login/", {"username": "nobody", "password": "x", "otp_token": wrong_code}
        ),
    }
    for what, response in answers.items():
        assert response.status_code == 200, what
        errors = response.context["form"].non_field_errors()
        assert list(errors) == [FAILED], what
    stored = " ".join(str(row.post_data) + str(row.get_data) for row in AccessAttempt.objects.all())
    assert wrong_code not in stored and "otp_token" in stored  # the field is named, its value masked


def test_a_right_password_with_wrong_codes_locks_the_account_like_wrong_passwords(second_factor, admin_user):
    device = set_up_totp(admin_user)
    for _ in range(5):
        device.refresh_from_db()
        device.throttling_failure_count = 0  # django-otp's own throttle aside: axes must count these too
        device.save()
        attempt(Client(), "password", code_of(device, offset=500_000))
    response = attempt(Client(), "password", code_of(device))
    assert response.status_code == 429  # locked: even the right code is refused now


# Sessions


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(admin_user, settings):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    session = client.session
    assert time.time() - session[SIGNED_IN_AT] < 60
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_AGE.total_seconds() + 60
    session.save()
    assert client.get("/admin/").status_code == 200  # eleven hours and 59 minutes: still signed in
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_AGE.total_seconds() - 1
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 302  # signed out, not just refused once


def test_a_session_from_before_the_rule_is_ended(admin_user):
    client = Client()
    client.force_login(admin_user)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get("/admin/").status_code == 302


# Secrets as files


def test_the_secret_key_and_database_password_can_be_files(tmp_path):
    (tmp_path / "key").write_text("a-secret-key-from-a-file\n")
    (tmp_path / "password").write_text("a-password-from-a-file\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DJANGO_SECRET_KEY_FILE": str(tmp_path / "key"),
        "DATABASE_URL": "postgres://backcare@db:5432/backcare",
        "DATABASE_PASSWORD_FILE": str(tmp_path / "password"),
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY, settings.DATABASES['default']['PASSWORD'])"
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True)
    assert run.stdout.split() == ["a-secret-key-from-a-file", "a-password-from-a-file"], run.stderr


# Whom X-Forwarded-For is believed from


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # from the proxy: its last entry
        ("127.0.0.1", "10.0.0.1, 203.0.113.9", "203.0.113.9"),  # earlier entries can be forged
        ("10.89.0.2", "203.0.113.9", "203.0.113.9"),  # the compose network's nginx
        ("192.0.2.50", "203.0.113.9", "192.0.2.50"),  # anyone else: the address that connected
        ("192.0.2.50", "", "192.0.2.50"),
    ],
)
def test_x_forwarded_for_is_believed_only_from_the_proxy(settings, remote, forwarded, client):
    settings.BACKCARE_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.89.0.2")]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert proxy.client_ip(request) == client


def test_the_session_age_is_checked_only_for_requests_with_a_session(guide_content):
    """Reading the user reads the session, and a page whose request read the session is never
    cached: public pages must stay public for everyone else."""
    response = Client().get("/")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
