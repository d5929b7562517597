"""The first command on a fresh machine: `python3 start.py` (add `--port 8001` if 8000 is taken).

It needs only Python 3.12. If uv (the tool that installs backcare's locked dependencies) is
missing, it installs uv with pip, once. Then it runs `uv run python manage.py start` in local
development mode: a database, the guide's content, an admin login, and the site on 127.0.0.1.
"""

from __future__ import annotations  # so an older Python gets to the message below

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

NEEDED = (3, 12)
HERE = Path(__file__).resolve().parent


def uv_command() -> list[str] | None:
    """How to run uv here, installing it with pip if it is missing; None if that failed."""
    if found := shutil.which("uv"):
        return [found]
    if importlib.util.find_spec("uv") is None:
        print("uv is missing: installing it with pip (once) ...", flush=True)
        install = subprocess.run([sys.executable, "-m", "pip", "install", "--user", "--quiet", "uv"])
        if install.returncode != 0:
            return None
    return [sys.executable, "-m", "uv"]


def main() -> int:
    if sys.version_info < NEEDED:
        version = sys.version.split()[0]
        print(f"backcare needs Python {NEEDED[0]}.{NEEDED[1]}; this is {version}. Run: python3.12 start.py")
        return 1
    uv = uv_command()
    if uv is None:
        print("pip could not install uv. Install it as https://docs.astral.sh/uv/ says, then run this again.")
        return 1
    command = [*uv, "run", "python", "manage.py", "start", *sys.argv[1:]]
    print("Running: uv run python manage.py start", *sys.argv[1:], flush=True)
    env = os.environ | {"DJANGO_DEBUG": "1"}
    try:
        return subprocess.run(command, cwd=HERE, env=env).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
