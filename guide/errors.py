"""Friendly error pages for bad requests, failed form checks, crashes and a lost database.

Django's own handlers render without the htmx partial; these serve the partial to htmx (which
swaps error responses in place) and are never cached, since they can follow a wizard POST.
"""

import sys

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache

from backcare.databases import unavailable as database_unavailable_error
from guide import countries
from guide.views import render_page

# Seconds a client or load balancer should wait before trying again when the database is down.
RETRY_AFTER_SECONDS = 30


def _partial_aware(request: HttpRequest, template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    # Middleware that sets request.htmx may not have run when a request fails early.
    if not hasattr(request, "htmx"):
        request.htmx = False
    return render_page(request, template_name, context or {}, status=status)


@never_cache
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Too many fields, a body too big, a malformed request: say so, and how to start again."""
    return _partial_aware(request, "400.html", status=400)


@never_cache
def method_not_allowed(request: HttpRequest, allowed) -> HttpResponse:
    """A method no address takes (PUT, DELETE...): the same words as any unusable request."""
    response = _partial_aware(request, "400.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response


@never_cache
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or blocked CSRF token: ask the person to try again, not a technical page."""
    return _partial_aware(request, "403_csrf.html", status=403)


@never_cache
def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: whatever broke may be in them.

    A database error raised outside a view (a session saved by middleware) still gets the
    database-unavailable page, not "something went wrong".
    """
    if database_unavailable_error(sys.exc_info()[1]):
        return database_unavailable(request)
    return HttpResponseServerError(loader.render_to_string("500.html", countries.offline_numbers(request)))


@never_cache
def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database cannot be reached. The page itself needs no database: it gives every country's
    numbers, the person's first, without asking it (guide/countries.py)."""
    response = _partial_aware(request, "503.html", status=503, context=countries.offline_numbers(request))
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_admin_request(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("admin:index"))


@never_cache
def editor_database_unavailable(request: HttpRequest) -> HttpResponse:
    """An admin page, not the public one, that says plainly whether the editor's change was saved.

    Rendered without context processors or the user: each of those could need the database.
    """
    context = {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "has_permission": False,
        "is_save": request.method == "POST",
        "is_sign_in": request.method == "POST" and request.path == reverse("admin:login"),
        "path": request.path,
    }
    html = loader.render_to_string("admin/database_unavailable.html", context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if is_admin_request(request):
        return editor_database_unavailable(request)
    return service_unavailable(request)
