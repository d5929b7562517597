"""Every kind of response carries the full set of security headers, and cookies are locked down."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from guide.models import Treatment
from tests.factories import make_guide
from tests.security_headers import assert_security_headers

pytestmark = pytest.mark.django_db


def test_public_pages_full_and_htmx_fresh_and_cached(client, htmx_client):
    make_guide()
    treatment = Treatment.objects.first()
    urls = [reverse("guide:home"), reverse("guide:treatments") + "?phase=first-hours", treatment.get_absolute_url()]
    for url in urls:
        for each in (client, htmx_client):
            for _fresh_then_cached in range(2):
                response = each.get(url, secure=True)
                assert response.status_code == 200, url
                assert_security_headers(response)


def test_admin_pages(admin_client):
    make_guide()
    treatment = Treatment.objects.first()
    for url in ["/admin/", "/admin/guide/treatment/", f"/admin/guide/treatment/{treatment.pk}/history/"]:
        response = admin_client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response, nonce_allowed=True)


def test_admin_login_page(client):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response, nonce_allowed=True)


def test_not_found_page(client):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


def test_server_error_page():
    client = Client(raise_request_exception=False)
    with mock.patch("guide.views.WarningSign.objects.published", side_effect=RuntimeError("boom")):
        response = client.get(reverse("guide:warning_signs"), secure=True)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_security_headers(response)


def test_database_down_page(client):
    with mock.patch("guide.views.WarningSign.objects.published", side_effect=OperationalError("down")):
        response = client.get(reverse("guide:warning_signs"), secure=True)
    assert response.status_code == 503
    assert_security_headers(response)


def test_static_files_served_by_whitenoise(client):
    response = client.get("/static/css/site.css", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_security_headers(response)


def test_health_check(client):
    response = client.get("/healthz", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_plain_http_gets_no_hsts(client):
    # Browsers ignore HSTS over http; sending it there would only confuse a local run.
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_cookies_are_host_prefixed_secure_and_lax(admin_user):
    client = Client()
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies["__Host-csrftoken"]
    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert session["httponly"] is True


def test_public_pages_set_no_cookies(client):
    make_guide()
    for url in [reverse("guide:home"), reverse("guide:treatments"), reverse("guide:about")]:
        assert not client.get(url, secure=True).cookies, url
