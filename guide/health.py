"""`/healthz` for load balancers and the container's HEALTHCHECK: can this replica reach the database?"""

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

HEALTH_PATH = "/healthz"


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def healthz(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if database_reachable():
        response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse("database unreachable\n", content_type="text/plain; charset=utf-8", status=503)
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
