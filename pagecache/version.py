"""The content version as this process last read it from the database.

Reading it costs a query, about a tenth of a cached page's time, so each process re-reads it at most
every PAGECACHE_RECHECK_SECONDS (1 s in production). An edit therefore shows at once in the process
that saved it, and within that second on every other worker and replica.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from pagecache.models import ContentVersion, Version

# (version, monotonic time it was read). One tuple, swapped whole, so threads never see half an update.
_seen: tuple[Version, float] = (Version("", 0), float("-inf"))
# The version a request started with, while it runs: its page, its ETag and its questionnaire agree.
_this_request: ContextVar[Version | None] = ContextVar("content_version", default=None)


def current() -> Version:
    global _seen
    if (held := _this_request.get()) is not None:
        return held
    seen, read_at = _seen
    now = time.monotonic()
    if now - read_at >= settings.PAGECACHE_RECHECK_SECONDS:
        seen = ContentVersion.current()
        _seen = (seen, now)
    return seen


def current_version() -> str:
    """The content version's token: what changes whenever guide content changes."""
    return current().token


@contextmanager
def held(version: Version) -> Iterator[None]:
    """Within the block, `current()` is `version`: one read of the database for a whole request."""
    reset = _this_request.set(version)
    try:
        yield
    finally:
        _this_request.reset(reset)


def forget() -> None:
    """Re-read on the next request: this process has just committed a content change."""
    global _seen
    _seen = (Version("", 0), float("-inf"))
