"""Answer a request for a stored public page before the rest of the middleware runs.

It sits straight below the middleware that sets headers (security headers, CSP, X-Frame-Options),
the health check and WhiteNoise, so a cached page gets exactly the headers a rendered one gets, and
above everything that a stored page has no use for: GZip (the page is stored compressed), sessions,
CSRF, authentication, messages, htmx and history. Only what could change the answer is checked
here: the method, the Host header (as CommonMiddleware would), the session cookie and the page's
variant: htmx, encoding and country (pagecache/variant.py). A signed-in editor's requests go the
whole way, so their session's idle timer is refreshed as on any request.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from pagecache.responses import fetch, respond
from pagecache.variant import variant_of
from pagecache.version import current, held

SAFE_METHODS = ("GET", "HEAD")


def serve_cached_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    session_cookie = settings.SESSION_COOKIE_NAME

    def middleware(request: HttpRequest) -> HttpResponse:
        if session_cookie in request.COOKIES:  # an editor's request reads content as it is now
            return get_response(request)
        try:
            version = current()
            with held(version):  # the country is read for this version too
                digest = variant_of(request).digest(version.token) if request.method in SAFE_METHODS else ""
        except DatabaseError:  # the view meets it too, and answers with the 503 page
            return get_response(request)
        if digest and (page := fetch(digest)) is not None:
            request.get_host()  # an unknown Host gets its 400 here, as it would below
            return respond(request, page, digest, version)
        # The view reads the same version, without asking the database again: a wizard step's
        # questionnaire, the person's country and the check-ins all come from one version.
        with held(version):
            return get_response(request)

    return middleware
