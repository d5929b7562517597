"""Which key message a result or the flare-up plan shows: one, never a page of them (the PREVENT
trial found more education did not help more than a little).

The messages are read once per content version, so a result costs no query for them.
"""

from guide.models import KeyMessage
from pagecache.version import current_version

_built: tuple[str, tuple[KeyMessage, ...]] | None = None


def published() -> tuple[KeyMessage, ...]:
    """The published key messages in the editors' order: one query per content version."""
    global _built
    version = current_version()
    if _built is None or _built[0] != version:
        _built = (version, tuple(KeyMessage.objects.published()))
    return _built[1]


def for_result(tier: str, phase_slug: str | None) -> KeyMessage | None:
    """The first message that fits a result of `tier` for someone in phase `phase_slug`, if any."""
    return next((message for message in published() if message.fits(tier, phase_slug)), None)


def for_flare_up_plan() -> KeyMessage | None:
    return next((message for message in published() if message.on_flare_up_plan), None)
