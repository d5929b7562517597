"""Where the browser checks find Chromium, Java and the npm tools pinned in tools/package.json."""

import fcntl
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
TOOLS = BASE_DIR / "tools" / "node_modules"
CHROMIUM = Path(os.environ.get("BACKCARE_CHROMIUM", "/usr/bin/chromium"))
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"

# Flags that keep a headless Chromium quiet and self-contained on a CI machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


NPM_TOOLS = (AXE, VNU, LIGHTHOUSE)
NPM_CI = ["npm", "ci", "--prefix", "tools", "--ignore-scripts", "--no-audit", "--no-fund"]


def npm_tools_installable() -> bool:
    """The pinned npm tools are missing, and npm is here to install them."""
    return not all(tool.exists() for tool in NPM_TOOLS) and shutil.which("npm") is not None


def install_npm_tools(announce: Callable[[str], None]) -> str | None:
    """Install the versions tools/package-lock.json pins; None when they are there, else npm's last words.

    xdist workers collect at the same time: the first to lock the lock file installs (and announces
    it), the others wait and then find the tools installed.
    """
    with open(BASE_DIR / "tools" / "package-lock.json") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if all(tool.exists() for tool in NPM_TOOLS):
            return None
        announce("Installing the browser checks' pinned npm tools (once): " + " ".join(NPM_CI))
        run = subprocess.run(NPM_CI, cwd=BASE_DIR, capture_output=True, text=True)
    if run.returncode == 0:
        return None
    return (run.stderr.strip().splitlines() or ["no output"])[-1]


def missing() -> list[str]:
    """What the browser checks need and this machine lacks, with how to get it."""
    wanted = {
        f"Chromium at {CHROMIUM} (apt-get install chromium)": CHROMIUM.exists(),
        "java (Java 17 runs the Nu HTML Checker)": shutil.which("java") is not None,
        "node (runs Lighthouse)": shutil.which("node") is not None,
        f"{AXE.relative_to(BASE_DIR)} (npm ci --prefix tools)": AXE.exists(),
        f"{VNU.relative_to(BASE_DIR)} (npm ci --prefix tools)": VNU.exists(),
        f"{LIGHTHOUSE.relative_to(BASE_DIR)} (npm ci --prefix tools)": LIGHTHOUSE.exists(),
    }
    return [what for what, present in wanted.items() if not present]
