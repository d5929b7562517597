"""nginx's proxy_cache in the shipped deploy/nginx.conf, in front of a real gunicorn: it keeps what
the app says is public, for as long as it says, and nothing per-person.

The site runs with a 2-second max-age and no stale-while-revalidate, so expiry can be watched.
"""

import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.browser.server import running_site
from tests.edge import BASE_DIR, Edge, nginx_missing, running_edge
from tests.security_headers import assert_security_headers
from tests.test_nginx import BEHIND_NGINX

pytestmark = pytest.mark.nginx

if (missing := nginx_missing()) is not None:
    if os.environ.get("BACKCARE_REQUIRE_NGINX") == "1":
        raise RuntimeError(f"BACKCARE_REQUIRE_NGINX=1 but the nginx tests need {missing}")
    pytestmark = [pytest.mark.nginx, pytest.mark.skip(reason=f"need {missing}")]

MAX_AGE = 2
PARTIAL = {"HX-Request": "true"}
IDENTITY = {"Accept-Encoding": "identity"}
EDIT = """
import sys, django
django.setup()
from guide.models import Treatment
treatment = Treatment.objects.get(slug=sys.argv[1])
treatment.name = sys.argv[2]
treatment.save()
"""


SIGNED_IN = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.create_superuser("editor-" + __import__("uuid").uuid4().hex[:6]))
print(client.cookies["__Host-sessionid"].value)
"""


class CachedSite:
    def __init__(self, edge: Edge, env: dict[str, str]):
        self.edge, self.env = edge, env

    def signed_in_session(self) -> str:
        """A real editor's session key in the site's database, as signing in makes one."""
        run = subprocess.run(
            [sys.executable, "-c", SIGNED_IN], env=self.env, cwd=BASE_DIR, capture_output=True, text=True, check=True
        )
        return run.stdout.strip()

    def get(self, path: str, headers: dict | None = None):
        return self.edge.request("GET", path, headers=headers)

    def edit_treatment(self, slug: str, name: str) -> None:
        """An editor's save, through the model as the admin makes it (the content version moves on)."""
        subprocess.run([sys.executable, "-c", EDIT, slug, name], env=self.env, cwd=BASE_DIR, check=True)


@pytest.fixture(scope="module")
def site() -> CachedSite:
    with tempfile.TemporaryDirectory(prefix="backcare-cache-db-") as tmp:
        overrides = BEHIND_NGINX | {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'site.sqlite3'}",
            "BACKCARE_PAGECACHE_MAX_AGE": str(MAX_AGE),
            "BACKCARE_PAGECACHE_STALE_WHILE_REVALIDATE": "0",
        }
        with running_site(overrides, production_config=True) as app_url, running_edge(app_url[7:]) as edge:
            env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "BACKCARE_"))}
            env |= overrides | {
                "DJANGO_SETTINGS_MODULE": "backcare.settings",
                "DJANGO_SECRET_KEY": "nginx-cache-tests-only",
                "PYTHONPATH": str(BASE_DIR),
            }
            yield CachedSite(edge, env)


def fresh_url() -> str:
    """A public page nobody has asked for yet (the filter form ignores an unknown parameter)."""
    return f"/treatments/?kind=self-care&n={uuid.uuid4().hex[:8]}"


def status(response) -> str:
    return response.headers.get("X-Cache-Status", "")


def test_a_public_page_is_kept_and_served_with_the_security_headers(site):
    url = fresh_url()
    first, second = site.get(url), site.get(url)
    assert (first.status, status(first)) == (200, "MISS")
    assert (second.status, status(second)) == (200, "HIT")
    assert second.body == first.body and second.headers["ETag"] == first.headers["ETag"]
    assert "public" in second.headers["Cache-Control"]
    assert_security_headers(second)


def test_full_pages_partials_and_encodings_are_kept_apart(site):
    url = fresh_url()
    variants = [{}, PARTIAL, IDENTITY, PARTIAL | IDENTITY]
    first = {str(headers): site.get(url, headers) for headers in variants}
    again = {str(headers): site.get(url, headers) for headers in variants}
    for key, response in again.items():
        assert status(first[key]) == "MISS" and status(response) == "HIT", key
        assert response.headers["ETag"] == first[key].headers["ETag"], key
    assert len({response.headers["ETag"] for response in again.values()}) == len(variants)
    assert "<html" in again[str(IDENTITY)].body.decode()
    assert "<html" not in again[str(PARTIAL | IDENTITY)].body.decode()
    assert again[str({})].headers["Content-Encoding"] == "gzip"


def test_a_signed_in_editor_always_reaches_the_app_and_nothing_sent_to_them_is_kept(site):
    url = fresh_url()
    site.get(url)
    editor = {"Cookie": f"__Host-sessionid={uuid.uuid4().hex}"}
    assert status(site.get(url, editor)) == "BYPASS", "never served another reader's copy"
    other = fresh_url()
    assert status(site.get(other, editor)) == "BYPASS"
    assert status(site.get(other)) == "MISS", "the editor's response was not kept"


def test_per_person_responses_are_never_kept(site):
    for _ in range(2):
        start = site.get("/triage/")
        assert start.status == 200 and "no-store" in start.headers["Cache-Control"]
        assert status(start) != "HIT"
    health = [site.get("/healthz") for _ in range(2)]
    assert [status(response) for response in health] != ["MISS", "HIT"]


def test_an_expired_page_is_revalidated_with_a_304_and_kept(site):
    url = fresh_url()
    first = site.get(url)
    time.sleep(MAX_AGE + 1.2)  # nginx counts whole seconds
    again = site.get(url)
    assert status(again) == "REVALIDATED", "nginx asked with If-None-Match and the app said 304"
    assert again.body == first.body
    assert status(site.get(url)) == "HIT"


def test_an_edit_reaches_readers_within_max_age(site):
    listing = site.get("/treatments/", IDENTITY).body.decode()
    url = re.findall(r'href="(/treatments/[^"/?]+/)"', listing)[0]
    slug = url.strip("/").split("/")[-1]
    site.get(url)
    assert status(site.get(url)) == "HIT"
    name = f"Renamed {uuid.uuid4().hex[:6]}"
    site.edit_treatment(slug, name)
    edited = time.monotonic()
    # The same variant readers had (gzip): a copy nginx kept from before the edit.
    while name not in gzip.decompress(site.get(url).body).decode():
        assert time.monotonic() - edited < MAX_AGE + 1.5, "readers see an edit within max-age (whole seconds)"
        time.sleep(0.1)


# --- The person's country: every page gives its numbers, so nginx keeps a copy per country cookie

UK, IRELAND = {}, {"Cookie": "__Host-country=ie"}


def test_each_country_gets_its_own_copy_and_never_another_countrys(site):
    url = fresh_url()
    first = {"uk": site.get(url, UK | IDENTITY), "ie": site.get(url, IRELAND | IDENTITY)}
    again = {"uk": site.get(url, UK | IDENTITY), "ie": site.get(url, IRELAND | IDENTITY)}
    for name in first:
        assert (status(first[name]), status(again[name])) == ("MISS", "HIT"), name
        assert "Cookie" in again[name].headers["Vary"], "browsers keep a copy per cookie"
    assert 'href="tel:999"' in again["uk"].body.decode() and 'href="tel:112"' not in again["uk"].body.decode()
    assert 'href="tel:112"' in again["ie"].body.decode() and 'href="tel:999"' not in again["ie"].body.decode()
    assert again["uk"].headers["ETag"] != again["ie"].headers["ETag"]


def test_other_cookies_share_the_countrys_copy(site):
    """nginx keys on the country cookie alone: Vary: Cookie would keep a copy per visitor."""
    url = fresh_url()
    assert status(site.get(url, IRELAND)) == "MISS"
    for other in ("__Host-csrftoken=abc123; __Host-country=ie", "__Host-country=ie; theme=dark"):
        response = site.get(url, {"Cookie": other})
        assert status(response) == "HIT", other
        assert 'href="tel:112"' in gzip.decompress(response.body).decode()
    assert status(site.get(url, {"Cookie": "__Host-csrftoken=abc123"})) == "MISS", "no country: the default's copy"


def test_the_numbers_page_is_never_kept_a_link_never_chooses_and_an_editor_with_a_country_still_bypasses(site):
    for _ in range(2):
        suggested = site.get("/emergency-numbers/?country=ie")
        assert suggested.status == 200 and "__Host-country" not in suggested.headers.get("Set-Cookie", "")
        assert status(suggested) != "HIT"
    url = fresh_url()
    site.get(url, IRELAND)
    editor = {"Cookie": f"__Host-country=ie; __Host-sessionid={uuid.uuid4().hex}"}
    assert status(site.get(url, editor)) == "BYPASS"


# --- An editor's session, however the cookie is spelled (issue 19, item 5)


def session_spellings(key: str) -> list[str]:
    return [
        f"__Host-sessionid={key}",
        f"__Host-sessionid ={key}",
        f"__Host-sessionid= {key}",
        f" __Host-sessionid={key} ",
        f"a=1; __Host-sessionid={key}",
        f"__Host-sessionid={key}; __Host-sessionid={key}",
        f'__Host-sessionid="{key}"',
        f"__Host-country=ie; __Host-sessionid = {key}",
    ]


def test_a_session_cookie_however_spelled_is_never_served_from_or_kept_in_the_cache(site):
    """nginx skips the cache only for the exact name; any spelling Django still reads as the session
    reaches the app on a page nginx has no copy of, and the app answers it no-store, with the
    session's renewed cookie, so no copy is kept for the next reader."""
    key = site.signed_in_session()
    for spelling in session_spellings(key):
        url = fresh_url()
        editor = site.get(url, {"Cookie": spelling})
        assert status(editor) in {"BYPASS", "MISS"}, spelling
        assert "no-store" in editor.headers["Cache-Control"], spelling
        reader = site.get(url)
        assert status(reader) == "MISS", f"{spelling}: the editor's response was kept"
        assert "sessionid" not in reader.headers.get("Set-Cookie", ""), spelling


def test_a_session_cookie_of_another_name_does_not_skip_the_cache(site):
    """Only the exact name skips it: a client cannot make the app render every page with any cookie."""
    url = fresh_url()
    site.get(url)
    for cookie in ["sessionid=x", "__host-sessionid=x", "my__Host-sessionid=x", "__Host-sessionid="]:
        assert status(site.get(url, {"Cookie": cookie})) == "HIT", cookie


# --- A search says what a person looked for (issue 19, item 5; security review finding 11)


def test_a_search_is_never_kept_nor_logged_by_nginx(site):
    term = f"secret{uuid.uuid4().hex[:8]}"
    for url in [f"/treatments/?q={term}", f"/treatments/?kind=self-care&q={term}", f"/search/?q={term}"]:
        for _ in range(2):
            response = site.get(url)
            assert status(response) in {"BYPASS", "MISS"}, url
        if response.status == 200:  # the treatment search; the search page is still to come
            assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    cached = b"".join(path.read_bytes() for path in (site.edge.folder / "cache").rglob("*") if path.is_file())
    assert term.encode() not in cached
    assert term not in site.edge.error_log()
