"""The person's country: whose numbers, and whose names for a GP and A&E, every page shows.

A person chooses a country on the emergency numbers page, with a plain GET form. The choice is
kept in a preference cookie that holds only the country's code, never an answer; without it, pages
show the deployment's country (BACKCARE_COUNTRY). Behind nginx the app reads not the cookie but
the code nginx read from it and keyed its cache on (backcare/proxy.py). Cached pages are kept per
country (see pagecache/variant.py). Countries are read once per content version, so choosing costs no query.
When the database cannot be read at all (the 503 page), the numbers come from settings.
"""

import datetime

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
    return Country(
        code=settings.BACKCARE_COUNTRY,
        emergency_number=settings.BACKCARE_EMERGENCY_NUMBER,
        urgent_number=settings.BACKCARE_URGENT_NUMBER,
    )


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
        return offline()


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
