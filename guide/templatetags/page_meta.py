"""The head's page metadata: a canonical link, Open Graph tags and JSON-LD, from what the page already says."""

import html
import json

from django import template
from django.core.exceptions import DisallowedHost
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from guide import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    """The text of this page's `name` block (its title or description), so Open Graph repeats it exactly."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    # Rendered as HTML; back to plain text, which the tag's output escapes once, for an attribute.
    return html.unescape(" ".join(strip_tags(block.nodelist.render(context)).split())) if block else ""


# As json_script escapes them: no "</script>" or "<!--" can come out of an editor's text.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/_structured_data.html", takes_context=True)
def json_ld(context) -> dict:
    data = structured_data.for_page(context)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES) if data else ""
    return {"json": mark_safe(text)}


@register.simple_tag(takes_context=True)
def is_content_page(context) -> bool:
    """A page of the guide's content, which gets the JSON-LD and the "Was this page helpful?" form."""
    return structured_data.reviewed_thing(context)[1] is not None


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address without its query string; just the path on the 400 page for an unknown Host."""
    request = context.get("request")
    if request is None:  # a page made without a request: nginx's own error pages
        return ""
    try:
        return request.build_absolute_uri(request.path)
    except DisallowedHost:
        return request.path
