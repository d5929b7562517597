"""Whom the app believes (backcare/proxy.py): behind nginx, only the values nginx keyed its cache on.

nginx reads the country, the encoding and htmx from the request strictly and sends the app what it
read (deploy/nginx.conf). These tests check the app's side: behind the proxy it reads those headers
and nothing else, takes a value it does not know exactly as absent, and its own page cache stores
each page under the variant it was rendered for; without the proxy it reads the cookie and the
headers a browser sends. tests/test_nginx_cache_key.py tries every spelling through real nginx.
"""

import gzip
import re

import brotli
import pytest
from django.conf import settings
from django.test import Client

from backcare import proxy
from guide import countries
from guide.models import Country
from pagecache.encodings import IDENTITY

pytestmark = pytest.mark.django_db

NGINX_CONF = settings.BASE_DIR / "deploy" / "nginx.conf"
NUMBERS = {"gb": "999", "au": "000", "us": "911", "ie": "112"}
PAGE = "/"  # cached and public; its partial and its footer give the number
UNCACHED = "/triage/"  # a wizard step: never stored, compressed by GZipMiddleware


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


@pytest.fixture
def behind_proxy(settings):
    settings.BACKCARE_BEHIND_PROXY = True


def body(response) -> str:
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(response.get("Content-Encoding"), bytes)
    return decode(response.content).decode()


def emergency_number(response) -> str:
    """The one country's emergency number the page gives as a call link."""
    found = {code for code, number in NUMBERS.items() if f'href="tel:{number}"' in body(response)}
    assert len(found) == 1, found
    return NUMBERS[found.pop()]


def get(url: str, **headers):
    """A request from a fresh client, so nothing but these headers (and the page cache) carries over."""
    return Client().get(url, headers=headers)


# --- The country


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    "headers, number",
    [
        ({}, "999"),
        ({"X-Backcare-Country": "au"}, "000"),
        ({"X-Backcare-Country": "us", "Cookie": "__Host-country=au"}, "911"),
        ({"Cookie": "__Host-country=au"}, "999"),
        ({"Cookie": "__Host-country =au"}, "999"),
        ({"X-Backcare-Country": "au,us"}, "999"),  # the header twice, as gunicorn joins it
        ({"X-Backcare-Country": "AU"}, "999"),
        ({"X-Backcare-Country": "au "}, "999"),
        ({"X-Backcare-Country": ""}, "999"),
        ({"X-Backcare-Country": "zz"}, "999"),
    ],
)
def test_behind_the_proxy_the_country_is_the_proxys_header_and_nothing_else(headers, number):
    for _rendered_then_stored in range(2):
        assert emergency_number(get(PAGE, **headers)) == number


@pytest.mark.parametrize(
    "headers, number",
    [
        ({"Cookie": "__Host-country=au"}, "000"),
        ({"X-Backcare-Country": "au"}, "999"),
        ({"Cookie": "__Host-country=AU"}, "999"),
    ],
)
def test_without_the_proxy_the_cookie_is_read_and_the_header_ignored(headers, number):
    for _rendered_then_stored in range(2):
        assert emergency_number(get(PAGE, **headers)) == number


@pytest.mark.usefixtures("behind_proxy")
def test_behind_the_proxy_a_cookie_never_fills_the_page_cache_with_another_countrys_number():
    """The audit's attack, against the app's own page cache: the attacker first, then everyone else."""
    for attack in ["__Host-country =au", "__Host-country= au", "country=au", "__Host-country=us; __Host-country=au"]:
        assert emergency_number(get(PAGE, Cookie=attack)) == "999", attack
        assert emergency_number(get(PAGE)) == "999", attack
        assert emergency_number(get(PAGE, **{"X-Backcare-Country": "au"})) == "000", attack


# --- The encoding


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    "accept, cached, uncached",
    [
        ("br, gzip", "br", "gzip"),
        ("gzip", "gzip", "gzip"),
        ("identity", None, None),
        (None, None, None),
        # Not what nginx sends: a client that reached gunicorn directly gets an uncompressed page.
        ("gzip, deflate", None, None),
        ("gzip, deflate,br", None, None),
        ("br", None, None),
        ("BR, GZIP", None, None),
        ("gzip,gzip", None, None),
    ],
)
def test_behind_the_proxy_the_encoding_is_one_nginx_sends_or_none(accept, cached, uncached):
    headers = {} if accept is None else {"Accept-Encoding": accept}
    for _rendered_then_stored in range(2):
        page = get(PAGE, **headers)
        assert page.get("Content-Encoding") == cached
        assert emergency_number(page) == "999"
    assert get(UNCACHED, **headers).get("Content-Encoding") == uncached


@pytest.mark.parametrize(
    "accept, cached, uncached",
    [
        ("gzip, deflate, br, zstd", "br", "gzip"),
        ("gzip, deflate", "gzip", "gzip"),
        ("br;q=0, gzip", "gzip", "gzip"),
        ("gzip;q=0", None, None),  # GZipMiddleware alone would have gzipped the wizard
        ("gzip;q=0.5, identity", None, None),
    ],
)
def test_without_the_proxy_accept_encoding_is_negotiated_once_for_cached_and_uncached_pages(accept, cached, uncached):
    for _rendered_then_stored in range(2):
        assert get(PAGE, **{"Accept-Encoding": accept}).get("Content-Encoding") == cached
    assert get(UNCACHED, **{"Accept-Encoding": accept}).get("Content-Encoding") == uncached


def test_the_encodings_nginx_sends_are_the_ones_the_app_knows():
    mapping = re.search(r"map \$http_accept_encoding \$backcare_encoding \{(.+?)\n\}", NGINX_CONF.read_text(), re.S)[1]
    sent = {value.strip('"') for value in re.findall(r'^\s*(?:default|"[^"]*")\s+("[^"]*"|[^;\s]+);', mapping, re.M)}
    assert sent == set(proxy.PROXY_ENCODINGS)
    assert proxy.PROXY_ENCODINGS["identity"] == IDENTITY


# --- htmx


@pytest.mark.parametrize("behind", [True, False])
@pytest.mark.parametrize("value", ["true,true", "TRUE", "false", "", "true "])
def test_only_hx_request_true_exactly_gets_the_partial_and_the_page_cache_agrees(settings, behind, value):
    settings.BACKCARE_BEHIND_PROXY = behind
    page = get(PAGE, **{"HX-Request": value})  # first: rendered and stored for its variant
    assert "<html" in body(page), "a whole page"
    assert "<html" in body(get(PAGE)), "whole pages get a whole page"
    partial = get(PAGE, **{"HX-Request": "true"})
    assert "<html" not in body(partial) and emergency_number(partial) == "999", "htmx gets the partial"
    assert partial["ETag"] != page["ETag"]


# --- What nginx keys on is what it sends, and what the app reads


def nginx_maps(conf: str) -> dict[str, str]:
    """Each map's source variable, by the variable it sets."""
    return {target: source for source, target in re.findall(r"^map (\$\w+) (\$\w+) \{", conf, re.M)}


def test_nginx_keys_on_its_own_readings_and_sends_the_app_exactly_those():
    from pagecache.variant import VARY

    conf = NGINX_CONF.read_text()
    maps = nginx_maps(conf)
    key = re.search(r"^\s*proxy_cache_key (.+);$", conf, re.M)[1]
    sent = dict(re.findall(r"^\s*proxy_set_header ([\w-]+) (.+);$", conf, re.M))
    readings = {
        "HX-Request": ("$http_hx_request", "$backcare_htmx", "HX-Request"),
        "Accept-Encoding": ("$http_accept_encoding", "$backcare_encoding", "Accept-Encoding"),
        "Cookie": ("$http_cookie", "$backcare_country", proxy.COUNTRY_HEADER),
    }
    assert set(readings) == set(VARY), "every header a page varies by is read by nginx"
    for header, (source, reading, upstream) in readings.items():
        assert maps[reading] == source, header
        assert reading in key, header
        assert sent[upstream] == reading, f"the app is sent {reading} as {upstream}"
    assert re.search(r"^\s*proxy_ignore_headers Vary;$", conf, re.M)
    assert not re.search(r"\$(http|cookie)_", key), "no client header reaches the key unread"


def country_patterns(conf: str) -> tuple[re.Pattern, re.Pattern]:
    mapping = re.search(r"map \$http_cookie \$backcare_country \{(.+?)\n\}", conf, re.S)[1]
    twice, once = re.findall(r'"~(.+?)"', mapping)
    return re.compile(twice), re.compile(once.replace("(?<", "(?P<"))


@pytest.mark.parametrize(
    "cookie, code",
    [
        ("__Host-country=ie", "ie"),
        ("a=1; __Host-country=nz; b=2", "nz"),
        ("__Host-country=zz", "zz"),  # not published: the app shows the deployment's country
        ("country=us", None),
        ("__Host-country =au", None),
        ("__Host-country= au", None),
        ("__Host-country=au ; a=1", None),
        ('__Host-country="au"', None),
        ("__Host-country=", None),
        ("__host-country=au", None),
        ("x__Host-country=au", None),
        ("__Host-country=us; __Host-country=gb", None),
        ("__Host-country=gb; a=1; __Host-country=us", None),
        ("__Host-country=averylongcode", None),
    ],
)
def test_the_country_nginx_reads_from_a_cookie(cookie, code):
    """As Python reads nginx's patterns; tests/test_nginx_cache_key.py sends these to nginx itself."""
    twice, once = country_patterns(NGINX_CONF.read_text())
    found = None if twice.search(cookie) else once.search(cookie)
    assert (found and found["backcare_country_code"]) == code


def test_nginx_reads_every_code_a_country_can_have_from_the_production_cookie(settings):
    conf = NGINX_CONF.read_text()
    _, once = country_patterns(conf)
    assert once.pattern.count("__Host-country=") == 1 and countries.cookie_name() == "__Host-country"
    longest = Country._meta.get_field("code").max_length
    assert f"{{1,{longest}}}" in once.pattern, "as long as a Country's code may be"
    for code in [*countries.published(), "gb-sct", "x" * longest]:
        assert once.search(f"__Host-country={code}")["backcare_country_code"] == code


def test_the_page_these_tests_fetch_twice_is_a_public_cached_one():
    assert "public" in get(PAGE)["Cache-Control"]
