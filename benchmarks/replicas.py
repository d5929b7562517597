"""Several gunicorn replicas on one PostgreSQL behind nginx, for benchmarks/soak.py --replicas N.

Each replica is its own gunicorn (gunicorn.conf.py, WORKERS x 2 threads) on its own port, sharing
only the database and the secret key, as separate machines would. nginx (deploy/nginx.conf, its
cache on) spreads requests over them. The database's statistics count the content-version reads:
every worker re-reads the version at most once a second, so their rate is at most one per worker.
"""

import contextlib
import http.client
import threading
import time
from collections.abc import Iterator

import psycopg
import support

from tests.edge import running_edge

WORKERS = 2
VERSION_TABLE = "pagecache_contentversion"


@contextlib.contextmanager
def running(env: dict[str, str], replicas: int) -> Iterator[tuple[list, object]]:
    """`replicas` gunicorns on consecutive ports from support.PORT, and nginx in front of them all."""
    with contextlib.ExitStack() as stack:
        ports = [support.PORT + i for i in range(replicas)]
        servers = [stack.enter_context(support.gunicorn(env, workers=WORKERS, port=port)) for port in ports]
        edge = stack.enter_context(running_edge([f"127.0.0.1:{port}" for port in ports]))
        yield list(zip(ports, servers, strict=True)), edge


def version_reads(database_url: str) -> tuple[int, int]:
    """Reads of the content-version table so far, and transactions committed, from PostgreSQL's statistics."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        scans = connection.execute(
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = %s",
            [VERSION_TABLE],
        ).fetchone()[0]
        commits = connection.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]
    return scans, commits


def page_on(port: int, path: str) -> str:
    """A page straight from one replica, on a new connection (so any of its workers may answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=support.BROWSER_HEADERS | {"Connection": "close"})
        answer = connection.getresponse()
        return support.Response(answer.status, answer.headers, answer.read()).text()
    finally:
        connection.close()


def edit_reaches_every_replica(
    edge, ports: list[int], password: str, pk: int, page: str
) -> dict[int, tuple[float, int, int]]:
    """Rename a treatment in the admin through nginx while readers poll each replica directly.

    The readers poll round robin, on new connections, from before the editor signs in until 2 s
    after the save, so every worker keeps re-reading the version as it would under traffic. Returns,
    per replica port: when the last answer with the old name arrived, in seconds after the admin's
    save answered (0 if none did; an answer arrives after the worker chose it, so this is an upper
    bound), how many old answers came after the save, and how many polls were made after it.
    """
    name = f"Renamed at {time.time():.3f}"
    answers: list[tuple[float, int, bool]] = []
    saved: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            for port in ports:
                answers.append((time.monotonic(), port, name in page_on(port, page)))
            time.sleep(0.01)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        support.rename_in_admin(support.Browser(edge.https_port, edge.tls_context()), password, pk, name)
        saved.append(time.monotonic())
        time.sleep(2.0)
    finally:
        done.set()
        reader.join()
    after = [(at - saved[0], port, new) for at, port, new in answers if at >= saved[0]]
    result = {}
    for port in ports:
        old = [at for at, where, new in after if where == port and not new]
        result[port] = (max(old, default=0.0), len(old), sum(1 for _, where, _ in after if where == port))
    return result
