"""Several gunicorn replicas on one PostgreSQL behind nginx, for benchmarks/soak.py --replicas N.

Each replica is its own gunicorn (gunicorn.conf.py, WORKERS x 2 threads) on its own port, sharing
only the database and the secret key, as separate machines would. nginx (deploy/nginx.conf, its
cache on) spreads requests over them. The database's statistics count the content-version reads:
each worker re-reads the version at most once a second (its two threads may both do it at the turn
of a second), so their rate is at most one per worker thread per second, whatever the traffic.
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


def edit_reaches_every_replica(editor: support.Browser, ports: list[int], pk: int, page: str) -> dict[int, tuple]:
    """Rename a treatment in the admin while readers poll each replica directly.

    A reader per replica polls it on new connections, from before the editor opens the form until 3 s
    after the save answered, so its workers keep re-reading the version as they would under traffic.
    Returns, per replica port: (when the last answer with the old name was sent and when it arrived,
    in seconds after the save answered: the worker chose it in between; 0 if none came), how many
    old answers came after the save, and how many answers in all.
    """
    name = f"Renamed at {time.time():.3f}"
    answers: dict[int, list[tuple[float, float, bool]]] = {port: [] for port in ports}
    done = threading.Event()

    def poll(port: int) -> None:
        while not done.is_set():
            sent = time.monotonic()
            new = name in page_on(port, page)
            answers[port].append((sent, time.monotonic(), new))
            time.sleep(0.01)

    readers = [threading.Thread(target=poll, args=(port,)) for port in ports]
    for reader in readers:
        reader.start()
    try:
        support.rename_in_admin(editor, pk, name)
        saved = time.monotonic()
        time.sleep(3.0)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    result = {}
    for port in ports:
        after = [(sent - saved, arrived - saved, new) for sent, arrived, new in answers[port] if arrived >= saved]
        old = [(sent, arrived) for sent, arrived, new in after if not new]
        result[port] = (*max(old, default=(0.0, 0.0), key=lambda pair: pair[1]), len(old), len(after))
    return result
