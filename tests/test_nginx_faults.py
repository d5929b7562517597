"""When things fail, people still get the call button quickly, through the real nginx (issue 19,
item 3; security review 2026-12-06, findings 7, 10 and 15).

- The app is down, or answers 503 because its database is: nginx serves the copy it has of a page,
  however old, each visitor's own country's; a page it has no copy of gets its own page with the
  person's country's call button first and every other country's number.
- A long query string is served, not a 502 (the cache key once overflowed proxy_buffer_size).
"""

import os
import re
import sqlite3
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.server import running_site
from tests.edge import nginx_missing, running_edge
from tests.security_headers import assert_security_headers
from tests.test_nginx import BEHIND_NGINX

pytestmark = pytest.mark.nginx

if (missing := nginx_missing()) is not None:
    if os.environ.get("BACKCARE_REQUIRE_NGINX") == "1":
        raise RuntimeError(f"BACKCARE_REQUIRE_NGINX=1 but the nginx tests need {missing}")
    pytestmark = [pytest.mark.nginx, pytest.mark.skip(reason=f"need {missing}")]

MAX_AGE = 2
EVERY_NUMBER = {"999", "112", "911", "000", "111"}
IDENTITY = {"Accept-Encoding": "identity"}


def in_country(code: str | None) -> dict[str, str]:
    return IDENTITY | ({"Cookie": f"__Host-country={code}"} if code else {})


def call_button(html: str) -> str:
    return re.search(r'class="call-button" href="tel:([^"]*)"', html).group(1)


def fresh(path: str = "/warning-signs/") -> str:
    return f"{path}?n={uuid.uuid4().hex[:10]}"


class Stack:
    """The site behind nginx, on a SQLite file the test can lock, and a way to stop the site."""

    def __init__(self, stack: ExitStack, folder: Path):
        self.database = folder / "site.sqlite3"
        overrides = BEHIND_NGINX | {
            "DATABASE_URL": f"sqlite:///{self.database}",
            "BACKCARE_PAGECACHE_MAX_AGE": str(MAX_AGE),
            "BACKCARE_PAGECACHE_STALE_WHILE_REVALIDATE": "0",
        }
        self.site = stack.enter_context(ExitStack())
        app_url = self.site.enter_context(running_site(overrides, production_config=True))
        self.edge = stack.enter_context(running_edge(app_url.removeprefix("http://")))

    def get(self, path: str, country: str | None = None):
        return self.edge.request("GET", path, headers=in_country(country))

    def stop_the_app(self) -> None:
        self.site.close()


@pytest.fixture
def stack():
    with tempfile.TemporaryDirectory(prefix="backcare-nginx-faults-") as tmp, ExitStack() as exits:
        yield Stack(exits, Path(tmp))


def test_pages_nginx_has_outlive_the_app_and_the_rest_get_the_numbers(stack):
    kept = {code: fresh() for code in (None, "au", "us")}
    for code, url in kept.items():
        assert stack.get(url, code).headers["X-Cache-Status"] == "MISS"
    time.sleep(MAX_AGE + 1.2)  # every copy is stale now
    stack.stop_the_app()
    for code, url in kept.items():
        response = stack.get(url, code)
        html = response.body.decode()
        assert response.status == 200, code  # before: nginx's 502 for every expired page
        assert response.headers["X-Cache-Status"] == "STALE"
        assert "Warning signs" in html and call_button(html) == {None: "999", "au": "000", "us": "911"}[code]
    for code, first in [(None, "999"), ("au", "000"), ("us", "911"), ("zz", "999"), ("ie", "112")]:
        response = stack.get(fresh("/"), code)
        html = response.body.decode()
        assert response.status == 502
        assert call_button(html) == first, code  # the person's country first, as nginx keyed it
        assert set(re.findall(r'href="tel:([^"]*)"', html)) >= EVERY_NUMBER
        assert 'href="tel:"' not in html
        assert response.headers["Retry-After"] == "30"
        assert "no-store" in response.headers["Cache-Control"]
        assert_security_headers(response)
    # The page is chosen by the country nginx keyed on, never by a spelling the app might read otherwise.
    for cookie in ["__Host-country =au", "__Host-country= au", "__Host-country=us; __Host-country=au", "country=au"]:
        html = stack.edge.request("GET", fresh("/"), headers=IDENTITY | {"Cookie": cookie}).body.decode()
        assert call_button(html) == "999", cookie
    # nginx's error log would quote the request line, query string and all, for each failure.
    term = f"secret{uuid.uuid4().hex[:8]}"
    assert stack.get(f"/treatments/?q={term}").status == 502
    assert term not in stack.edge.error_log()


def test_pages_nginx_has_are_served_while_the_app_answers_503(stack):
    url = fresh()
    assert stack.get(url, "au").status == 200
    time.sleep(MAX_AGE + 1.2)
    writer = sqlite3.connect(stack.database, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # the database is locked: the app answers 503
    try:
        stale = stack.get(url, "au")
        started = time.monotonic()
        uncached = stack.get(fresh(), "au")
        waited = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
    assert (stale.status, stale.headers["X-Cache-Status"]) == (200, "STALE")
    assert call_button(stale.body.decode()) == "000"
    # A page nginx has no copy of: the app's own 503 page, in seconds, with the person's number first.
    html = uncached.body.decode()
    assert uncached.status == 503 and "The guide is not available right now" in html
    assert call_button(html) == "000" and set(re.findall(r'href="tel:([^"]*)"', html)) >= EVERY_NUMBER
    assert waited < 5


def test_a_long_query_string_is_served_and_kept_and_a_longer_one_refused_not_a_502(stack):
    url = f"/?utm_campaign={'x' * 3_000}&n={uuid.uuid4().hex[:8]}"
    assert stack.get(url).status == 200  # before: 502, "proxy_buffer_size 4096 is not enough for cache key"
    assert stack.get(url).headers["X-Cache-Status"] == "HIT"
    # Past gunicorn's request line limit (4 KB): "too long", not a failure of the edge.
    assert stack.get(f"/?utm_campaign={'x' * 7_500}").status == 414
