"""A bounded soak: 100 concurrent keep-alive connections for 60 s against a mix of pages. Expect 0
errors, flat worker memory (resident set size of each gunicorn worker, before and after), and the
connections spread over the workers (counted half-way through). gunicorn runs as production runs it:
gunicorn.conf.py, its default worker count (2 per CPU, plus 1), each worker on its own socket.

--kill-one    kill the worker holding the most connections half-way through; the errors then
              count the requests lost with it.
--nginx       send the load through deploy/nginx.conf in Debian's nginx (https), as deployed:
              clients' keep-alive connections end at nginx, which keeps a few open to gunicorn.
--replicas N  N gunicorn replicas (2 workers x 2 threads each) on one PostgreSQL, behind nginx
              (its cache on), with a wizard step POST in the mix so every replica works; half-way
              an editor renames a treatment in the admin and each replica is polled directly until
              it shows the new name. Reports the content-version reads per second the database
              served (PostgreSQL's statistics). Needs DATABASE_URL of an empty PostgreSQL.
GUNICORN_REUSE_PORT=0 shows the spread with every worker on one shared socket.

Run: uv run python benchmarks/soak.py [seconds, default 60] [--kill-one] [--nginx]
     DATABASE_URL=$(.ci/postgres start) uv run python benchmarks/soak.py 60 --replicas 4; .ci/postgres stop
"""

import contextlib
import os
import re
import signal
import sys
import threading
import time

import psutil
import replicas
import support

sys.path.insert(0, str(support.BASE_DIR))

from tests.edge import running_edge

CONNECTIONS = 100


def worker_memory(server) -> dict[int, int]:
    return {child.pid: child.memory_info().rss for child in psutil.Process(server.pid).children()}


def connections_per_worker(server) -> dict[int, int]:
    """Established client connections each worker holds right now."""
    port = support.PORT
    counts = {}
    for child in psutil.Process(server.pid).children():
        sockets = child.net_connections(kind="tcp")
        counts[child.pid] = sum(1 for s in sockets if s.status == psutil.CONN_ESTABLISHED and s.laddr.port == port)
    return counts


def main(seconds: int, kill_one: bool, through_nginx: bool) -> None:
    with support.database() as database_url, contextlib.ExitStack() as stack:
        env = support.site_env(database_url)
        support.prepare(env)
        server = stack.enter_context(support.gunicorn(env, workers=None))
        base = None
        if through_nginx:
            edge = stack.enter_context(running_edge(f"127.0.0.1:{support.PORT}"))
            base = f"https://127.0.0.1:{edge.https_port}"
        _, home, _ = support.get("/")
        article = re.findall(r'href="(/treatments/[^"/?]+/)"', home)[0]
        css = re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
        paths = ["/", article, "/treatments/?phase=first-hours", "/warning-signs/", "/sources/", css, "/healthz"]
        script = support.rotating_script(paths)
        # Warm up, so "before" is a worker that has served every page once, not an empty one.
        support.wrk("/", 5, 8, script=script, base=base)
        before = worker_memory(server)
        started = time.monotonic()
        result = {}
        load = threading.Thread(
            target=lambda: result.update(support.wrk("/", seconds, CONNECTIONS, script=script, timeout=10, base=base))
        )
        load.start()
        time.sleep(seconds / 2)
        spread = connections_per_worker(server)
        killed = max(spread, key=spread.get) if kill_one else None
        if killed:
            os.kill(killed, signal.SIGKILL)
        load.join()
        elapsed = time.monotonic() - started
        after = worker_memory(server)

    workers = f"gunicorn {len(before)} workers x 2 threads"
    route = "through nginx" if through_nginx else "straight to gunicorn"
    print(f"\nsoak: {CONNECTIONS} connections {route} for {seconds} s over {len(paths)} URLs ({workers})")
    print(f"requests {result['requests']}  req/s {result['rps']:.0f}  p50 {result['p50']}  p99 {result['p99']}")
    print(f"errors {result['errors']} (socket)  non-2xx {result['non_2xx']}  wall {elapsed:.0f} s")
    reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1") != "0"
    sockets = "own socket each" if reuse_port else "one shared socket"
    print(f"connections per worker half-way ({sockets}, {sum(spread.values())} in all): ", end="")
    print(", ".join(str(count) for count in sorted(spread.values(), reverse=True)))
    if killed:
        print(f"killed worker {killed} (it held {spread[killed]} connections) half-way through")
    print(f"{'worker':>8} {'RSS before MB':>14} {'RSS after MB':>13} {'change MB':>10}")
    for pid in sorted(before):
        change = (after.get(pid, 0) - before[pid]) / 2**20
        print(f"{pid:>8} {before[pid] / 2**20:>14.1f} {after.get(pid, 0) / 2**20:>13.1f} {change:>+10.1f}")
    flags = (" --kill-one" if kill_one else "") + (" --nginx" if through_nginx else "")
    print(f"\nrerun: uv run python benchmarks/soak.py {seconds}{flags}")


def main_replicas(seconds: int, count: int) -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("--replicas needs PostgreSQL: DATABASE_URL=$(.ci/postgres start) uv run python benchmarks/soak.py ...")
    env = support.site_env(database_url) | {"DJANGO_BEHIND_TLS_PROXY": "1"}
    support.prepare(env)
    password, pk, treatment = support.editor_account(env)
    with replicas.running(env, count) as (servers, edge):
        base = f"https://127.0.0.1:{edge.https_port}"
        _, home, _ = support.get("/")
        css = re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
        # /healthz reads the version on every probe: left out, so the reads counted are the pages'.
        paths = ["/", treatment, "/treatments/?phase=first-hours", "/warning-signs/", "/sources/", css]
        step = support.post_target("wizard step", "/triage/")
        script = support.rotating_script(paths, posts=[step], origin="https://127.0.0.1")
        support.wrk("/", 5, 8, script=script, base=base)
        editor = support.signed_in_editor(edge.https_port, edge.tls_context(), password)
        cpu_before = {port: cpu_seconds(server) for port, server in servers}
        result = {}
        load = threading.Thread(
            target=lambda: result.update(support.wrk("/", seconds, CONNECTIONS, script=script, timeout=10, base=base))
        )
        load.start()
        # Sampled while every replica is busy: PostgreSQL's busy backends report their counts each second.
        started = time.monotonic()
        time.sleep(seconds / 6)
        reads_from, commits_from = replicas.version_reads(database_url)
        sampled_from = time.monotonic()
        time.sleep(max(0.0, started + seconds / 2 - time.monotonic()))
        edit = replicas.edit_reaches_every_replica(editor, [port for port, _ in servers], pk, treatment)
        time.sleep(max(0.0, started + seconds * 5 / 6 - time.monotonic()))
        reads_to, commits_to = replicas.version_reads(database_url)
        sampled = time.monotonic() - sampled_from
        load.join()
        cpu_after = {port: cpu_seconds(server) for port, server in servers}

    threads = count * replicas.WORKERS * 2
    mix = f"{len(paths)} URLs and a wizard step POST"
    print(f"\nsoak: {CONNECTIONS} connections through nginx for {seconds} s over {mix};")
    print(f"{count} gunicorn replicas x {replicas.WORKERS} workers x 2 threads on one PostgreSQL, nginx's cache on")
    print(f"requests {result['requests']}  req/s {result['rps']:.0f}  p50 {result['p50']}  p99 {result['p99']}")
    print(f"errors {result['errors']} (socket)  non-2xx {result['non_2xx']}")
    reads, commits = (reads_to - reads_from) / sampled, (commits_to - commits_from) / sampled
    print(
        f"database, over {sampled:.0f} s of the load: content-version reads {reads:.1f}/s (at most one a second "
        f"per worker thread: {threads}/s), all transactions {commits:.1f}/s"
    )
    print("admin edit half-way, through nginx; a reader per replica polls it directly (new connections) throughout:")
    print(f"{'replica':>8} {'CPU s':>7} {'last old answer sent, arrived (s after save)':>45} {'old':>5} {'answers':>8}")
    for port, _ in servers:
        sent, arrived, old, answered = edit[port]
        window = f"{sent:.2f} s, {arrived:.2f} s"
        print(f"{port:>8} {cpu_after[port] - cpu_before[port]:>7.1f} {window:>45} {old:>5} {answered:>8}")
    print(f"\nrerun: DATABASE_URL=$(.ci/postgres start) uv run python benchmarks/soak.py {seconds} --replicas {count}")


def cpu_seconds(server) -> float:
    """CPU time of a gunicorn and its workers so far."""
    processes = [psutil.Process(server.pid), *psutil.Process(server.pid).children()]
    return sum(sum(process.cpu_times()[:2]) for process in processes)


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    arguments = sys.argv[1:]
    count = int(arguments.pop(arguments.index("--replicas") + 1)) if "--replicas" in arguments else 0
    plain = [argument for argument in arguments if not argument.startswith("--")]
    seconds = int(plain[0]) if plain else 60
    if count:
        main_replicas(seconds, count)
    else:
        main(seconds, kill_one="--kill-one" in sys.argv, through_nginx="--nginx" in sys.argv)
