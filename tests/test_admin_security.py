"""The editors' door: long passwords, sessions that end when left idle, an admin path from a
setting, and sign-ins that never land on a page of another site."""

import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
IDLE_MINUTES = 30


def sign_in(client: Client, next_url: str = "") -> object:
    client.get("/admin/login/", secure=True)
    return client.post(
        "/admin/login/" + (f"?next={next_url}" if next_url else ""),
        {"username": "admin", "password": "password", "csrfmiddlewaretoken": client.cookies["__Host-csrftoken"].value},
        secure=True,
    )


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Sp4sm-guide")  # 11
    validate_password("Sp4sm-guide!")


def test_every_request_pushes_the_idle_timeout_back_thirty_minutes(admin_user):
    client = Client()
    sign_in(client)
    for _ in range(2):
        response = client.get("/admin/", secure=True)
        assert response.status_code == 200
        assert response.cookies["__Host-sessionid"]["max-age"] == IDLE_MINUTES * 60


def test_a_session_left_idle_for_thirty_minutes_signs_the_editor_out(admin_user):
    client = Client()
    sign_in(client)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/", secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", "/admin/guide/"])
def test_signing_in_lands_on_the_admin_never_on_another_site(admin_user, next_url):
    response = sign_in(Client(), next_url)
    assert response.status_code == 302
    expected = next_url if next_url.startswith("/admin/") else "/admin/"
    assert response["Location"] == expected


ADMIN_PATH_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    call_command("migrate", verbosity=0)
    client = Client()
    print(reverse("admin:index"), client.get("/editors-only/login/").status_code, client.get("/admin/").status_code)
    """
)


def test_the_admin_path_comes_from_a_setting(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "backcare.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BACKCARE_ADMIN_PATH": "/editors-only/",
        "PYTHONWARNINGS": "ignore",
    }
    run = subprocess.run(
        [sys.executable, "-c", ADMIN_PATH_SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["/editors-only/", "200", "404"]


def test_static_files_do_not_invite_other_sites_to_read_them(client):
    response = client.get("/static/css/site.css", secure=True)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
