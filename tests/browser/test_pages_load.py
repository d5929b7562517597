"""Every page family loads in Chromium with no console error or failed request, and fits a 375 px screen,
with every tap target at least 24 px and every link that stands alone 44 px tall.

Zoomed in, it still reflows (WCAG 1.4.10): at 320 px, and at 187 px (a 375 px phone at 200%), nothing
scrolls sideways and the header keeps to a quarter of the screen.
"""

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

# WCAG 2.2 target size (enhanced), 2.5.5: a link that stands alone, not inside a sentence (its block
# has no other words), is at least 44 px tall, as a button is.
STANDALONE_MIN = 44
STANDALONE_LINKS = """
(minimum) => {
  const blockOf = (element) => {
    let node = element.parentElement;
    while (node.parentElement && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const small = [];
  for (const link of document.querySelectorAll('a[href]')) {
    const box = link.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !link.checkVisibility()) continue;
    const block = blockOf(link);
    let rest = block.innerText;
    for (const other of block.querySelectorAll('a[href], .tag, .grade')) rest = rest.replace(other.innerText, '');
    if (!/[A-Za-z0-9]/.test(rest) && box.height < minimum) {
      small.push(`"${link.innerText.trim().slice(0, 40)}" ${box.height.toFixed(1)} px tall`);
    }
  }
  return small;
}
"""


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_page_loads_cleanly_and_fits_a_phone(family: PageFamily, phone, watch, base_url):
    watched = watch(phone)
    response = family.open(phone, base_url)
    phone.wait_for_load_state("networkidle")
    assert watched.problems(expected={response.url: family.status}) == []

    scroll_width, client_width = phone.evaluate(SIDEWAYS_SCROLL)
    assert scroll_width <= client_width, f"{family.name} scrolls sideways: {scroll_width} > {client_width} px"
    assert phone.evaluate(TAP_TARGETS, MIN_TARGET) == []
    assert phone.evaluate(STANDALONE_LINKS, STANDALONE_MIN) == []


# (width, height) in CSS px: WCAG's 320 px, and a 375 x 812 phone zoomed to 200%.
ZOOMED = [(320, 406), (187, 406)]
HEADER_SHARE = 0.25


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.name)
def test_page_reflows_when_zoomed_with_a_slim_header(family: PageFamily, new_context, base_url):
    width, height = ZOOMED[0]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    family.open(page, base_url)
    for width, height in ZOOMED:
        page.set_viewport_size({"width": width, "height": height})
        scroll_width, client_width = page.evaluate(SIDEWAYS_SCROLL)
        where = f"{family.name} at {width} px"
        assert scroll_width <= client_width, f"{where} scrolls sideways by {scroll_width - client_width} px"
        header = page.locator(".site-header").bounding_box()["height"]
        assert header <= HEADER_SHARE * height, f"{where}: the header takes {header:.0f} of {height} px"
