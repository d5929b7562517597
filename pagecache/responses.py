"""Public pages as browsers, nginx and CDNs see them: stored encoded, sent with validators, or a 304.

Every public page carries `Cache-Control: public, max-age=..., stale-while-revalidate=...`
(PAGECACHE_MAX_AGE and PAGECACHE_STALE_WHILE_REVALIDATE), a strong ETag naming its content version
and variant (pagecache/variant.py), Last-Modified (when the content last changed) and Vary. A
conditional request that still matches gets a 304 from the content version alone, without
rendering anything. A stored page is the view's body in every encoding and its headers, so a hit
builds no template and compresses nothing.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from pagecache.encodings import compress
from pagecache.models import Version
from pagecache.variant import VARY, Variant

KEY_PREFIX = "page:"
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
VARY_HEADER = ", ".join(VARY)
Page = tuple[bytes, dict]  # a body in one encoding, and every header the view and the cache give it
# The headers a 304 repeats, so a cache that refreshes its copy from it keeps them right (RFC 9110 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Security-Policy", "Vary", "ETag", "Last-Modified")


def public_cache_control(max_age: int | None = None) -> str:
    max_age = settings.PAGECACHE_MAX_AGE if max_age is None else max_age
    return f"public, max-age={max_age}, stale-while-revalidate={settings.PAGECACHE_STALE_WHILE_REVALIDATE}"


def etag(digest: str) -> str:
    return f'"{digest}"'


def last_modified(version: Version) -> str:
    # Several saves in one second move `modified` ahead of the clock; a date is never sent from the future.
    return http_date(min(version.modified, time.time()))


def not_modified(request: HttpRequest, digest: str, version: Version, headers: dict) -> HttpResponse | None:
    """A 304 (or 412) when the request's conditions say the client's copy is current; else None."""
    meta = request.META
    if not any(condition in meta for condition in CONDITIONS):
        return None
    answer = get_conditional_response(request, etag=etag(digest), last_modified=version.modified)
    if answer is None:
        return None
    if isinstance(answer, HttpResponseNotModified):
        answer["ETag"] = etag(digest)
        answer["Last-Modified"] = last_modified(version)
        for name in NOT_MODIFIED_HEADERS:
            if name in headers:
                answer[name] = headers[name]
    return answer


def respond(request: HttpRequest, page: Page, digest: str, version: Version) -> HttpResponse:
    """A stored page as a response to this request: a 304 if the client's copy is current."""
    body, headers = page
    if (answer := not_modified(request, digest, version, headers)) is not None:
        return answer
    return HttpResponse(body, headers=headers)


def fetch(digest: str) -> Page | None:
    return cache.get(KEY_PREFIX + digest)


def store(response: HttpResponse, variant: Variant, version: Version, own_headers: dict) -> dict[str, Page]:
    """Keep the view's response in every encoding, each under its variant's key; returns them by encoding.

    `own_headers` (Cache-Control, and any the view declared) are added to the view's. Every header
    is settled here, validators included (a stored page belongs to one content version), so a hit
    only hands the stored body and headers to a response.
    """
    headers = dict(response.items()) | own_headers | {"Vary": VARY_HEADER, "Last-Modified": last_modified(version)}
    pages, keyed = {}, {}
    for encoding, (body, content_encoding) in compress(response.content).items():
        digest = variant._replace(encoding=encoding).digest(version.token)
        page_headers = headers | {"ETag": etag(digest), "Content-Length": str(len(body))}
        if content_encoding:
            page_headers["Content-Encoding"] = content_encoding
        pages[encoding] = keyed[KEY_PREFIX + digest] = (body, page_headers)
    cache.set_many(keyed)
    return pages
