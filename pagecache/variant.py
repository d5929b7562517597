"""What one cached copy of a public page is, besides the content version: the one place to add a dimension.

A public page's cache key and its ETag both come from `variant_of(request)`, so the two can never
disagree about what makes two responses different. Each field is read from the request here and
nowhere else, and the request header it comes from is listed in VARY (sent as `Vary`).

To add a dimension: add a field to `Variant`, read it in `variant_of`, and, if it comes from a
header or cookie rather than the URL, add that header to VARY and to `proxy_cache_key` in
deploy/nginx.conf. A URL parameter is already in `url`.

The person's country is one such dimension: every page's footer gives its numbers, and outcomes
and the home page more. It comes from the preference cookie (guide/countries.py), read as the
country it names, so an unknown or missing code is the deployment's country and makes no extra
copy. Because it is a cookie, pages say `Vary: Cookie`: right for a browser's own cache (choosing
a country changes the cookie, so no page kept from before is reused), while nginx, which would
keep a copy per visitor's whole Cookie header, keys on the country cookie's value instead and
ignores Vary (deploy/nginx.conf). Resolving the code costs no query: the countries are read once
per content version.
"""

import hashlib
from typing import NamedTuple

from django.http import HttpRequest

from guide import countries
from pagecache.encodings import negotiate

# The request headers the fields below are read from.
VARY = ("HX-Request", "Accept-Encoding", "Cookie")


class Variant(NamedTuple):
    url: str  # path and query string, as sent
    htmx: bool  # htmx asked for the page's main partial, not the whole page
    encoding: str  # br, gzip or identity, from Accept-Encoding
    country: str  # the code of the country whose numbers the page gives, from the country cookie

    def digest(self, token: str) -> str:
        """Names this variant of this content version: the page's cache key and its strong ETag."""
        parts = f"{token}\n{self.url}\n{int(self.htmx)}\n{self.encoding}\n{self.country}"
        return hashlib.sha256(parts.encode()).hexdigest()[:32]


def variant_of(request: HttpRequest) -> Variant:
    meta = request.META
    return Variant(
        url=request.get_full_path(),
        # The header itself, as django-htmx reads it: the page cache answers before HtmxMiddleware.
        htmx=meta.get("HTTP_HX_REQUEST") == "true",
        encoding=negotiate(meta.get("HTTP_ACCEPT_ENCODING", "")),
        country=countries.chosen(request).code,
    )
