"""Where the browser checks find Chromium, Java and the npm tools pinned in tools/package.json."""

import os
import shutil
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
