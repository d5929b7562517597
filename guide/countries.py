"""The person's country: whose numbers, and whose names for a GP and A&E, every page shows.

A person chooses a country on the emergency numbers page, with a plain GET form. The choice is
kept in a preference cookie that holds only the country's code, never an answer; without it, pages
show the deployment's country (BACKCARE_COUNTRY). Behind nginx the app reads not the cookie but
the code nginx read from it and keyed its cache on (backcare/proxy.py). Cached pages are kept per
country (see pagecache/variant.py). Countries are read once per content version, so choosing costs no query.
When the database cannot be read at all (the 500 and 503 pages), every country's numbers come from
what this process last read, or else from the shipped fixtures, with the person's country first.
"""

import datetime
import functools
import json
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from backcare import proxy
from guide.models import Country
from pagecache.version import current_version

COOKIE_AGE = datetime.timedelta(days=365)
NO_DATABASE = (OperationalError, InterfaceError)

_built: tuple[str, dict[str, Country]] | None = None


def cookie_name() -> str:
    """Named like the session and CSRF cookies: __Host- (Secure, this host only) unless on plain http."""
    return "__Host-country" if settings.SESSION_COOKIE_SECURE else "country"


def published() -> dict[str, Country]:
    """The published countries by code, in order: one query per content version."""
    global _built
    version = current_version()
    if _built is None or _built[0] != version:
        countries = Country.objects.published().select_related("emergency_source", "urgent_source")
        _built = (version, {country.code: country for country in countries})
    return _built[1]


def offline() -> Country:
    """The deployment's numbers from settings, for a page made while the database cannot be read."""
    urgent = settings.BACKCARE_URGENT_NUMBER
    return Country(
        code=settings.BACKCARE_COUNTRY,
        emergency_number=settings.BACKCARE_EMERGENCY_NUMBER,
        urgent_number=urgent,
        urgent_action=f"call {urgent}" if urgent else "",
    )


# What the pages made without a database show of each country.
SHIPPED_FIELDS = {"code", "name", "short_name", "emergency_number", "urgent_number", "urgent_action", "order"}


@functools.cache
def shipped() -> tuple[Country, ...]:
    """The published countries as fixtures/ ship them, in order: read once, without the database."""
    rows = []
    for path in sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json")):
        for row in json.loads(path.read_text()):
            if row.get("model") == "guide.country" and row["fields"].get("published", True):
                fields = {name: value for name, value in row["fields"].items() if name in SHIPPED_FIELDS}
                rows.append(Country(**fields))
    return tuple(sorted(rows, key=lambda country: country.order))


def every_offline() -> list[Country]:
    """Every country's numbers, without asking the database: as this process last read them (an
    editor's change included), or as shipped; the settings' numbers if neither has any."""
    if _built is not None and _built[1]:
        return list(_built[1].values())
    return list(shipped()) or [offline()]


def numbers_for(code: str, every: list[Country]) -> dict:
    """The country named by `code` (else the deployment's, else the first) as `country`, and the rest
    in order as `other_countries`: the context of includes/_every_number.html."""
    by_code = {country.code: country for country in every}
    first = by_code.get(code) or by_code.get(settings.BACKCARE_COUNTRY) or every[0]
    return {"country": first, "other_countries": [country for country in every if country is not first]}


def offline_numbers(request: HttpRequest) -> dict:
    """For a page made while the database fails: the person's country first, then every other one.
    The person's country is the one the request names (backcare/proxy.py), read without a query."""
    return numbers_for(proxy.country_code(request, cookie_name()), every_offline())


def deployment_default(countries: dict[str, Country]) -> Country:
    return countries.get(settings.BACKCARE_COUNTRY) or next(iter(countries.values()), None) or offline()


def chosen(request: HttpRequest) -> Country:
    """The country this request's pages are for: the one it names, if published exactly so, or the deployment's."""
    if (country := getattr(request, "_backcare_country", None)) is None:
        countries = published()
        country = countries.get(proxy.country_code(request, cookie_name())) or deployment_default(countries)
        request._backcare_country = country
    return country


def use(request: HttpRequest, country: Country) -> None:
    """Show this request's pages for `country`: the person has just chosen it."""
    request._backcare_country = country


def chosen_or_offline(request: HttpRequest) -> Country:
    try:
        return chosen(request)
    except NO_DATABASE:
        return offline_numbers(request)["country"]


def remember(response: HttpResponse, country: Country) -> None:
    """Keep the person's choice: the code only, for a year, sent back only to this site."""
    response.set_cookie(
        cookie_name(),
        country.code,
        max_age=COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
