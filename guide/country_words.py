"""Words that depend on where the person is, written into content as placeholders.

Advice rows say "Call {emergency} or go to {emergency_department} now." and every page fills the
placeholders in for the person's country (a `Country` row, see guide/countries.py), so a person in
Ireland never reads "call 111". On pages the numbers become tel: links; in a calendar file they
stay plain text.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

PLACEHOLDERS = ("emergency", "emergency_department", "gp", "urgent")
PATTERN = re.compile(r"\{([a-z_]+)\}")
HELP = (
    "Never write a phone number or a service's name: write {emergency} for the emergency number, "
    '{urgent} for how to get urgent advice (it reads like "call 111"), {gp} for a family doctor and '
    '{emergency_department} for the hospital\'s emergency department ("A&E"). Each country fills in its own.'
)


def validate_country_words(value: str) -> None:
    """Refuse a placeholder no country fills in, so a typo never reaches a page as "{emergncy}"."""
    unknown = sorted(set(PATTERN.findall(value)) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            "No country fills in {%(name)s}. Use {emergency}, {urgent}, {gp} or {emergency_department}.",
            params={"name": unknown[0]},
        )


def tel(number: str) -> str:
    """A number as a tel: address: digits only, as phones dial it."""
    return "tel:" + re.sub(r"\D", "", str(number))


def call_link(number: str) -> SafeString:
    return format_html('<a href="{}">{}</a>', tel(number), number)


def urgent_html(country) -> SafeString:
    """The country's way to get urgent advice, its number (if it has one) a call link."""
    action = escape(country.urgent_action)
    if country.urgent_number and (number := escape(country.urgent_number)) in action:
        action = action.replace(number, call_link(country.urgent_number), 1)
    return mark_safe(action)


def fill(text: str, country, links: bool = True) -> str:
    """`text` with its placeholders filled in for `country`.

    With `links` the result is HTML (the text escaped, numbers as call links); without, plain text.
    """
    if not links:
        words = {
            "emergency": country.emergency_number,
            "emergency_department": country.emergency_department,
            "gp": country.gp,
            "urgent": country.urgent_action,
        }
        return PATTERN.sub(lambda match: words.get(match[1], match[0]), text)
    words = {
        "emergency": call_link(country.emergency_number),
        "emergency_department": escape(country.emergency_department),
        "gp": escape(country.gp),
        "urgent": urgent_html(country),
    }
    pieces, last = [], 0
    for match in PATTERN.finditer(text):
        pieces += [escape(text[last : match.start()]), words.get(match[1], escape(match[0]))]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
