"""Production settings, with static files collected into a throwaway folder for one test run."""

import os
from pathlib import Path

from backcare.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BACKCARE_TEST_STATIC_ROOT"])
