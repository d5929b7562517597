"""A bounded soak: 100 concurrent connections for 60 s against a mix of pages. Expect 0 errors and
flat worker memory (resident set size of each gunicorn worker, before and after).

Run: uv run python benchmarks/soak.py [seconds, default 60]
"""

import os
import re
import sys
import time

import psutil
import support

CONNECTIONS = 100


def worker_memory(server) -> dict[int, int]:
    return {child.pid: child.memory_info().rss for child in psutil.Process(server.pid).children()}


def main(seconds: int) -> None:
    with support.database() as database_url:
        env = support.site_env(database_url)
        support.prepare(env)
        with support.gunicorn(env) as server:
            _, home, _ = support.get("/")
            article = re.findall(r'href="(/treatments/[^"/?]+/)"', home)[0]
            css = re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
            paths = ["/", article, "/treatments/?phase=first-hours", "/warning-signs/", "/sources/", css, "/healthz"]
            script = support.rotating_script(paths)
            # Warm up, so "before" is a worker that has served every page once, not an empty one.
            support.wrk("/", 5, 8, script=script)
            before = worker_memory(server)
            started = time.monotonic()
            result = support.wrk("/", seconds, CONNECTIONS, script=script, timeout=10)
            elapsed = time.monotonic() - started
            after = worker_memory(server)

    print(f"\nsoak: {CONNECTIONS} connections for {seconds} s over {len(paths)} URLs (gunicorn 2 workers x 2 threads)")
    print(f"requests {result['requests']}  req/s {result['rps']:.0f}  p50 {result['p50']}  p99 {result['p99']}")
    print(f"errors {result['errors']} (socket)  non-2xx {result['non_2xx']}  wall {elapsed:.0f} s")
    print(f"{'worker':>8} {'RSS before MB':>14} {'RSS after MB':>13} {'change MB':>10}")
    for pid in sorted(before):
        change = (after.get(pid, 0) - before[pid]) / 2**20
        print(f"{pid:>8} {before[pid] / 2**20:>14.1f} {after.get(pid, 0) / 2**20:>13.1f} {change:>+10.1f}")
    print(f"\nrerun: uv run python benchmarks/soak.py {seconds}")


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
