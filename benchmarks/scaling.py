"""Queries and server time per page as content grows 1x, 10x and 100x (tests/factories.py make_guide).

In one process, through Django's full middleware stack in production mode. "render" is a page built
from the database (page cache emptied first); "cached" is the same page served by the page cache. Queries count
the content-version check. List pages show every item, so their HTML, and the time to render it,
grows with the content; the number of queries must not.
Run: uv run python benchmarks/scaling.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SIZES = [1, 10, 100]
SAMPLES = 15


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="backcare.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        BACKCARE_PLAIN_STATIC="1",
        # Read the content version on every request, so each count includes that one query.
        BACKCARE_PAGECACHE_RECHECK_SECONDS="0",
        DATABASE_URL=database_url,
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def pages() -> dict[str, str]:
    from django.urls import reverse

    from guide.models import Stretch, Treatment

    return {
        "home": reverse("guide:home"),
        "treatments": reverse("guide:treatments"),
        "treatments, filtered": reverse("guide:treatments") + "?phase=first-hours&kind=self-care",
        "treatment article": Treatment.objects.published().first().get_absolute_url(),
        "stretches": reverse("guide:stretches"),
        "stretch": Stretch.objects.published().first().get_absolute_url(),
        "warning signs": reverse("guide:warning_signs"),
        "about": reverse("guide:about"),
        "sources": reverse("guide:sources"),
    }


def measure(client, url: str) -> tuple[int, float, float, int]:
    """Queries of a fresh render, median milliseconds rendered and cached, and the page's size."""
    from django.core.cache import cache
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    cache.clear()
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, url
    rendered, cached = [], []
    for _ in range(SAMPLES):
        cache.clear()
        start = time.perf_counter()
        client.get(url)
        rendered.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get(url)
        cached.append(time.perf_counter() - start)
    return len(queries), statistics.median(rendered) * 1000, statistics.median(cached) * 1000, len(response.content)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="backcare-scaling-") as directory:
        setup_django(os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/scaling.sqlite3")
        from django.db import transaction
        from django.test import Client

        from tests.factories import make_guide

        client = Client()
        results: dict[str, dict[int, tuple[int, float, float, int]]] = {}
        made = 0
        for size in SIZES:
            with transaction.atomic():
                make_guide(size - made)
            made = size
            for name, url in pages().items():
                results.setdefault(name, {})[size] = measure(client, url)

    sizes = " ".join(f"{f'{s}x':>5}" for s in SIZES)
    print(f"\nscaling: per page, content at {', '.join(f'{s}x' for s in SIZES)} (median of {SAMPLES})")
    wide = " ".join(f"{f'{s}x':>7}" for s in SIZES)
    print(f"{'page':<22} {'queries':^17}   {'render ms':^23}   {'cached ms':^23}   {'HTML KB':^17}")
    print(f"{'':<22} {sizes}   {wide}   {wide}   {sizes}")
    for name, by_size in results.items():
        queries = " ".join(f"{by_size[s][0]:>5}" for s in SIZES)
        rendered = " ".join(f"{by_size[s][1]:>7.2f}" for s in SIZES)
        cached = " ".join(f"{by_size[s][2]:>7.2f}" for s in SIZES)
        size = " ".join(f"{by_size[s][3] / 1024:>5.0f}" for s in SIZES)
        print(f"{name:<22} {queries}   {rendered}   {cached}   {size}")
    print("\nrerun: uv run python benchmarks/scaling.py")


if __name__ == "__main__":
    main()
