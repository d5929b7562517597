"""`cached_until_edited`: serve a public page from memory until guide content changes."""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from guide import countries
from pagecache.version import current_version


def cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only a plain 200 that is the same for everyone: no cookie, no CSRF token, no session."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "accessed", False)
    )


def cached_until_edited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a GET/HEAD view's response per URL, per full page or htmx partial, per content version,
    and per the person's country (its numbers are on every page).

    Headers set by middleware (CSP, HSTS and the rest) are added afresh to every response.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        url = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The header itself, as django-htmx reads it, without building request.headers on every hit.
        htmx = request.META.get("HTTP_HX_REQUEST") == "true"
        key = f"page:{current_version()}:{int(htmx)}:{countries.chosen(request).code}:{url}"
        if (hit := cache.get(key)) is not None:
            content, headers = hit
            response = HttpResponse(content, headers=headers)
        else:
            response = view(request, *args, **kwargs)
            if cacheable(request, response):
                cache.set(key, (response.content, dict(response.items())))
        # One URL serves a page or its htmx partial, for the country in the preference cookie:
        # browsers and proxies must not mix them up.
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        return response

    return wrapper
