"""The drawings stay readable in the light palette, the dark one, and the browser's forced dark mode.

(axe checks the text's contrast in both palettes: see test_accessibility.py.) A drawing is dark lines
on a clear ground. Each is photographed as the person sees it, and its lines are compared with the
ground around them, where the light palette's photograph says the lines and the ground are.
"""

import base64
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import toolchain

pytestmark = pytest.mark.browser

DRAWINGS = {
    "stretch": ("/stretches/knee-to-chest/", ".figures img"),
    "movement guide": ("/stretches/getting-down-and-up/", ".movement-steps img"),
}
MIN_CONTRAST = 4.5  # as for text, although WCAG asks 3:1 of graphics (1.4.11)

# In the page: the median luminance of the lines and of the ground, found in the reference photograph
# (the ground is its commonest colour; lines differ from it by 7:1 or more), read in the other one.
LINES_AGAINST_GROUND = """
async ([reference, seen]) => {
  const pixels = async (data) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const rgba = context.getImageData(0, 0, image.width, image.height).data;
    const channel = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const luminance = [];
    for (let i = 0; i < rgba.length; i += 4) {
      luminance.push(0.2126 * channel(rgba[i]) + 0.7152 * channel(rgba[i + 1]) + 0.0722 * channel(rgba[i + 2]));
    }
    return luminance;
  };
  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const before = await pixels(reference), after = await pixels(seen);
  const counts = new Map();
  for (const l of before) counts.set(l.toFixed(3), (counts.get(l.toFixed(3)) || 0) + 1);
  const ground = +[...counts].sort((a, b) => b[1] - a[1])[0][0];
  const lines = [], around = [];
  before.forEach((l, i) => {
    if (ratio(l, ground) >= 7) lines.push(after[i]);
    else if (Math.abs(l - ground) < 0.001) around.push(after[i]);
  });
  return ratio(median(lines), median(around));
}
"""


@pytest.fixture(scope="module")
def forced_dark(browser: Browser) -> Iterator[Browser]:
    """Chromium with its forced dark mode on ("Auto Dark Mode for Web Contents"), darkening pages itself."""
    forced = browser.browser_type.launch(
        executable_path=str(toolchain.CHROMIUM),
        args=[*toolchain.CHROMIUM_ARGS, "--enable-features=WebContentsForceDark"],
    )
    yield forced
    forced.close()


def photograph(browser: Browser, base_url: str, path: str, selector: str, scheme: str) -> bytes:
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        drawing = page.locator(selector).first
        drawing.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        return drawing.screenshot(animations="disabled")
    finally:
        context.close()


def contrast(page: Page, reference: bytes, seen: bytes) -> float:
    encoded = [base64.b64encode(photo).decode() for photo in (reference, seen)]
    return page.evaluate(LINES_AGAINST_GROUND, encoded)


@pytest.mark.parametrize("drawing", DRAWINGS, ids=str)
def test_drawings_are_readable_in_light_dark_and_forced_dark(drawing, browser, forced_dark, base_url, new_context):
    path, selector = DRAWINGS[drawing]
    reference = photograph(browser, base_url, path, selector, "light")
    seen = {
        "light": reference,
        "dark": photograph(browser, base_url, path, selector, "dark"),
        # Forced dark on a page the browser thinks is light: it darkens the page's own colours.
        "forced dark": photograph(forced_dark, base_url, path, selector, "light"),
    }
    blank = new_context().new_page()
    found = {mode: round(contrast(blank, reference, photo), 1) for mode, photo in seen.items()}
    assert all(value >= MIN_CONTRAST for value in found.values()), found
