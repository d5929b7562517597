from django import template

from guide import country_words
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


@register.filter
def in_country(text: str, country) -> str:
    """Fill in the country's numbers and names (guide/country_words.py), numbers as call links."""
    return country_words.fill(text, country)


@register.filter
def words_in_country(text: str, country) -> str:
    """The country's numbers and names filled in as plain words, where a call button stands beside them."""
    return country_words.fill(text, country, links=False)


@register.filter
def call_link(number: str) -> str:
    """A phone number as a link that calls it."""
    return country_words.call_link(number)


@register.filter
def urgent_advice(country) -> str:
    """How to get urgent advice in the country ("call 111"), its number a call link."""
    return country_words.urgent_html(country)


@register.filter
def tel(number: str) -> str:
    """A phone number as a tel: address, for a call button's href."""
    return country_words.tel(number)
