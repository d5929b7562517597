"""What one cached copy of a public page is, besides the content version: the one place to add a dimension.

A public page's cache key and its ETag both come from `variant_of(request)`, so the two can never
disagree about what makes two responses different. Each field is read from the request here, through
backcare/proxy.py (which says whom to believe: the client, or the proxy in front), and the request
header it comes from is listed in VARY (sent as `Vary`). The page a view renders reads the same
functions (`countries.chosen`, and django-htmx's test for htmx), so a stored page is always the
variant its key names.

To add a dimension: add a field to `Variant`, read it in `variant_of` through backcare/proxy.py, and,
if it comes from a header or cookie rather than the URL, add that header to VARY and, in
deploy/nginx.conf, a `map` that reads it strictly, the mapped value in `proxy_cache_key` and a
`proxy_set_header` that sends the app that value. A URL parameter is already in `url`.

The person's country is one such dimension: every page's footer gives its numbers, and outcomes
and the home page more. It comes from the preference cookie (guide/countries.py), or behind nginx
from the code nginx read from that cookie, read as the country it names, so an unknown or missing
code is the deployment's country and makes no extra copy. Pages say `Vary: Cookie`, since for
browsers and any cache in front of nginx the page depends on the Cookie header (choosing a country
changes the cookie, so no page kept from before is reused). nginx, which would keep a copy per
visitor's whole Cookie header, ignores Vary and keys on the country it read instead, as it keys on
its own readings of Accept-Encoding and HX-Request (deploy/nginx.conf). Resolving the code costs
no query: the countries are read once per content version.
"""

import hashlib
from typing import NamedTuple

from django.http import HttpRequest

from backcare import proxy
from guide import countries

# The request headers the fields below are read from.
VARY = ("HX-Request", "Accept-Encoding", "Cookie")


class Variant(NamedTuple):
    url: str  # path and query string, as sent
    htmx: bool  # htmx asked for the page's main partial, not the whole page
    encoding: str  # br, gzip or identity, from Accept-Encoding
    country: str  # the code of the country whose numbers the page gives (guide/countries.py)

    def digest(self, token: str) -> str:
        """Names this variant of this content version: the page's cache key and its strong ETag."""
        parts = f"{token}\n{self.url}\n{int(self.htmx)}\n{self.encoding}\n{self.country}"
        return hashlib.sha256(parts.encode()).hexdigest()[:32]


def variant_of(request: HttpRequest) -> Variant:
    return Variant(
        url=request.get_full_path(),
        # As django-htmx reads it: the page cache answers before HtmxMiddleware.
        htmx=proxy.htmx(request),
        encoding=proxy.encoding(request),
        country=countries.chosen(request).code,
    )
