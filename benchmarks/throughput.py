"""Requests per second for each kind of page, against a bare Django "hello" view, in one run.

gunicorn (production settings, gunicorn.conf.py, 2 workers) on 127.0.0.1, `wrk` for each URL in turn.
Target: guide pages >= 0.9x hello, thanks to the page cache (pagecache/).
The machine may be shared, so each URL runs in several interleaved rounds and the median counts.
Run: uv run python benchmarks/throughput.py [seconds per URL per round, default 5]
"""

import os
import sys

import support

CONNECTIONS = 16
ROUNDS = 3

# (label, page whose first POST form is submitted). The wizard lives at /triage/ once it lands.
POST_TARGETS = [("wizard step POST", "/triage/")]


def main(seconds: int) -> None:
    with support.database() as database_url:
        env = support.site_env(database_url)
        support.prepare(env)
        with support.gunicorn(env):
            targets = get_targets()
            results = {label: [] for label, _, _ in targets}
            for _ in range(ROUNDS):
                for label, path, script in targets:
                    if path is not None:
                        results[label].append(support.wrk(path, seconds, CONNECTIONS, script=script))
    rows = []
    for label, path, _ in targets:
        if path is None:
            rows.append((label, "-", None, "not on this branch"))
            continue
        runs = sorted(results[label], key=lambda run: run["rps"])
        median = runs[len(runs) // 2] | {"errors": sum(run["errors"] + run["non_2xx"] for run in runs)}
        rows.append((label, path, median, ""))
    hello = rows[0][2]["rps"]
    print(
        f"\nthroughput: gunicorn 2 workers x 2 threads, wrk {CONNECTIONS} connections, "
        f"median of {ROUNDS} interleaved {seconds} s rounds per URL ({os.cpu_count()} CPUs, shared)"
    )
    print(f"{'page':<26} {'req/s':>8} {'x hello':>8} {'p50':>9} {'p99':>9} {'errors':>7}  url")
    for label, path, result, note in rows:
        if result is None:
            print(f"{label:<26} {'-':>8} {'-':>8} {'-':>9} {'-':>9} {'-':>7}  {note}")
            continue
        errors = result["errors"]
        print(
            f"{label:<26} {result['rps']:>8.0f} {result['rps'] / hello:>8.2f} "
            f"{result['p50']:>9} {result['p99']:>9} {errors:>7}  {path}"
        )
    print(f"\nrerun: uv run python benchmarks/throughput.py {seconds}")


def get_targets() -> list[tuple[str, str | None, str | None]]:
    _, home, _ = support.get("/")
    treatment = next(iter(support.re.findall(r'href="(/treatments/[^"/?]+/)"', home)), None)
    if treatment is None:
        _, listing, _ = support.get("/treatments/")
        treatment = support.re.findall(r'href="(/treatments/[^"/?]+/)"', listing)[0]
    css = support.re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
    targets = [
        ("hello (bare Django)", "/bench/hello/", None),
        ("home", "/", None),
        ("treatment article", treatment, None),
        ("treatments, filtered", "/treatments/?phase=first-hours&kind=self-care", None),
        ("static file (whitenoise)", css, None),
    ]
    for label, page in POST_TARGETS:
        post = support.post_script(page)
        targets.append((label, *post) if post else (label, None, None))
    return targets


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
