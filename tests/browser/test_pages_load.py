"""Every page family loads in Chromium with no console error or failed request, and fits a 375 px screen."""

import pytest

from tests.browser.families import FAMILIES, PageFamily

pytestmark = pytest.mark.browser

# WCAG 2.2 target size (minimum), 2.5.8: anything a person taps is at least 24 x 24 CSS px.
MIN_TARGET = 24
TAP_TARGETS = """
(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for]';
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered
    if (getComputedStyle(element).visibility === 'hidden') continue;
    if (box.right <= 0 || box.bottom <= 0) continue;  // off screen until focused, like the skip link
    // A radio or checkbox inside its label is tapped through the whole label.
    if (element.labels && [...element.labels].some((label) => {
      const area = label.getBoundingClientRect();
      return label.contains(element) && area.width >= minimum && area.height >= minimum;
    })) continue;
    if (box.width < minimum || box.height < minimum) {
      const text = (element.innerText || element.value || element.name || '').trim().slice(0, 40);
      small.push(`${element.tagName.toLowerCase()} "${text}" ${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
    }
  }
  return small;
}
"""
SIDEWAYS_SCROLL = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_page_loads_cleanly_and_fits_a_phone(family: PageFamily, phone, watch, base_url):
    watched = watch(phone)
    response = family.open(phone, base_url)
    phone.wait_for_load_state("networkidle")
    assert watched.problems(expected={response.url: family.status}) == []

    scroll_width, client_width = phone.evaluate(SIDEWAYS_SCROLL)
    assert scroll_width <= client_width, f"{family.name} scrolls sideways: {scroll_width} > {client_width} px"
    assert phone.evaluate(TAP_TARGETS, MIN_TARGET) == []
