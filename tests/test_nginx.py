"""The edge: the shipped deploy/nginx.conf in a real Debian nginx, in front of a real gunicorn.

Slow clients never reach gunicorn, bodies over Django's limit stop at nginx with 413, and every
response kind through nginx carries the security headers: Django's pages and static files, and
nginx's own 301, 413, 502 and 504.
"""

import os
import re
import time
import uuid

import pytest
from django.conf import settings

from tests.browser.server import running_site
from tests.edge import (
    SITE_CONFIG,
    Edge,
    closed_port,
    nginx_missing,
    parse_size,
    probes_under_slow_clients,
    running_edge,
    silent_upstream,
)
from tests.security_headers import assert_security_headers

pytestmark = pytest.mark.nginx

if (missing := nginx_missing()) is not None:
    if os.environ.get("BACKCARE_REQUIRE_NGINX") == "1":
        raise RuntimeError(f"BACKCARE_REQUIRE_NGINX=1 but the nginx tests need {missing}")
    pytestmark = [pytest.mark.nginx, pytest.mark.skip(reason=f"need {missing}")]

# gunicorn as production runs it behind the proxy: https redirect on, proxy headers trusted.
BEHIND_NGINX = {
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_ALLOWED_HOSTS": "localhost",
}


@pytest.fixture(scope="module")
def edge() -> Edge:
    with (
        running_site(BEHIND_NGINX, production_config=True) as app_url,
        running_edge(app_url.removeprefix("http://")) as edge,
    ):
        yield edge


def test_client_max_body_size_is_djangos_limit():
    size = re.search(r"client_max_body_size (\w+);", SITE_CONFIG.read_text()).group(1)
    assert parse_size(size) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_pages_and_static_files_through_nginx_carry_the_headers(edge):
    home = edge.request("GET", "/")
    assert home.status == 200  # not redirected: Django trusts nginx's X-Forwarded-Proto
    assert_security_headers(home)
    html = edge.request("GET", "/", headers={"Accept-Encoding": "identity"}).body.decode()
    stylesheet = re.search(r'href="(/static/css/[^"]+\.css)"', html).group(1)
    for path, status in [(stylesheet, 200), ("/treatments/", 200), ("/no-such-page/", 404), ("/healthz", 200)]:
        response = edge.request("GET", path)
        assert response.status == status, path
        assert_security_headers(response)
    login = edge.request("GET", "/admin/login/")
    assert login.status == 200
    assert_security_headers(login, nonce_allowed=True)


def test_a_form_posted_through_nginx_passes_djangos_https_checks(edge):
    """CSRF's origin check needs Django to see the request as https, from nginx's headers."""
    page = edge.request("GET", "/admin/login/", headers={"Accept-Encoding": "identity"})
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body.decode()).group(1)
    body = f"csrfmiddlewaretoken={token}&username=nobody-{uuid.uuid4().hex[:8]}&password=wrong".encode()
    headers = {
        "Cookie": cookie,
        "Origin": "https://localhost",
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Encoding": "identity",
    }
    response = edge.request("POST", "/admin/login/", body, headers)
    assert response.status == 200  # the form again, with "wrong password": not a 403
    assert "errornote" in response.body.decode()


def test_a_form_posted_on_a_port_other_than_443_passes_the_origin_check(edge):
    """Browsers send the port in Host and Origin; nginx passes the Host as sent ($http_host), so
    Django's CSRF origin check matches (before: 403 "Origin checking failed" on :8543)."""
    host = f"localhost:{edge.https_port}"
    page = edge.request("GET", "/admin/login/", headers={"Host": host, "Accept-Encoding": "identity"})
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body.decode()).group(1)
    body = f"csrfmiddlewaretoken={token}&username=nobody-{uuid.uuid4().hex[:8]}&password=wrong".encode()
    headers = {
        "Host": host,
        "Cookie": cookie,
        "Origin": f"https://{host}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept-Encoding": "identity",
    }
    response = edge.request("POST", "/admin/login/", body, headers)
    assert response.status == 200 and "errornote" in response.body.decode()
    # A Host the site does not serve is still refused (ALLOWED_HOSTS checks it, port or not).
    assert edge.request("GET", "/admin/login/", headers={"Host": "evil.example:443"}).status == 400


def test_nginx_answers_its_own_health_check_on_port_80(edge):
    response = edge.request("GET", "/nginx-health", https=False)
    assert (response.status, response.body) == (200, b"ok\n")


def test_plain_http_gets_a_301_to_https_with_the_headers(edge):
    response = edge.request("GET", "/treatments/?q=heat", https=False)
    assert response.status == 301
    assert response.headers["Location"] == "https://localhost/treatments/?q=heat"
    assert_security_headers(response, https=False)


def test_a_1_mb_upload_gets_413_from_nginx_with_the_headers(edge):
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n'.encode()
        + b"x" * 2**20
        + f"\r\n--{boundary}--\r\n".encode()
    )
    content_type = f"multipart/form-data; boundary={boundary}"
    response = edge.request("POST", "/triage/answers/", body, {"Content-Type": content_type})
    assert response.status == 413
    assert "We could not use what was sent" in response.body.decode()
    assert "no-store" in response.headers["Cache-Control"]
    assert_security_headers(response)


def test_a_body_under_the_limit_reaches_django(edge):
    body = b"step=emergency&padding=" + b"x" * 60_000
    response = edge.request("POST", "/triage/answers/", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status in {200, 400, 403}  # Django's answer (CSRF, here), not nginx's 413


def test_a_dead_app_gets_502_with_the_emergency_numbers_and_the_headers():
    with running_edge(closed_port()) as edge:
        response = edge.request("GET", "/")
    assert response.status == 502
    html = response.body.decode()
    assert "The guide is not available right now" in html
    assert '<a class="call-button" href="tel:999">Call 999</a>' in html
    assert response.headers["Retry-After"] == "30"
    assert_security_headers(response)


def test_a_hung_app_gets_504_with_the_headers():
    with silent_upstream() as address, running_edge(address, read_timeout="1s") as edge:
        started = time.monotonic()
        response = edge.request("GET", "/treatments/")
        waited = time.monotonic() - started
    assert response.status == 504
    assert 0.9 < waited < 10
    assert "The guide is not available right now" in response.body.decode()
    assert_security_headers(response)


def test_thirty_slow_header_clients_for_20_s_do_not_delay_other_requests(edge):
    """Without nginx, 30 such clients hold gunicorn's threads (benchmarks/slow_clients.py)."""
    probes = probes_under_slow_clients(edge.https_port, edge.tls_context(), clients=30, seconds=20, probes=5)
    assert [probe.status for probe in probes] == [200] * 5
    assert max(probe.seconds for probe in probes) < 2, [round(probe.seconds, 2) for probe in probes]
