"""Lighthouse (mobile preset) scores at least 0.95 in each category on the pages people land on first."""

import json
import os
import subprocess

import pytest

from tests.browser import toolchain
from tests.browser.conftest import REPORT
from tests.browser.families import FIRST_PAGES, PageFamily

pytestmark = pytest.mark.browser

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MIN_SCORE = 0.95
# Lighthouse fails to start a run now and then (NO_NAVSTART, about 1 in 8 here): such a run is
# retried. Its simulated phone CPU also slows down when other work shares the machine's 2 cores,
# so a run below the bar is repeated too, and the best of at most RUNS complete runs counts.
RUNS = 3


def lighthouse(url: str, report_path) -> dict:
    """One Lighthouse report of `url`, retrying a run that fails to start."""
    command = [
        "node",
        str(toolchain.LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report_path}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
    ]
    env = os.environ | {"CHROME_PATH": str(toolchain.CHROMIUM)}
    failures = []
    for _ in range(RUNS):
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        if run.returncode == 0:
            report = json.loads(report_path.read_text())
            if not report.get("runtimeError"):
                return report
            failures.append(report["runtimeError"]["code"])
        else:
            failures.append(run.stderr.strip()[-500:])
    pytest.fail(f"Lighthouse did not complete a run of {url} in {RUNS} attempts: {failures}")


def scores(report: dict) -> dict[str, float]:
    return {name: report["categories"][name]["score"] or 0.0 for name in CATEGORIES}


@pytest.mark.parametrize("family", FIRST_PAGES, ids=lambda family: family.name)
def test_lighthouse_scores(family: PageFamily, new_context, base_url, tmp_path):
    page = new_context().new_page()
    family.open(page, base_url)
    reports = []
    while len(reports) < RUNS and not (reports and min(scores(reports[-1]).values()) >= MIN_SCORE):
        reports.append(lighthouse(page.url, tmp_path / "report.json"))
    best = max(reports, key=lambda report: min(scores(report).values()))
    found = scores(best)
    REPORT.append(
        f"Lighthouse {family.name}: "
        + ", ".join(f"{name} {score:.2f}" for name, score in found.items())
        + f" (best of {len(reports)} runs, CPU benchmark {best['environment']['benchmarkIndex']:.0f})"
    )
    low = {name: score for name, score in found.items() if score < MIN_SCORE}
    weak_audits = [
        f"{audit['id']}: {audit.get('displayValue', audit['score'])}"
        for audit in best["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9
    ]
    assert not low, f"{family.name} below {MIN_SCORE}: {low}; weak audits: {weak_audits}"
