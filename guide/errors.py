"""Friendly error pages for bad requests, failed form checks, crashes and a lost database.

Django's own handlers render without the htmx partial; these serve the partial to htmx (which
swaps error responses in place) and are never cached, since they can follow a wizard POST.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache

from guide.views import render_page

# Seconds a client or load balancer should wait before trying again when the database is down.
RETRY_AFTER_SECONDS = 30


def _partial_aware(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    # Middleware that sets request.htmx may not have run when a request fails early.
    if not hasattr(request, "htmx"):
        request.htmx = False
    return render_page(request, template_name, {}, status=status)


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
    """Rendered without the request's context processors: whatever broke may be in them."""
    context = {
        "emergency_number": settings.BACKCARE_EMERGENCY_NUMBER,
        "urgent_number": settings.BACKCARE_URGENT_NUMBER,
    }
    return HttpResponseServerError(loader.render_to_string("500.html", context))


@never_cache
def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database cannot be reached. The page itself needs no database."""
    response = _partial_aware(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
