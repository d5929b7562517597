"""Whom to believe about a request: the proxy in front (DJANGO_BEHIND_TLS_PROXY=1), or the client.

Behind the proxy (deploy/nginx.conf), nginx keys its shared cache on the URL and on three values it
reads from the request with its own strict rules: the person's country, the encoding the page is
sent in and whether htmx asked for a partial. It sends the app exactly the values it keyed on, in
headers it sets itself (`X-Backcare-Country`, and `Accept-Encoding` and `HX-Request` replaced by
their normalised forms), and the app reads those and nothing else. So the page rendered for a
request is always the page nginx files under that request's key: no spelling of a cookie or a
duplicated header can make the two read different values and leave one country's emergency number,
an encoding or a partial under another's key. A value that is not exactly one the proxy sends (a
client that reached gunicorn directly, say) counts as absent, never as a guess.

Without the proxy (development, the browser tests against gunicorn), the cookie and the headers are
read as a browser sends them; no shared cache stands in front then, and the page cache in the app
keys on these same functions (pagecache/variant.py), so it never disagrees with what it renders.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from pagecache.encodings import BROTLI, GZIP, IDENTITY, negotiate

# The header nginx sets to the country code it keyed on, or leaves out for none.
COUNTRY_HEADER = "X-Backcare-Country"
# Every Accept-Encoding nginx sends upstream, and the encoding each chooses. "br, gzip" rather than
# "br": pages nobody caches (the wizard's) are gzipped by GZipMiddleware, which needs to see gzip.
PROXY_ENCODINGS = {"br, gzip": BROTLI, "gzip": GZIP, "identity": IDENTITY}


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the request came straight from our proxy (BACKCARE_TRUSTED_PROXIES), not a client
    that reached gunicorn some other way."""
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.BACKCARE_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: from our proxy, the address it put last in X-Forwarded-For (earlier
    entries can be forged); from anyone else, the address that connected, whatever it claims."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if from_trusted_proxy(request) else ""
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR")


def country_code(request: HttpRequest, cookie_name: str) -> str:
    """The country code the request names ("" for none); guide/countries.py looks it up exactly."""
    if settings.BACKCARE_BEHIND_PROXY:
        return request.headers.get(COUNTRY_HEADER, "")
    return request.COOKIES.get(cookie_name, "")


def encoding(request: HttpRequest) -> str:
    """br, gzip or identity: what a page for this request is sent in."""
    accept = request.headers.get("Accept-Encoding", "")
    if settings.BACKCARE_BEHIND_PROXY:
        return PROXY_ENCODINGS.get(accept, IDENTITY)
    return negotiate(accept)


def htmx(request: HttpRequest) -> bool:
    """Whether htmx asked for the page's partial: django-htmx's own test (HX-Request exactly "true"),
    so the page cache's key and the view's `request.htmx` never disagree. Behind the proxy the
    header is nginx's: "true", or none."""
    return bool(HtmxDetails(request))
