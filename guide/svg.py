"""Checks on the SVG drawings editors paste into the admin.

Drawings are only ever served through <img> with a sandboxing CSP, so a script could not run
anyway; these checks are the second lock, and keep pages light on a phone. The value must start
with "<svg", so it cannot carry a DOCTYPE or entity definitions for the XML parser to expand.

What is stored is the checked tree serialised again (canonical_svg), never the pasted text: a
processing instruction such as <?xml-stylesheet?> or a comment the parser skipped cannot survive.
Attribute values are read as CSS reads them, escapes undone, before looking for links, and only
presentation attributes carry styling (no style="").
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
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
ElementTree.register_namespace("", SVG_NAMESPACE)
ElementTree.register_namespace("xlink", XLINK_NAMESPACE)

EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*[^\s'\"#)]", re.IGNORECASE)
# CSS functions that fetch a resource from a plain string, with no url() around it.
RESOURCE_FUNCTION = re.compile(r"\b(image-set|image|cross-fade|element|src)\s*\(", re.IGNORECASE)
# A CSS escape: a backslash and 1-6 hex digits (and one optional space), or any other character.
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _unescaped(match: re.Match) -> str:
    hex_digits, character = match.groups()
    if hex_digits is None:
        return character
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def as_css_reads_it(value: str) -> str:
    """An attribute value with CSS escapes undone and comments removed: u\\72l( is url(."""
    return CSS_ESCAPE.sub(_unescaped, CSS_COMMENT.sub("", value))


def links_elsewhere(value: str) -> bool:
    css = as_css_reads_it(value)
    return bool(EXTERNAL_URL.search(css) or RESOURCE_FUNCTION.search(css) or "javascript:" in css.lower())


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
            if name.lower() == "style":
                return 'Remove the style="..." attribute: use attributes such as fill="..." and stroke="..." instead.'
            if name == "href" and not attribute.startswith("#"):
                return "Links to other files are not allowed. Keep everything inside the drawing."
            if links_elsewhere(attribute):
                return "Links to other files are not allowed. Keep everything inside the drawing."
    return None


def canonical_svg(value: str) -> str:
    """The drawing as it will be stored: the parsed tree written out again, so only what was checked
    is kept. A drawing that fails the checks comes back unchanged, for its error message."""
    if not value or svg_problem(value):
        return value
    return ElementTree.tostring(ElementTree.fromstring(value), encoding="unicode")


def on_white(value: str) -> str:
    """The drawing on a white ground that fills its viewBox, as it is served.

    Drawings are dark lines on a clear ground. Carrying their own white, they stay readable on the
    dark palette and under a browser's forced dark mode, which darkens any page colour behind an image.
    """
    try:
        root = ElementTree.fromstring(value)
    except ElementTree.ParseError:  # only rows saved around the admin's checks; serve them as they are
        return value
    x, y, width, height = (root.get("viewBox") or "0 0 100% 100%").replace(",", " ").split()
    ground = ElementTree.Element(f"{{{SVG_NAMESPACE}}}rect", x=x, y=y, width=width, height=height, fill="#ffffff")
    names = [local_name(child.tag) for child in root]
    root.insert(next((i for i, name in enumerate(names) if name not in {"title", "desc"}), len(names)), ground)
    return ElementTree.tostring(root, encoding="unicode")


def validate_svg(value: str) -> None:
    if problem := svg_problem(value):
        raise ValidationError(problem, code="unsafe_svg")
