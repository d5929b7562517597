"""The README's two commands on a fresh machine, with nothing but Python 3.12:

    python3 start.py          # set up and serve the site locally (add --port 8001 if 8000 is taken)
    python3 start.py test     # run the tests: `uv run pytest`, with any further arguments passed on

Both go through uv, the tool that installs backcare's locked dependencies. If uv is not on PATH
(and not installed here before), this installs it with pip, once, into a virtual environment of
its own (~/.local/share/backcare/uv). pip's usual `--user` install would put uv in ~/.local/bin,
which a fresh machine's PATH lacks, and Debian's and Ubuntu's own Pythons refuse it (PEP 668).
Going through this file, the second command finds uv where the first put it, in any new shell.
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
DATA = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
UV_HOME = DATA / "backcare" / "uv"  # a virtual environment holding only uv
UV_BIN = UV_HOME / ("Scripts" if os.name == "nt" else "bin")


def installed_uv() -> list[str] | None:
    """How to run a uv that is already here: on PATH, installed by this file before, or in this Python."""
    if found := shutil.which("uv"):
        return [found]
    if found := shutil.which("uv", path=str(UV_BIN)):
        return [found]
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    return None


def install_uv() -> list[str] | None:
    """Install uv with pip into UV_HOME; how to run it, or None (having said why) if that failed."""
    print(f"uv is missing: installing it with pip (once) into {UV_HOME} ...", flush=True)
    if subprocess.run([sys.executable, "-m", "venv", "--clear", str(UV_HOME)]).returncode != 0:
        print(
            "Python could not make a virtual environment for uv. On Debian or Ubuntu:"
            " sudo apt install python3-venv (or python3.12-venv), then run this again."
        )
        return None
    python = shutil.which("python", path=str(UV_BIN)) or shutil.which("python3", path=str(UV_BIN))
    if subprocess.run([python, "-m", "pip", "install", "--quiet", "uv"]).returncode != 0:
        print("pip could not install uv. Install it as https://docs.astral.sh/uv/ says, then run this again.")
        return None
    print(
        f"uv is installed in {UV_BIN}. This file finds it there; to type uv commands yourself (the README's"
        f' `uv run ...`), add it to your PATH: export PATH="{UV_BIN}:$PATH"',
        flush=True,
    )
    return [shutil.which("uv", path=str(UV_BIN))]


def main(arguments: list[str]) -> int:
    if sys.version_info < NEEDED:
        version = sys.version.split()[0]
        print(f"backcare needs Python {NEEDED[0]}.{NEEDED[1]}; this is {version}. Run: python3.12 start.py")
        return 1
    uv = installed_uv() or install_uv()
    if uv is None:
        return 1
    if arguments[:1] == ["test"]:
        # The tests set their own environment (pyproject's pytest-env): production mode, a test key.
        what, env = ["pytest", *arguments[1:]], os.environ
    else:
        what, env = ["python", "manage.py", "start", *arguments], os.environ | {"DJANGO_DEBUG": "1"}
    print("Running: uv run", *what, flush=True)
    try:
        return subprocess.run([*uv, "run", *what], cwd=HERE, env=env).returncode
    except KeyboardInterrupt:
        return 130 if what[0] == "pytest" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
