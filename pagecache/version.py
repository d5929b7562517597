"""The content version as this process last read it from the database.

Reading it costs a query, about a tenth of a cached page's time, so each process re-reads it at most
every PAGECACHE_RECHECK_SECONDS (1 s in production). An edit therefore shows at once in the process
that saved it, and within that second on every other worker and replica.
"""

import time

from django.conf import settings

from pagecache.models import ContentVersion

# (token, monotonic time it was read). One tuple, swapped whole, so threads never see half an update.
_seen: tuple[str, float] = ("", float("-inf"))


def current_version() -> str:
    global _seen
    token, read_at = _seen
    now = time.monotonic()
    if now - read_at >= settings.PAGECACHE_RECHECK_SECONDS:
        token = ContentVersion.current()
        _seen = (token, now)
    return token


def forget() -> None:
    """Re-read on the next request: this process has just committed a content change."""
    global _seen
    _seen = ("", float("-inf"))
