"""Run axe-core in a page and describe its violations."""

from functools import cache

from playwright.sync_api import Page

from tests.browser import toolchain

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_source() -> str:
    return toolchain.AXE.read_text()


def axe_violations(page: Page) -> list[str]:
    """axe's violations on the page as it is now, one line per rule with the first few elements."""
    # Evaluated through the DevTools protocol, so a strict Content-Security-Policy does not block it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} at "
        + ", ".join(" ".join(node["target"]) for node in rule["nodes"][:3])
        for rule in result["violations"]
    ]
