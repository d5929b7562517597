"""Requests per second for each kind of page, against a bare Django "hello" view and a static file, in one run.

gunicorn (production settings, gunicorn.conf.py, 2 workers) on 127.0.0.1, `wrk` for each URL in turn,
every request with a phone browser's headers (Accept-Encoding: gzip, deflate, br, zstd included).
Target: cached guide pages (home, a treatment, the filtered list) >= 0.9x the static file, which
WhiteNoise serves precompressed; the page cache (pagecache/) serves them stored compressed.
A wizard step (never cached: it carries the person's answers) <= 2.5x the static file's best ms and
>= 0.5x hello's req/s.
The machine may be shared, so each URL runs in several interleaved rounds and the median counts.
Run: uv run python benchmarks/throughput.py [seconds per URL per round, default 5]
"""

import os
import re
import sys
from urllib.parse import parse_qsl, urlencode

import support

CONNECTIONS = 16
ROUNDS = 5
LATENCY_ROUNDS = 15

# (label, page whose first POST form is submitted with the first answer offered). On the wizard's first
# screen that answer is an emergency sign, so this row is the emergency result.
POST_TARGETS = [("wizard step POST", "/triage/")]
# The same form answered "None of these" on every question: the ordinary step, to the next question screen.
NEXT_SCREEN = "wizard step, next screen"


def main(seconds: int) -> None:
    with support.database() as database_url:
        env = support.site_env(database_url)
        support.prepare(env)
        with support.gunicorn(env):
            targets, missing = get_targets()
            encodings = {target.label: target.encoding() for target in targets}
            scripts = {target.label: target.wrk_script() for target in targets}
            runs = {target.label: [] for target in targets}
            for _ in range(ROUNDS):
                for target in targets:
                    result = support.wrk(target.path, seconds, CONNECTIONS, script=scripts[target.label])
                    runs[target.label].append(result)
            # The fastest of interleaved runs is the server's own cost, least disturbed by other work.
            latency = {target.label: float("inf") for target in targets}
            for _ in range(LATENCY_ROUNDS):
                for target in targets:
                    latency[target.label] = min(latency[target.label], target.latency_ms())

    hello = targets[0].label
    static = next(target.label for target in targets if target.label.startswith("static"))
    rps = {label: sorted(run["rps"] for run in results)[len(results) // 2] for label, results in runs.items()}
    errors = {label: sum(run["errors"] + run["non_2xx"] for run in results) for label, results in runs.items()}
    print(
        f"\nthroughput: gunicorn 2 workers x 2 threads on {os.cpu_count()} shared CPUs; wrk {CONNECTIONS} connections, "
        f"median of {ROUNDS} interleaved {seconds} s rounds per URL;\n"
        f"best ms: fastest of {LATENCY_ROUNDS} interleaved runs of 30 back-to-back requests on one connection"
    )
    print(
        f"{'page':<26} {'req/s':>7} {'x hello':>8} {'x static':>9} {'best ms':>8} {'x hello':>8} {'errors':>7}"
        f"  {'encoding':<9} url"
    )
    for target in targets:
        label = target.label
        print(
            f"{label:<26} {rps[label]:>7.0f} {rps[label] / rps[hello]:>8.2f} {rps[label] / rps[static]:>9.2f} "
            f"{latency[label]:>8.2f} {latency[hello] / latency[label]:>8.2f} {errors[label]:>7}"
            f"  {encodings[label]:<9} {target.path}"
        )
    for label in missing:
        print(f"{label:<26} {'-':>7} {'-':>8} {'-':>9} {'-':>8} {'-':>8} {'-':>7}  not on this branch yet")
    print(f"\nrerun: uv run python benchmarks/throughput.py {seconds}")


def get_targets() -> tuple[list[support.Target], list[str]]:
    _, home, _ = support.get("/")
    _, listing, _ = support.get("/treatments/")
    treatment = re.findall(r'href="(/treatments/[^"/?]+/)"', home + listing)[0]
    css = re.search(r'href="(/static/css/[^"]+\.css)"', home).group(1)
    targets = [
        support.Target("hello (bare Django)", "/bench/hello/"),
        support.Target("home", "/"),
        support.Target("treatment article", treatment),
        support.Target("treatments, filtered", "/treatments/?phase=first-hours&kind=self-care"),
        # Search is never cached (its queries are kept nowhere): every request runs the search.
        support.Target("search", "/search/?q=hot+water+bottle"),
        support.Target("search, misspelt", "/search/?q=sciatca+pian"),
        support.Target("static file (whitenoise)", css),
    ]
    missing = []
    for label, page in POST_TARGETS:
        if post := support.post_target(label, page):
            targets.append(post)
            none = [(name, "none" if name.startswith("q-") else value) for name, value in parse_qsl(post.body)]
            targets.append(support.Target(NEXT_SCREEN, post.path, urlencode(none), post.cookie))
        else:
            missing.append(label)
    return targets, missing


if __name__ == "__main__":
    os.chdir(support.BASE_DIR)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
