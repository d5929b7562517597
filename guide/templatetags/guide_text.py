from django import template

from guide.models import Citation, lines_of
from guide.views import paragraphs as paragraphs_of

register = template.Library()


@register.filter
def lines(text: str) -> list[str]:
    """Split a "one item per line" field into its items."""
    return lines_of(text)


@register.filter
def paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines."""
    return paragraphs_of(text)


@register.filter
def split_at(items, count) -> tuple[list, list]:
    """The first `count` items and the rest; all of them first when `count` is empty."""
    items = list(items)
    if count in (None, ""):
        return items, []
    return items[: int(count)], items[int(count) :]


@register.filter
def split_disagreeing(citations) -> tuple[list, list]:
    """Citations that back the page or add a caution, then those that disagree with it."""
    citations = list(citations)
    disagreeing = [citation for citation in citations if citation.stance == Citation.Stance.DISAGREES]
    return [citation for citation in citations if citation not in disagreeing], disagreeing
