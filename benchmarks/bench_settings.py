"""Production settings plus a bare "hello" view, for the benchmarks only (never the public site)."""

from backcare.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
