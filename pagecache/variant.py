"""What one cached copy of a public page is, besides the content version: the one place to add a dimension.

A public page's cache key and its ETag both come from `variant_of(request)`, so the two can never
disagree about what makes two responses different. Each field is read from the request here and
nowhere else, and the request header it comes from is listed in VARY (sent as `Vary`).

To add a dimension, such as a country preference from a cookie or a URL parameter: add a field to
`Variant`, read it in `variant_of`, and, if it comes from a header or cookie rather than the URL,
add that header to VARY and to `proxy_cache_key` in deploy/nginx.conf (nginx keys on a cookie's
value, where `Vary: Cookie` would keep a copy per visitor). A URL parameter is already in `url`.
"""

import hashlib
from typing import NamedTuple

from django.http import HttpRequest

from pagecache.encodings import negotiate

# The request headers the fields below are read from.
VARY = ("HX-Request", "Accept-Encoding")


class Variant(NamedTuple):
    url: str  # path and query string, as sent
    htmx: bool  # htmx asked for the page's main partial, not the whole page
    encoding: str  # br, gzip or identity, from Accept-Encoding

    def digest(self, token: str) -> str:
        """Names this variant of this content version: the page's cache key and its strong ETag."""
        parts = f"{token}\n{self.url}\n{int(self.htmx)}\n{self.encoding}"
        return hashlib.sha256(parts.encode()).hexdigest()[:32]


def variant_of(request: HttpRequest) -> Variant:
    meta = request.META
    return Variant(
        url=request.get_full_path(),
        # The header itself, as django-htmx reads it: the page cache answers before HtmxMiddleware.
        htmx=meta.get("HTTP_HX_REQUEST") == "true",
        encoding=negotiate(meta.get("HTTP_ACCEPT_ENCODING", "")),
    )
