"""Read a page the way a person does: only the words on the screen."""

import re
from html import unescape


def visible_text(html: str) -> str:
    """No tags, scripts or styles; entities decoded; spacing squeezed. A tag counts as a space."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
