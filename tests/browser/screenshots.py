"""Full-page screenshots at 375 px of the pages in README.md, as a person on a phone sees them, and
of the summary, the warning-signs card and the flare-up plan as printed.

The pages a person in pain opens first (home, the warning signs, the results) are taken again in the
dark palette, as `<name>-dark.png`.

Rerun after a visual change: uv run python -m tests.browser.screenshots
"""

import os

import django
from playwright.sync_api import sync_playwright

# The page families read the URL patterns, so Django is set up first (pytest-django does it for the tests).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backcare.settings")
django.setup()

from tests.browser import toolchain  # noqa: E402
from tests.browser.families import FAMILIES, OUTCOMES  # noqa: E402
from tests.browser.server import running_site  # noqa: E402

FOLDER = toolchain.BASE_DIR / "docs" / "screenshots"
PAGES = ["home", "warning-signs", "treatment", "stretch", *(family.name for family in OUTCOMES)]
DARK = ["home", "warning-signs", *(family.name for family in OUTCOMES)]
# Pages people print, as printed: the viewport is the paper's width at 96 dpi (A4 and A6).
PRINTED = {"summary": (794, 1123), "warning-card": (397, 559), "flare-up-plan": (794, 1123)}


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    families = {family.name: family for family in FAMILIES}
    with running_site() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(toolchain.CHROMIUM), args=toolchain.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 740})
        shots = [(name, "light") for name in PAGES] + [(name, "dark") for name in DARK]
        for name, scheme in shots:
            page.emulate_media(color_scheme=scheme)
            families[name].open(page, base_url)
            page.wait_for_load_state("networkidle")
            path = FOLDER / (f"{name}.png" if scheme == "light" else f"{name}-dark.png")
            page.screenshot(path=path, full_page=True)
            print(path)
        for name, (width, height) in PRINTED.items():
            printed = browser.new_page(viewport={"width": width, "height": height})
            families[name].open(printed, base_url)
            printed.emulate_media(media="print")
            printed.screenshot(path=FOLDER / f"{name}-printed.png", full_page=True)
            print(FOLDER / f"{name}-printed.png")
        browser.close()


if __name__ == "__main__":
    main()
