"""A draft's page as a reader will see it, before it is live.

The draft is written to the live tables inside a transaction that is always rolled back, and the
page's view function is called directly inside it: never through the page cache middleware or the
`cached_until_edited` decorator, so no cache can keep the draft. While it renders, "the current
content version" is a token of this preview's own (`pagecache.version.held`), so the process-wide
caches keyed by version (questionnaire, countries) never file draft content under the live version.
The response is `no-store, private`: staff only, never kept by a browser or a proxy.
"""

import copy
import inspect
import uuid

from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape

from guide.governance import review
from guide.governance.models import ChangeRequest
from pagecache.models import Version
from pagecache.version import held

BANNER = (
    '<div role="status" style="background:#fff3c4;color:#000;border:3px solid #b58100;padding:.75rem 1rem;'
    'font-weight:bold">Preview of a draft: not live. {note}</div>'
)


def render(request, change: ChangeRequest) -> HttpResponse:
    token = Version(f"preview-{uuid.uuid4().hex}", 0)
    with held(token), transaction.atomic():
        obj = review.write(change, reason="preview")
        address = (review._url_of(obj) if obj is not None else "") or "/"
        response = _render_page(request, address.split("#")[0])
        transaction.set_rollback(True)
    response["Cache-Control"] = "no-store, private"
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private, max-age=0"
    response.headers.pop("ETag", None)
    response.headers.pop("Last-Modified", None)
    if response.get("Content-Type", "").startswith("text/html"):
        banner = BANNER.format(note=escape(f"“{change.note}”, by {change.author_name}."))
        response.content = response.content.decode().replace("<body>", "<body>" + banner, 1).encode()
    return response


def _render_page(request, address: str) -> HttpResponse:
    try:
        match = resolve(address)
    except Resolver404:
        return HttpResponse("This change has no page of its own to preview.", content_type="text/plain")
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.path = page_request.path_info = address
    page_request.GET, page_request.POST = QueryDict(), QueryDict()
    page_request.resolver_match = match
    view = inspect.unwrap(match.func)  # the view itself, without cached_until_edited around it
    response = view(page_request, *match.args, **match.kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # inside the transaction: the template reads the draft
    return response
