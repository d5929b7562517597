"""Figures as the "How we test" page says them: a share as a whole percentage, or to one decimal
place where rounding would claim 0% or 100% for what is not."""

from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return ""
    whole = round(share * 100)
    if (whole == 100 and share < 1) or (whole == 0 and share > 0):
        return f"{share * 100:.1f}%"
    return f"{whole}%"


@register.filter
def lookup(mapping: dict, key: str):
    """mapping[key], or "" when it has none: a test case's story by its id."""
    return mapping.get(key, "")
