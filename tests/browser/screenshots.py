"""Full-page screenshots at 375 px of the pages in README.md, as a person on a phone sees them.

Rerun after a visual change: uv run python -m tests.browser.screenshots
"""

from playwright.sync_api import sync_playwright

from tests.browser import toolchain
from tests.browser.families import FAMILIES, OUTCOMES
from tests.browser.server import running_site

FOLDER = toolchain.BASE_DIR / "docs" / "screenshots"
PAGES = ["home", "treatment", "stretch", *(family.name for family in OUTCOMES)]


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    families = {family.name: family for family in FAMILIES}
    with running_site() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(toolchain.CHROMIUM), args=toolchain.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 740})
        for name in PAGES:
            families[name].open(page, base_url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=FOLDER / f"{name}.png", full_page=True)
            print(FOLDER / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
