"""The content version as this process last read it from the database.

Reading it costs a query, about a tenth of a cached page's time, so each process re-reads it at most
every PAGECACHE_RECHECK_SECONDS (1 s in production), and at most once per request: every part of a
page (the cached page, the questionnaire, the person's country) then agrees on one version. An edit
therefore shows at once in the process that saved it, and within that second on every other worker
and replica.
"""

import time
from contextvars import ContextVar

from django.conf import settings

from pagecache.models import ContentVersion

# (token, monotonic time it was read). One tuple, swapped whole, so threads never see half an update.
_seen: tuple[str, float] = ("", float("-inf"))
# The token read during the current request: None outside a request, "" until it is read.
_this_request: ContextVar[str | None] = ContextVar("content_version_this_request", default=None)


def current_version() -> str:
    global _seen
    if token := _this_request.get():
        return token
    token, read_at = _seen
    now = time.monotonic()
    if now - read_at >= settings.PAGECACHE_RECHECK_SECONDS:
        token = ContentVersion.current()
        _seen = (token, now)
    if _this_request.get() is not None:
        _this_request.set(token)
    return token


def forget() -> None:
    """Re-read on the next request: this process has just committed a content change."""
    global _seen
    _seen = ("", float("-inf"))
    if _this_request.get() is not None:
        _this_request.set("")


def request_started(**kwargs) -> None:
    _this_request.set("")


def request_finished(**kwargs) -> None:
    _this_request.set(None)
