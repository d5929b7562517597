"""Friendly error pages for bad requests and failed form checks.

Django's own handlers render without the htmx partial; these serve the partial to htmx (which
swaps 4xx responses in place) and are never cached, since they can follow a wizard POST.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from guide.views import render_page


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
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or blocked CSRF token: ask the person to try again, not a technical page."""
    return _partial_aware(request, "403_csrf.html", status=403)
