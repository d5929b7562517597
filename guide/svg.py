"""Checks on the SVG drawings editors paste into the admin.

Drawings are only ever served through <img> with a sandboxing CSP, so a script could not run
anyway; these checks are the second lock, and keep pages light on a phone. The value must start
with "<svg", so it cannot carry a DOCTYPE or entity definitions for the XML parser to expand.
"""

import re
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

SVG_MAX_BYTES = 8 * 1024
SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# What a plain line drawing needs. Anything else (script, foreignObject, image, animation,
# editor metadata) is refused with its name, so the editor knows what to remove.
ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "title",
        "desc",
        "g",
        "defs",
        "use",
        "symbol",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "marker",
        "pattern",
    }
)
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*[^\s'\"#)]", re.IGNORECASE)


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def svg_problem(value: str) -> str | None:
    """Say what is wrong with a pasted drawing, in words an editor can act on, or None."""
    size = len(value.encode())
    if size > SVG_MAX_BYTES:
        return f"The drawing is {size:,} bytes. Keep it under {SVG_MAX_BYTES:,} bytes: simplify it."
    if not value.lstrip().startswith("<svg"):
        return "Paste the drawing starting at <svg. Remove any <?xml ...?> or <!DOCTYPE> line before it."
    try:
        root = ElementTree.fromstring(value)
    except ElementTree.ParseError as error:
        return f"This is not a well-formed SVG file ({error})."
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return f'The <svg> tag needs xmlns="{SVG_NAMESPACE}".'
    if not root.get("viewBox"):
        return 'Add a viewBox to the <svg> tag (for example viewBox="0 0 320 200") so the drawing scales to any screen.'
    for element in root.iter():
        tag = local_name(element.tag)
        if tag not in ALLOWED_ELEMENTS:
            return f"Remove the <{tag}> element: drawings may only contain shapes, text and groups."
        for name, attribute in element.attrib.items():
            name = local_name(name)
            if name.lower().startswith("on"):
                return f'Remove the {name}="..." attribute: drawings cannot run code.'
            if name == "href" and not attribute.startswith("#"):
                return "Links to other files are not allowed. Keep everything inside the drawing."
            if EXTERNAL_URL.search(attribute) or "javascript:" in attribute.lower():
                return "Links to other files are not allowed. Keep everything inside the drawing."
    return None


def validate_svg(value: str) -> None:
    if problem := svg_problem(value):
        raise ValidationError(problem, code="unsafe_svg")
