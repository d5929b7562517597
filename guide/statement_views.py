"""The statements' pages: About this guide, Accessibility and Privacy."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from guide.statement_models import Statement
from guide.views import render_page
from pagecache.decorators import cached_until_edited


@require_safe
@cached_until_edited
def statement(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Statement.objects.published().prefetch_related("sections"), slug=slug)
    return render_page(request, "guide/statement.html", {"statement": page})
