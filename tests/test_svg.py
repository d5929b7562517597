"""Editors can paste a drawing, but nothing that could run code, load other files or weigh a page down."""

import pytest
from django.core.exceptions import ValidationError

from guide.svg import SVG_MAX_BYTES, canonical_svg, on_white, validate_svg
from tests.factories import DRAWING, make_source, make_stretch

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200">'


def test_a_plain_drawing_passes():
    validate_svg(DRAWING)
    validate_svg(OPEN + '<g stroke="#1b1f24"><use href="#a"/><path id="a" d="M0 0L9 9" fill="url(#g)"/></g></svg>')


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (OPEN + "<script>alert(1)</script></svg>", "<script>"),
        (OPEN + '<circle r="3" onload="alert(1)"/></svg>', "onload"),
        (OPEN + '<circle r="3" ONCLICK="alert(1)"/></svg>', "ONCLICK"),
        (OPEN + '<use href="https://example.com/x.svg#a"/></svg>', "other files"),
        (
            OPEN.replace("<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')
            + '<use xlink:href="data:image/svg+xml,x"/></svg>',
            "other files",
        ),
        (OPEN + '<rect style="fill: url(https://example.com/a.png)"/></svg>', "style"),
        (OPEN + '<rect style="fill: red"/></svg>', 'use attributes such as fill="..."'),
        # The audit's bypasses: a CSS escape hides url(, and image-set() fetches from a plain string.
        (OPEN + r'<rect fill="u\72l(https://example.com/a.png)"/></svg>', "other files"),
        (OPEN + r'<rect fill="\75 rl(//example.com/a.png)"/></svg>', "other files"),
        (OPEN + "<rect fill='image-set(\"http://example.com/a.png\" 1x)'/></svg>", "other files"),
        (OPEN + "<rect fill='-webkit-image-set(\"//example.com/a.png\" 1x)'/></svg>", "other files"),
        (OPEN + '<rect fill="url(/**/https://example.com/a.png)"/></svg>', "other files"),
        (OPEN + "<rect fill=\"url( '//example.com/a#b')\"/></svg>", "other files"),
        (OPEN + "<style>@import url(x.css);</style></svg>", "<style>"),
        (OPEN + '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject></svg>', "foreignObject"),
        (OPEN + '<image href="photo.png"/></svg>', "<image>"),
        (OPEN + '<a href="javascript:alert(1)"><circle r="1"/></a></svg>', "<a>"),
        (OPEN + '<set attributeName="href" to="javascript:alert(1)"/></svg>', "<set>"),
        ('<?xml version="1.0"?>' + OPEN + "</svg>", "start"),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + OPEN + "&a;</svg>", "start"),
        ("<p>not a drawing</p>", "start"),
        (OPEN + "<circle>", "well-formed"),
        ('<svg viewBox="0 0 1 1"></svg>', "xmlns"),
        ('<svg xmlns="http://www.w3.org/2000/svg"></svg>', "viewBox"),
        (OPEN + "<desc>" + "x" * SVG_MAX_BYTES + "</desc></svg>", "bytes"),
    ],
)
def test_dangerous_or_broken_drawings_are_refused_with_a_reason(svg, message):
    with pytest.raises(ValidationError) as error:
        validate_svg(svg)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_the_admin_form_refuses_a_bad_drawing_and_a_drawing_without_alt_text():
    stretch = make_stretch(make_source(), held_svg=OPEN + "<script/></svg>", held_alt="A drawing.")
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert "held_svg" in error.value.message_dict
    stretch.held_svg, stretch.held_alt = DRAWING, ""
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert "held_alt" in error.value.message_dict


@pytest.mark.django_db
def test_no_stretch_can_take_the_getting_down_and_up_address():
    stretch = make_stretch(make_source(), slug="getting-down-and-up")
    with pytest.raises(ValidationError) as error:
        stretch.full_clean()
    assert "slug" in error.value.message_dict


STYLESHEET_INSTRUCTION = '<?xml-stylesheet type="text/css" href="https://example.com/a.css"?>'


def test_what_is_stored_is_the_checked_tree_not_the_pasted_text():
    """The audit's third bypass: a processing instruction the parser skips but the text kept."""
    pasted = OPEN + STYLESHEET_INSTRUCTION + '<!-- a note --><circle r="3"/></svg>'
    validate_svg(pasted)  # harmless once it is gone: nothing to refuse
    assert canonical_svg(pasted) == OPEN + '<circle r="3" /></svg>'


@pytest.mark.django_db
def test_saving_through_the_admin_form_stores_the_re_serialised_drawing():
    pasted = OPEN + STYLESHEET_INSTRUCTION + '<use href="#a"/><path id="a" d="M0 0L9 9"/></svg>'
    stretch = make_stretch(make_source(), start_svg=pasted, start_alt="A drawing.", held_svg=DRAWING, held_alt="B.")
    stretch.full_clean()
    stretch.save()
    stretch.refresh_from_db()
    assert "xml-stylesheet" not in stretch.start_svg
    assert stretch.start_svg.startswith(OPEN)
    validate_svg(stretch.start_svg)
    validate_svg(stretch.held_svg)


def test_a_drawing_is_served_on_a_white_ground_after_its_title():
    """Its own white keeps dark lines readable on the dark palette and under a browser's forced dark."""
    served = on_white(OPEN + '<title>A knee</title><circle r="3"/></svg>')
    assert served == (
        OPEN + '<title>A knee</title><rect x="0" y="0" width="320" height="200" fill="#ffffff" /><circle r="3" /></svg>'
    )
    validate_svg(served)
    assert on_white("<svg not parsed") == "<svg not parsed"
