from django import template

from guide.models import lines_of

register = template.Library()


@register.filter
def lines(text: str) -> list[str]:
    """Split a "one item per line" field into its items."""
    return lines_of(text)
