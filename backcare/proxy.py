"""Who is the client, when a trusted proxy stands in front of every replica."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address our proxy appended last to X-Forwarded-For; earlier entries can be forged."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR")
