"""Write nginx's own error pages (deploy/errors/) from the site's templates and every country's numbers.

nginx serves them when it cannot pass a request on (413), when one address sends more than a person
could (429), or when no gunicorn answers (502, 503, 504), so they must stand alone: no stylesheet,
script or database. Each page that gives the numbers is written once per country, that country's
call button first (`unavailable-au.html`), and once for a person whose country nginx does not know
(`unavailable.html`: the deployment's country first); nginx picks one by the country it keyed on
(deploy/nginx.conf). The numbers are the published countries' in the database, or the shipped
fixtures' when it has none (or with --shipped). Run it again after an editor changes a country, and
copy the pages into the nginx image; a test checks that the committed pages (--shipped) are current.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from guide import countries
from guide.models import Country

# Each page nginx serves, by file name (without .html), and its template. Those with numbers are per country.
PER_COUNTRY = {"unavailable": "edge/unavailable.html", "too-many": "edge/too_many.html"}
ONE_PAGE = {"413": "edge/413.html"}
DEFAULT_FOLDER = Path(settings.BASE_DIR) / "deploy" / "errors"


def edge_pages(every: list[Country]) -> dict[str, str]:
    """Every page nginx may serve, by file name: each numbers page per country and for none."""
    pages = {
        f"{name}.html": render_to_string(template, countries.numbers_for("", every))
        for name, template in ONE_PAGE.items()
    }
    for name, template in PER_COUNTRY.items():
        pages[f"{name}.html"] = render_to_string(template, countries.numbers_for("", every))
        for country in every:
            pages[f"{name}-{country.code}.html"] = render_to_string(
                template, countries.numbers_for(country.code, every)
            )
    return pages


class Command(BaseCommand):
    help = "Write nginx's error pages (413, 429, and 502/503/504 'not available', per country) into deploy/errors/."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER))
        parser.add_argument(
            "--shipped", action="store_true", help="Use the fixtures' numbers, not the database's (as committed)."
        )

    def handle(self, *args, folder: str, shipped: bool, **options):
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        every = list(countries.shipped()) if shipped else list(Country.objects.published())
        if not every:
            self.stdout.write("No published countries in the database: the pages give the shipped fixtures' numbers.")
            every = list(countries.shipped())
        pages = edge_pages(every)
        for stale in set(path.name for path in target.glob("*.html")) - set(pages):
            (target / stale).unlink()  # a country no longer published
        for name, html in pages.items():
            (target / name).write_text(html)
        self.stdout.write(f"Wrote {len(pages)} pages to {target}")
