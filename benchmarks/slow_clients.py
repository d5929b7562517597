"""Slow-header clients against gunicorn alone, then through deploy/nginx.conf in Debian's nginx.

30 clients send request headers a byte a second for 20 s, reconnecting when cut off; meanwhile 5
ordinary GET / requests (browser headers, 5 s timeout) are timed. gunicorn runs with
gunicorn.conf.py (2 workers x 2 threads) in production mode, as tests/test_nginx.py runs it.

Run: uv run python benchmarks/slow_clients.py [clients, default 30] [seconds, default 20]
"""

import os
import sys

import support

sys.path.insert(0, str(support.BASE_DIR))

from tests.browser.server import running_site
from tests.edge import probes_under_slow_clients, running_edge

BEHIND_NGINX = {"DJANGO_BEHIND_TLS_PROXY": "1", "DJANGO_SECURE_SSL_REDIRECT": "1", "DJANGO_ALLOWED_HOSTS": "localhost"}


def describe(label: str, probes) -> str:
    times = " ".join("timeout" if probe.seconds is None else f"{probe.seconds:.2f}s" for probe in probes)
    answered = sum(probe.status == 200 for probe in probes)
    return f"{label:<22} {answered}/{len(probes)} answered   {times}"


def main(clients: int, seconds: int) -> None:
    with running_site({"DJANGO_ALLOWED_HOSTS": "localhost"}, production_config=True) as url:
        port = int(url.rsplit(":", 1)[1])
        direct = probes_under_slow_clients(port, None, clients=clients, seconds=seconds)
    with running_site(BEHIND_NGINX, production_config=True) as url, running_edge(url.removeprefix("http://")) as edge:
        through = probes_under_slow_clients(edge.https_port, edge.tls_context(), clients=clients, seconds=seconds)
    print(f"\n{clients} slow-header clients for {seconds} s; 5 probes of GET / (5 s timeout)")
    print(describe("gunicorn alone", direct))
    print(describe("nginx -> gunicorn", through))
    print(f"\nrerun: uv run python benchmarks/slow_clients.py {clients} {seconds}")


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30, int(sys.argv[2]) if len(sys.argv) > 2 else 20)
