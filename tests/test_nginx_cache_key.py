"""No request can change what nginx's cache gives the next person (issue 19, item 1).

nginx keys its cache on its own strict readings of the country cookie, Accept-Encoding and
HX-Request, and sends the app exactly those readings (deploy/nginx.conf, backcare/proxy.py). Here
each odd spelling an attacker might send goes first, to a page nobody has asked for yet, and to a
page whose copy has gone stale (nginx then refreshes it in the background with the attacker's
request); then ordinary visitors ask for the page, and each must get their own country's emergency
number, an encoding they can decode, and the whole page or the htmx partial as they asked.

The site runs with a 2-second max-age and a long stale-while-revalidate, so the stale path is
reached with one short wait for every case at once.
"""

import gzip
import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import brotli
import pytest

from tests.browser.server import running_site
from tests.edge import Edge, nginx_missing, running_edge
from tests.test_nginx import BEHIND_NGINX

pytestmark = pytest.mark.nginx

if (missing := nginx_missing()) is not None:
    if os.environ.get("BACKCARE_REQUIRE_NGINX") == "1":
        raise RuntimeError(f"BACKCARE_REQUIRE_NGINX=1 but the nginx tests need {missing}")
    pytestmark = [pytest.mark.nginx, pytest.mark.skip(reason=f"need {missing}")]

MAX_AGE = 2
# The emergency numbers of the countries below, as the pages' call links give them. The deployment's
# country (gb) is shown for no country and for any code nobody publishes.
NUMBERS = {"gb": "999", "au": "000", "us": "911"}
# What a response is sent in, by the Accept-Encoding nginx sends the app.
ENCODINGS = {"br, gzip": "br", "gzip": "gzip", "identity": None}

# How nginx keys a request, and what it sends the app: (country, Accept-Encoding, HX-Request).
Key = tuple[str, str, str]
PLAIN: Key = ("", "gzip", "")
BROTLI: Key = ("", "br, gzip", "")
UNCOMPRESSED: Key = ("", "identity", "")
HTMX: Key = ("", "gzip", "true")
AU: Key = ("au", "gzip", "")


@dataclass(frozen=True)
class Request:
    name: str
    headers: tuple[tuple[str, str], ...]
    # One key; or two where nginx versions read a duplicated header differently (1.22, which the
    # tests and the image run, reads the first; 1.23 and later join them).
    keys: frozenset[Key]


def request(name: str, *headers: tuple[str, str], key: Key, or_key: Key | None = None) -> Request:
    return Request(name, (("Accept", "text/html"), *headers), frozenset({key, or_key} - {None}))


GZIP_DEFLATE = ("Accept-Encoding", "gzip, deflate")  # as curl, Python and most non-browsers send it
BROWSER_ENCODINGS = ("Accept-Encoding", "gzip, deflate, br, zstd")


def cookie(value: str) -> tuple[str, str]:
    return ("Cookie", value)


IN_AU, IN_US = cookie("__Host-country=au"), cookie("__Host-country=us")
HX_TRUE, HX_FALSE = ("HX-Request", "true"), ("HX-Request", "false")


# Ordinary later visitors: each asks after every attack.
VISITORS = [
    request("no cookie", GZIP_DEFLATE, key=PLAIN),
    request("gb", GZIP_DEFLATE, cookie("__Host-country=gb"), key=("gb", "gzip", "")),
    request("au", GZIP_DEFLATE, IN_AU, key=AU),
    request("us", GZIP_DEFLATE, IN_US, key=("us", "gzip", "")),
    request("browser (br)", BROWSER_ENCODINGS, key=BROTLI),
    request("no Accept-Encoding", key=UNCOMPRESSED),
    request("htmx", GZIP_DEFLATE, HX_TRUE, key=HTMX),
    request("htmx in a browser (br)", BROWSER_ENCODINGS, HX_TRUE, key=("", "br, gzip", "true")),
    request("htmx in au", GZIP_DEFLATE, HX_TRUE, IN_AU, key=("au", "gzip", "true")),
]

MANY = "; ".join(f"c{index}=v{index}" for index in range(60))
LONG = "pad=" + "x" * 7000
ATTACKS = [
    # The country cookie
    request("space before =", GZIP_DEFLATE, cookie("__Host-country =au"), key=PLAIN),
    request("space after =", GZIP_DEFLATE, cookie("__Host-country= au"), key=PLAIN),
    request("spaces around =", GZIP_DEFLATE, cookie("__Host-country = au"), key=PLAIN),
    request("space before ;", GZIP_DEFLATE, cookie("__Host-country=au ; a=1"), key=PLAIN),
    request("plain name", GZIP_DEFLATE, cookie("country=us"), key=PLAIN),
    request("plain name, then ours", GZIP_DEFLATE, cookie("country=us; __Host-country=au"), key=AU),
    request("twice, au then us", GZIP_DEFLATE, cookie("__Host-country=au; __Host-country=us"), key=PLAIN),
    request("twice, us then au", GZIP_DEFLATE, cookie("__Host-country=us; __Host-country=au"), key=PLAIN),
    request("twice, us then gb", GZIP_DEFLATE, cookie("__Host-country=us; __Host-country=gb"), key=PLAIN),
    request("twice, the same", GZIP_DEFLATE, cookie("__Host-country=au; __Host-country=au"), key=PLAIN),
    request("twice, comma", GZIP_DEFLATE, cookie("__Host-country=au, __Host-country=us"), key=PLAIN),
    request("upper-case value", GZIP_DEFLATE, cookie("__Host-country=AU"), key=("AU", "gzip", "")),
    request("upper-case name", GZIP_DEFLATE, cookie("__HOST-COUNTRY=au"), key=PLAIN),
    request("lower-case prefix", GZIP_DEFLATE, cookie("__host-country=au"), key=PLAIN),
    request("quoted value", GZIP_DEFLATE, cookie('__Host-country="au"'), key=PLAIN),
    request("empty value", GZIP_DEFLATE, cookie("__Host-country="), key=PLAIN),
    request("unknown code", GZIP_DEFLATE, cookie("__Host-country=zz"), key=("zz", "gzip", "")),
    request("too long a code", GZIP_DEFLATE, cookie("__Host-country=australia"), key=PLAIN),
    request("60 cookies, then ours", GZIP_DEFLATE, cookie(f"{MANY}; __Host-country=au"), key=AU),
    request("60 cookies, then a space before =", GZIP_DEFLATE, cookie(f"{MANY}; __Host-country =au"), key=PLAIN),
    request("7 KB header, then ours", GZIP_DEFLATE, cookie(f"{LONG}; __Host-country=au"), key=AU),
    request("7 KB header, then a space before =", GZIP_DEFLATE, cookie(f"{LONG}; __Host-country =au"), key=PLAIN),
    request("two Cookie headers", GZIP_DEFLATE, cookie("a=1"), IN_AU, key=AU),
    request("two Cookie headers, us then au", GZIP_DEFLATE, IN_US, IN_AU, key=PLAIN),
    request("two Cookie headers, spaced", GZIP_DEFLATE, cookie("a=1"), cookie("__Host-country =au"), key=PLAIN),
    request("nginx's own header", GZIP_DEFLATE, ("X-Backcare-Country", "au"), key=PLAIN),
    request("nginx's own header, underscores", GZIP_DEFLATE, ("X_Backcare_Country", "au"), key=PLAIN),
    # Accept-Encoding
    request("gzip, deflate then br", GZIP_DEFLATE, ("Accept-Encoding", "br"), key=PLAIN, or_key=BROTLI),
    request("br then gzip, deflate", ("Accept-Encoding", "br"), GZIP_DEFLATE, key=UNCOMPRESSED, or_key=BROTLI),
    request("br alone", ("Accept-Encoding", "br"), key=UNCOMPRESSED),
    request("BR", ("Accept-Encoding", "BR"), key=UNCOMPRESSED),
    request("BR, GZIP", ("Accept-Encoding", "BR, GZIP"), key=BROTLI),
    request("gzip,br", ("Accept-Encoding", "gzip,br"), key=BROTLI),
    request("br;q=0", ("Accept-Encoding", "br;q=0"), key=UNCOMPRESSED),
    request("br;q=0, gzip", ("Accept-Encoding", "br;q=0, gzip"), key=PLAIN),
    request("gzip;q=0, br", ("Accept-Encoding", "gzip;q=0, br"), key=UNCOMPRESSED),
    request("identity", ("Accept-Encoding", "identity"), key=UNCOMPRESSED),
    request("empty", ("Accept-Encoding", ""), key=UNCOMPRESSED),
    request("*", ("Accept-Encoding", "*"), key=UNCOMPRESSED),
    request("x-gzip", ("Accept-Encoding", "x-gzip"), key=UNCOMPRESSED),
    # HX-Request
    request("HX-Request twice", GZIP_DEFLATE, HX_TRUE, HX_TRUE, key=HTMX, or_key=PLAIN),
    request("HX-Request true then false", GZIP_DEFLATE, HX_TRUE, HX_FALSE, key=HTMX, or_key=PLAIN),
    request("HX-Request false then true", GZIP_DEFLATE, HX_FALSE, HX_TRUE, key=PLAIN),
    request("hx-request: TRUE", GZIP_DEFLATE, ("hx-request", "TRUE"), key=PLAIN),
    request("HX-Request: false", GZIP_DEFLATE, HX_FALSE, key=PLAIN),
    request("HX-Request empty", GZIP_DEFLATE, ("HX-Request", ""), key=PLAIN),
    request(
        "HX-Request %74rue, URI-encoded",
        GZIP_DEFLATE,
        ("HX-Request", "%74rue"),
        ("HX-Request-URI-AutoEncoded", "true"),
        key=PLAIN,
    ),
    # All three at once
    request(
        "space before =, br, HX-Request twice",
        ("Accept-Encoding", "gzip, deflate, br"),
        HX_TRUE,
        HX_TRUE,
        cookie("__Host-country =au"),
        key=("", "br, gzip", "true"),
        or_key=BROTLI,
    ),
]


@pytest.fixture(scope="module")
def edge() -> Edge:
    with tempfile.TemporaryDirectory(prefix="backcare-cache-key-db-") as tmp:
        overrides = BEHIND_NGINX | {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'site.sqlite3'}",
            "BACKCARE_PAGECACHE_MAX_AGE": str(MAX_AGE),
            "BACKCARE_PAGECACHE_STALE_WHILE_REVALIDATE": "300",
        }
        with running_site(overrides, production_config=True) as app_url, running_edge(app_url[7:]) as edge:
            yield edge


def fresh_url() -> str:
    """The home page (its partial and its footer give the emergency number), new to every cache."""
    return f"/?n={uuid.uuid4().hex[:12]}"


def cache_status(response) -> str:
    return response.headers.get("X-Cache-Status", "")


def matches(response, key: Key) -> str:
    """What is wrong with `response` for a request nginx keys as `key` ("" if nothing is)."""
    country, _, htmx = key
    number = NUMBERS.get(country, NUMBERS["gb"])
    encoding = ENCODINGS[key[1]]
    if response.status != 200:
        return f"status {response.status}"
    if response.headers.get("Content-Encoding") != encoding:
        return f"Content-Encoding {response.headers.get('Content-Encoding')}, not {encoding}"
    html = {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, bytes)(response.body).decode()
    numbers = {number for number in NUMBERS.values() if f'href="tel:{number}"' in html}
    if numbers != {number}:
        return f"emergency numbers {sorted(numbers)}, not {number}"
    if ("<html" not in html) != bool(htmx):
        return "the whole page, not the partial" if htmx else "the partial, not the whole page"
    return ""


def assert_served(response, keys: frozenset[Key], who: str) -> None:
    problems = {matches(response, key) for key in keys}
    assert "" in problems, f"{who}: {' / '.join(sorted(problems))}"


def visit_until_fresh(edge: Edge, url: str, visitor: Request, after: str) -> None:
    """Ask as `visitor` until nginx answers from a fresh copy, checking every answer on the way:
    while a copy is refreshed in the background the old one is served, then the refreshed one."""
    deadline = time.monotonic() + 10
    while True:
        response = edge.send(url, visitor.headers)
        assert_served(response, visitor.keys, f"{visitor.name}, after {after}")
        if cache_status(response) == "HIT":
            return
        assert time.monotonic() < deadline, f"{visitor.name}: still {cache_status(response)}"
        time.sleep(0.02)


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.name for attack in ATTACKS])
def test_an_attack_on_a_new_page_gives_every_later_visitor_their_own(edge, attack):
    url = fresh_url()
    first = edge.send(url, attack.headers)
    assert cache_status(first) == "MISS"
    assert_served(first, attack.keys, "the attacker")
    for visitor in VISITORS:
        response = edge.send(url, visitor.headers)
        assert_served(response, visitor.keys, visitor.name)
        if attack.keys == visitor.keys:
            assert cache_status(response) == "HIT", f"{visitor.name} gets the attacker's copy, which is theirs too"


def test_an_attack_on_a_stale_page_is_refreshed_for_what_nginx_keyed_it_as(edge):
    """With stale-while-revalidate, the attacker's request refreshes a stale copy in the background:
    the copy of each visitor nginx may key the attacker as is made, goes stale, is attacked, and is
    asked for again until fresh. (An attack keyed as no visitor is has no copy to refresh.)"""
    targets = {}
    for attack in ATTACKS:
        sharing = [visitor for visitor in VISITORS if visitor.keys <= attack.keys]
        if {key for visitor in sharing for key in visitor.keys} == attack.keys:
            targets[attack] = (fresh_url(), sharing)
    assert len(targets) > 40
    for url, sharing in targets.values():
        for visitor in sharing:
            assert_served(edge.send(url, visitor.headers), visitor.keys, visitor.name)
    time.sleep(MAX_AGE + 1.2)  # every copy is stale now (nginx counts whole seconds)
    for attack, (url, sharing) in targets.items():
        response = edge.send(url, attack.headers)
        assert cache_status(response) == "STALE", f"{attack.name}: served stale, refreshed in the background"
        assert_served(response, attack.keys, f"the attacker ({attack.name})")
        for visitor in sharing:
            visit_until_fresh(edge, url, visitor, after=attack.name)
