"""The emergency numbers each country may show. A change to any other number is refused, even with approval.

A wrong emergency number is the one edit that can kill by itself, and a reviewer can miss a digit,
so the guide's own list is checked in code. Add a country here, with its source, before adding it in
the admin.
"""

from typing import NamedTuple


class Known(NamedTuple):
    numbers: frozenset[str]
    source: str


KNOWN_EMERGENCY_NUMBERS: dict[str, Known] = {
    "gb": Known(frozenset({"999", "112"}), "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/"),
    "ie": Known(frozenset({"112", "999"}), "https://www.gov.ie/en/publication/emergency-call-answering-service/"),
    "eu": Known(frozenset({"112"}), "https://digital-strategy.ec.europa.eu/en/policies/112"),
    "us": Known(frozenset({"911"}), "https://www.911.gov/"),
    "ca": Known(frozenset({"911"}), "https://www.canada.ca/en/services/health/health-emergencies.html"),
    "au": Known(frozenset({"000", "112"}), "https://www.triplezero.gov.au/"),
    "nz": Known(frozenset({"111"}), "https://www.police.govt.nz/contact-us/emergency-111"),
    "in": Known(frozenset({"112", "108"}), "https://112.gov.in/"),
}


def wrong_numbers(countries) -> list[str]:
    """Why each published country's emergency number is not one the list allows, in plain words."""
    found = []
    for country in countries:
        known = KNOWN_EMERGENCY_NUMBERS.get(country.code)
        number = "".join(country.emergency_number.split())
        if known is None:
            found.append(
                f"{country.name}: no emergency numbers are on the guide's checked list for “{country.code}”. "
                "A developer adds them, with their source, in guide/governance/numbers.py."
            )
        elif number not in known.numbers:
            allowed = " or ".join(sorted(known.numbers))
            found.append(
                f"{country.name}: the emergency number must be {allowed} (source: {known.source}), "
                f"not “{country.emergency_number}”."
            )
    return found
