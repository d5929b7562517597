"""The pages people land on first load in at most 30 KB compressed, with no web font and nothing from another origin.

Measured from Chromium's own network log (the bytes on the wire), on a first visit with an empty cache.
"""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import REPORT
from tests.browser.families import FIRST_PAGES, PageFamily

pytestmark = pytest.mark.browser

BUDGET_BYTES = 30 * 1024


@pytest.mark.parametrize("family", FIRST_PAGES, ids=lambda family: family.name)
def test_first_load_is_within_budget(family: PageFamily, new_context, base_url):
    # Find the page's address first, then load it once more in a fresh context: a first visit.
    finder = new_context().new_page()
    family.open(finder, base_url)
    url = finder.url

    page = new_context().new_page()
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses: dict[str, dict] = {}
    sizes: dict[str, int] = {}
    network.on("Network.responseReceived", lambda event: responses.__setitem__(event["requestId"], event))
    network.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")

    loaded = {request_id: responses[request_id] for request_id in sizes if request_id in responses}
    origin = urlsplit(base_url)[:2]
    urls = {request_id: event["response"]["url"] for request_id, event in loaded.items()}
    foreign = [url for url in urls.values() if urlsplit(url)[:2] != origin]
    fonts = [urls[request_id] for request_id, event in loaded.items() if event["type"] == "Font"]
    total = sum(sizes[request_id] for request_id in loaded)
    parts = ", ".join(f"{urlsplit(url).path} {sizes[request_id] / 1024:.1f}" for request_id, url in urls.items())
    REPORT.append(f"weight {family.name}: {total / 1024:.1f} KB in {len(loaded)} requests ({parts})")
    assert foreign == [], "every request goes to the site itself"
    assert fonts == [], "no web fonts"
    assert total <= BUDGET_BYTES, f"{family.name} weighs {total / 1024:.1f} KB: {parts}"
