"""nginx's own error pages (deploy/errors/) are the site's templates, rendered with today's numbers."""

from pathlib import Path

from django.conf import settings

from guide.management.commands.render_edge_pages import DEFAULT_FOLDER, edge_pages


def test_the_committed_edge_pages_are_current():
    for name, html in edge_pages().items():
        committed = Path(DEFAULT_FOLDER, name).read_text()
        assert committed == html, f"deploy/errors/{name} is stale: run python manage.py render_edge_pages"


def test_the_unavailable_page_gives_the_emergency_number_and_needs_nothing_else():
    html = edge_pages()["unavailable.html"]
    assert f"In an emergency, call {settings.BACKCARE_EMERGENCY_NUMBER}." in html
    for needs_the_app in ("<link", "<script", "/static/", "style="):
        assert needs_the_app not in html
