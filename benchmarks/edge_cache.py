"""nginx's cache in front of gunicorn against gunicorn alone, and an admin edit reaching readers.

gunicorn (gunicorn.conf.py, 2 workers x 2 threads, production settings behind the proxy) on
127.0.0.1; Debian's nginx with deploy/nginx.conf in front (https, its proxy_cache on). `wrk`, 16
connections with a phone browser's headers, for each page straight to gunicorn (its page cache) and
through nginx (nginx's cache), in interleaved rounds; the median counts.

Then an editor signs in to the admin through nginx and renames a treatment; readers poll the
treatment's page through nginx every 0.1 s until the new name shows. Pages are public for
MAX_AGE seconds (BACKCARE_PAGECACHE_MAX_AGE, 60 in production: shorter here to keep the run short).

Run: uv run python benchmarks/edge_cache.py [seconds per URL per round, default 4] [max-age, default 10]
"""

import contextlib
import os
import re
import sys
import time

import support

from tests.edge import running_edge

CONNECTIONS = 16
ROUNDS = 3


def main(seconds: int, max_age: int) -> None:
    with support.database() as database_url, contextlib.ExitStack() as stack:
        env = support.site_env(database_url) | {
            "DJANGO_BEHIND_TLS_PROXY": "1",
            "BACKCARE_PAGECACHE_MAX_AGE": str(max_age),
        }
        support.prepare(env)
        password, pk, treatment = support.editor_account(env)
        stack.enter_context(support.gunicorn(env))
        edge = stack.enter_context(running_edge(f"127.0.0.1:{support.PORT}"))
        nginx = f"https://127.0.0.1:{edge.https_port}"
        _, home, _ = support.get("/")
        css = re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
        pages = {
            "home": "/",
            "treatment article": treatment,
            "treatments, filtered": "/treatments/?phase=first-hours&kind=self-care",
            "static file (whitenoise)": css,
        }
        script = support.lua_file(support.lua_headers(support.BROWSER_HEADERS))
        runs = {(label, route): [] for label in pages for route in ("direct", "nginx")}
        for _ in range(ROUNDS):
            for label, path in pages.items():
                runs[label, "direct"].append(support.wrk(path, seconds, CONNECTIONS, script=script))
                runs[label, "nginx"].append(support.wrk(path, seconds, CONNECTIONS, script=script, base=nginx))
        hits = [support.Browser(edge.https_port, edge.tls_context()).request("GET", p) for p in pages.values()]
        edit = time_an_edit(edge, password, pk, treatment, max_age)

    rps = {key: sorted(run["rps"] for run in results)[len(results) // 2] for key, results in runs.items()}
    errors = {key: sum(run["errors"] + run["non_2xx"] for run in results) for key, results in runs.items()}
    print(
        f"\nedge cache: wrk {CONNECTIONS} connections, browser headers, median of {ROUNDS} interleaved {seconds} s "
        f"rounds;\ngunicorn 2 workers x 2 threads (its page cache) on {os.cpu_count()} shared CPUs, alone (http) "
        f"and behind nginx 1 worker (https, proxy_cache)"
    )
    print(f"{'page':<26} {'direct req/s':>13} {'nginx req/s':>12} {'x direct':>9} {'errors':>7}  nginx said")
    for (label, path), hit in zip(pages.items(), hits, strict=True):
        direct, cached = rps[label, "direct"], rps[label, "nginx"]
        failed = errors[label, "direct"] + errors[label, "nginx"]
        said = hit.headers.get("X-Cache-Status", "-")
        print(f"{label:<26} {direct:>13.0f} {cached:>12.0f} {cached / direct:>9.2f} {failed:>7}  {said:<8} {path}")
    print(
        f"\nadmin edit (max-age {max_age} s): the readers' last old copy {edit['last_old']:.1f} s after the save, "
        f"the new name from {edit['first_new']:.1f} s ({edit['polls']} polls through nginx)"
    )
    print(f"\nrerun: uv run python benchmarks/edge_cache.py {seconds} {max_age}")


def time_an_edit(edge, password: str, pk: int, page: str, max_age: int) -> dict:
    """Rename a treatment in the admin through nginx; poll its page as a reader until the name shows."""
    reader = support.Browser(edge.https_port, edge.tls_context())
    for _ in range(2):  # warm: the reader's copy is in nginx's cache
        reader.request("GET", page)
    name = f"Renamed at {time.time():.0f}"
    editor = support.signed_in_editor(edge.https_port, edge.tls_context(), password)
    support.rename_in_admin(editor, pk, name)
    saved = time.monotonic()
    last_old, polls = 0.0, 0
    while time.monotonic() - saved < max_age + 10:
        polls += 1
        seen = reader.request("GET", page).text()
        now = time.monotonic() - saved
        if name in seen:
            return {"last_old": last_old, "first_new": now, "polls": polls}
        last_old = now
        time.sleep(0.1)
    raise RuntimeError(f"the edit did not reach readers within {max_age + 10} s")


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4, int(sys.argv[2]) if len(sys.argv) > 2 else 10)
