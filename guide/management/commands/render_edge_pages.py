"""Write nginx's own error pages (deploy/errors/) from the site's templates and phone numbers.

nginx serves them when it cannot pass a request on (413) or no gunicorn answers (502, 504), so
they must stand alone: no stylesheet, script or database. Run again after changing
BACKCARE_EMERGENCY_NUMBER or BACKCARE_URGENT_NUMBER; a test checks the committed files are current.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

EDGE_PAGES = {"413.html": "edge/413.html", "unavailable.html": "edge/unavailable.html"}
DEFAULT_FOLDER = Path(settings.BASE_DIR) / "deploy" / "errors"


def edge_pages() -> dict[str, str]:
    context = {"emergency_number": settings.BACKCARE_EMERGENCY_NUMBER, "urgent_number": settings.BACKCARE_URGENT_NUMBER}
    return {name: render_to_string(template, context) for name, template in EDGE_PAGES.items()}


class Command(BaseCommand):
    help = "Write nginx's error pages (413, and 502/504 'not available') into deploy/errors/."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(DEFAULT_FOLDER))

    def handle(self, *args, folder: str, **options):
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for name, html in edge_pages().items():
            (target / name).write_text(html)
            self.stdout.write(f"Wrote {target / name}")
