"""A bounded soak: 100 concurrent keep-alive connections for 60 s against a mix of pages. Expect 0
errors, flat worker memory (resident set size of each gunicorn worker, before and after), and the
connections spread over the workers (counted half-way through). gunicorn runs as production runs it:
gunicorn.conf.py, its default worker count (2 per CPU, plus 1), each worker on its own socket.

--kill-one    kill the worker holding the most connections half-way through; the errors then
              count the requests lost with it.
--nginx       send the load through deploy/nginx.conf in Debian's nginx (https), as deployed:
              clients' keep-alive connections end at nginx, which keeps a few open to gunicorn.
GUNICORN_REUSE_PORT=0 shows the spread with every worker on one shared socket.

Run: uv run python benchmarks/soak.py [seconds, default 60] [--kill-one] [--nginx]
"""

import contextlib
import os
import re
import signal
import sys
import threading
import time

import psutil
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


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    main(int(arguments[0]) if arguments else 60, kill_one="--kill-one" in sys.argv, through_nginx="--nginx" in sys.argv)
