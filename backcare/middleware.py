"""Project-wide middleware: the headers Django has no setting for, compression, and the database-down page."""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware import gzip
from django.utils.cache import patch_vary_headers

from backcare import proxy
from backcare.databases import unavailable as database_unavailable_error
from guide.errors import database_unavailable
from pagecache.encodings import IDENTITY

logger = logging.getLogger(__name__)

# Nothing on the site needs these; saying so stops an injected frame or script asking for them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Add Cross-Origin-Resource-Policy and Permissions-Policy to every response, static files included."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's, with its random padding against BREACH, for pages the page cache does not compress.

    It compresses only when the request's encoding (backcare/proxy.py) is not identity: the same
    reading of Accept-Encoding as the page cache's, so the two never disagree, and `gzip;q=0` or,
    behind the proxy, any value nginx does not send gets an uncompressed page.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if proxy.encoding(request) == IDENTITY:
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """Turn a lost, locked, full or read-only database into a calm 503 page, not a 500 with a stack trace.

    In the admin the page says whether the editor's change was saved (it was not: the transaction
    rolled back); elsewhere it is the public page with the emergency numbers.

    Only the exception's class is logged: the driver's message names hosts and ports, and the
    request's body (a wizard's answers) is never looked at.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable_error(exception):
            return None
        logger.error("Database unavailable (%s): answered 503.", type(exception).__name__)
        return database_unavailable(request)
