"""The search page: /search/?q=... as a plain GET form, and the results alone for htmx as the person types.

The page is sent `Cache-Control: private, no-store` and is never put in the page cache (it has no
`cached_until_edited`), so no shared cache keeps a query in a key or a copy. Nothing logs it either:
gunicorn's and nginx's access logs leave out the query string.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from guide import search
from guide.views import render_page


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    text, error, results = request.GET.get("q", ""), "", None
    try:
        results = search.search(text, typing=bool(request.htmx))
    except search.BadQuery as problem:
        error, text = str(problem), ""
    response = render_page(
        request,
        "guide/search.html",
        {"q": text, "error": error, "results": results, "max_length": search.query.MAX_LENGTH},
        partial="results",
        status=400 if error else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
