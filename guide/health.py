"""`/healthz` for load balancers and the container's HEALTHCHECK: can this replica serve pages?"""

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from backcare.databases import budget
from pagecache.models import ContentVersion

HEALTH_PATH = "/healthz"
# The answer comes within this, however the database fails: a load balancer's probe typically
# gives up after 5 s, and "unavailable" in time takes this replica out of the pool.
BUDGET_SECONDS = 2.0


def database_problem() -> str | None:
    """Why pages would fail, or None. Every page reads the content version, so this reads it too.

    `SELECT 1` would pass on an unmigrated database and, on SQLite, while a write lock blocks
    every read; reading a real table fails in both cases, as the pages would. A database that does
    not answer within the budget counts as unavailable (backcare/databases/).
    """
    try:
        with budget(BUDGET_SECONDS):
            ContentVersion.current()
    except DatabaseError as error:
        return type(error).__name__
    return None


def healthz(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if (problem := database_problem()) is None:
        response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    else:
        # The error's class only (OperationalError, ProgrammingError): never the driver's message.
        body = f"database unavailable ({problem})\n"
        response = HttpResponse(body, content_type="text/plain; charset=utf-8", status=503)
    # A cached "ok" would keep a dead replica in the pool.
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer `/healthz` before host validation, sessions and CSRF.

    Load balancers probe each replica by its IP address, a Host header ALLOWED_HOSTS rightly
    refuses; the answer reveals nothing but "ok". It sits below the header middleware, so the
    probe's response carries the same security headers as every other.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
