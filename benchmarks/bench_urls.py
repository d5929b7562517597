"""The site's URLs plus /bench/hello/: the floor any page is measured against."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from backcare.urls import handler400, handler404, handler500  # noqa: F401


@require_safe
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("", include("backcare.urls")),
]
