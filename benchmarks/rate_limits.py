"""One client with many connections on the wizard, through deploy/nginx.conf, with and without its
per-address limits (limit_req, limit_conn): how long another person's /triage/ takes meanwhile.

As the security review measured it (2026-12-06, finding 6): wrk with 64 connections on GET
/triage/ from 127.0.0.1 for 25 s, while another person (from 127.0.0.2, so nginx sees another
address) asks for /triage/ every 2 s on a new connection. "without limits" is the same
nginx.conf with its limit_req and limit_conn lines removed. gunicorn runs gunicorn.conf.py (2
workers of 2 threads) in production mode, as tests/test_nginx_limits.py runs it.

Run: uv run python benchmarks/rate_limits.py [connections, default 64] [seconds, default 25]
"""

import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import support

sys.path.insert(0, str(support.BASE_DIR))

import tests.edge
from tests.browser.server import running_site
from tests.edge import running_edge

BEHIND_NGINX = {"DJANGO_BEHIND_TLS_PROXY": "1", "DJANGO_SECURE_SSL_REDIRECT": "1", "DJANGO_ALLOWED_HOSTS": "localhost"}
LIMIT_LINES = ("limit_req zone=", "limit_conn backcare_rendered_at_once")


def person(edge, until: float, every: float = 2.0) -> list[float]:
    """Another person's GET /triage/ (from 127.0.0.2) every `every` seconds until `until`: seconds each."""
    taken = []
    while time.monotonic() < until:
        started = time.monotonic()
        connection = http.client.HTTPSConnection(
            "localhost", edge.https_port, context=edge.tls_context(), timeout=30, source_address=("127.0.0.2", 0)
        )
        connection.request("GET", "/triage/", headers=support.BROWSER_HEADERS | {"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 200, response.status
        taken.append(time.monotonic() - started)
        time.sleep(max(0.0, every - (time.monotonic() - started)))
    return taken


def measure(edge, connections: int, seconds: int) -> tuple[list[float], list[float], str]:
    quiet = person(edge, time.monotonic() + 8)
    until = time.monotonic() + seconds
    probes: list[float] = []
    prober = threading.Thread(target=lambda: probes.extend(person(edge, until - 2)))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout=10s"]
    flood = subprocess.Popen(
        [*command, f"https://localhost:{edge.https_port}/triage/"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(2)
    prober.start()
    prober.join()
    output = flood.communicate()[0]
    summary = " ".join(line.strip() for line in output.splitlines() if "requests in" in line or "Non-2xx" in line)
    return quiet, probes, summary


def seconds_list(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def main(connections: int, seconds: int) -> None:
    original = tests.edge.SITE_CONFIG
    with tempfile.TemporaryDirectory() as tmp:
        unlimited = Path(tmp) / "nginx.conf"
        unlimited.write_text(
            "".join(
                line
                for line in original.read_text().splitlines(keepends=True)
                if not line.strip().startswith(LIMIT_LINES)
            )
        )
        results = {}
        with running_site(BEHIND_NGINX, production_config=True) as url:
            for label, config in [("without limits", unlimited), ("with limits", original)]:
                tests.edge.SITE_CONFIG = config
                with running_edge(url.removeprefix("http://")) as edge:
                    results[label] = measure(edge, connections, seconds)
        tests.edge.SITE_CONFIG = original
    print(
        f"\n{connections} connections on GET /triage/ for {seconds} s from one address;"
        " another person's /triage/ every 2 s"
    )
    for label, (quiet, probes, flood) in results.items():
        print(
            f"{label:<15} quiet: median {statistics.median(quiet):.3f} s | under load: median "
            f"{statistics.median(probes):.3f} s, max {max(probes):.3f} s [{seconds_list(probes)}]"
        )
        print(f"{'':<15} the flood: {flood}")
    print(f"\nrerun: uv run python benchmarks/rate_limits.py {connections} {seconds}")


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 64, int(sys.argv[2]) if len(sys.argv) > 2 else 25)
