"""`cached_until_edited`: a public page, kept in memory and by HTTP caches until guide content changes."""

from collections.abc import Callable
from functools import partial, wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from pagecache.middleware import SAFE_METHODS
from pagecache.responses import fetch, not_modified, public_cache_control, respond, store
from pagecache.variant import variant_of
from pagecache.version import current


def cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 that is the same for everyone: no cookie, no CSRF token, no session."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "accessed", False)
    )


def cached_until_edited(
    view: Callable[..., HttpResponse] | None = None, *, max_age: int | None = None, headers: dict | None = None
):
    """Serve a GET/HEAD view's 200s from memory, per variant (pagecache/variant.py) and content version.

    A conditional request whose ETag or date still matches gets a 304 without calling the view. A
    page first rendered here is stored in every encoding and sent like a stored one, with
    `Cache-Control: public` for `max_age` seconds (PAGECACHE_MAX_AGE unless given) and `headers`,
    which a 304 repeats too (a cache refreshes its copy's headers from a 304). The middleware
    (pagecache/middleware.py) answers later requests for it earlier. Headers set by the middleware
    above (CSP, HSTS and the rest) are added afresh to every response.
    """
    if view is None:
        return partial(cached_until_edited, max_age=max_age, headers=headers)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # A signed-in editor: their response renews the session cookie, so no cache may keep it.
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        if "q" in request.GET:
            # A search says what a person looked for: kept by no cache, here or shared (nginx, a CDN).
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            return response
        version = current()
        variant = variant_of(request)
        digest = variant.digest(version.token)
        if (page := fetch(digest)) is not None:
            return respond(request, page, digest, version)
        own_headers = (headers or {}) | {"Cache-Control": public_cache_control(max_age)}
        if (answer := not_modified(request, digest, version, own_headers)) is not None:
            return answer
        response = view(request, *args, **kwargs)
        if not cacheable(request, response):
            return response
        pages = store(response, variant, version, own_headers)
        return respond(request, pages[variant.encoding], digest, version)

    return wrapper
