"""A person in pain on a phone: Chromium at 375 x 812 with touch, tapping from the home page to a result.

A walk counts what it costs the person: the screens they see, their taps, and how far they had to
scroll to reach each thing they tapped. The result is then measured as it first shows: its length,
the words a person can see (folded detail does not count), and where the first thing to do is.
`uv run python -m tests.browser.phone` prints the table for the journeys, the longer self-care stories too.
"""

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect

from tests.browser.wizard import CONTINUE, JOURNEYS, SELF_CARE_STORIES, Journey, questions, screen, wanted

WIDTH, SCREEN = 375, 812
PHONE = {"viewport": {"width": WIDTH, "height": SCREEN}, "has_touch": True, "is_mobile": True}

# The first thing to do on each result: the call, the contact, or the first action of the plan.
FIRST_ACTION = {
    "emergency": "main a[href^='tel:']",
    "urgent": "main [data-contact]",
    "gp": "main [data-contact]",
    "self-care": "main .plan-item",
}

# Words a person can see: text in rendered elements, outside folded <details> and visually-hidden text.
VISIBLE_WORDS = """
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true})) continue;
    const box = parent.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    words += (node.textContent.match(/[A-Za-z0-9][\\w'\u2019-]*/g) || []).length;
  }
  return words;
}
"""


@dataclass
class Walk:
    """What reaching a page cost: screens seen (the first included), taps, and pixels scrolled to reach them."""

    page: Page
    screens: int = 1
    taps: int = 0
    scrolled: int = 0
    log: list[str] = field(default_factory=list)

    def tap(self, target: Locator) -> None:
        """Scroll just far enough to see `target` whole, as a thumb would, then tap it."""
        target.wait_for(state="visible")
        self.log.append(" ".join(target.inner_text().split())[:40])
        box = target.bounding_box()
        assert box is not None, target
        height = self.page.viewport_size["height"]
        if box["y"] < 0:
            need = box["y"]
        elif box["y"] + box["height"] > height:
            need = min(box["y"], box["y"] + box["height"] - height)
        else:
            need = 0
        if need:
            before = self.page.evaluate("() => window.scrollY")
            self.page.evaluate("(by) => window.scrollBy(0, by)", need)
            self.scrolled += abs(self.page.evaluate("() => window.scrollY") - before)
        target.tap()
        self.taps += 1

    def arrived(self, where: Locator) -> None:
        """A new screen came: wait for it, and start reading it from its top."""
        expect(where).to_be_visible()
        self.screens += 1


def start_from_home(page: Page, base_url: str) -> Walk:
    page.goto(base_url + "/")
    walk = Walk(page)
    walk.tap(page.locator("main").get_by_role("link", name="Check your symptoms", exact=True).first)
    walk.arrived(screen(page, step=0))
    return walk


def answer(walk: Walk, journey: Journey) -> Walk:
    """Tap through the wizard as `journey` answers, one screen at a time.

    A follow-up the journey answers comes in place once its trigger is tapped: wait for it, then answer it.
    """
    page = walk.page
    for number, answers in enumerate(journey.screens, start=1):
        done: set[str] = set()
        while True:
            for fieldset, slug, kind in questions(page):
                if slug not in done:
                    done.add(slug)
                    for label in wanted(answers, slug, kind):
                        walk.tap(fieldset.locator("label.choice").filter(has_text=label).first)
            if not (waiting := [slug for slug in answers.choices if slug not in done]):
                break
            page.locator(f"form.wizard-form fieldset.question input[name='q-{waiting[0]}']").first.wait_for()
        walk.tap(page.get_by_role("button", name=CONTINUE, exact=True))
        last = number == len(journey.screens)
        walk.arrived(screen(page, tier=journey.tier) if last else screen(page, step=number))
    page.wait_for_load_state("networkidle")
    return walk


@dataclass(frozen=True)
class Result:
    """A result page as it first shows on the phone."""

    tier: str
    height: int  # px, the whole page
    words: int  # visible words, folded detail not counted
    first_action: int | None  # px from the top of the page to the bottom of the first thing to do

    @property
    def screens_long(self) -> float:
        return self.height / SCREEN


def measure(page: Page, tier: str) -> Result:
    action = page.locator(FIRST_ACTION[tier]).first
    bottom = None
    if action.count():
        box = action.bounding_box()
        bottom = round(box["y"] + box["height"] + page.evaluate("() => window.scrollY"))
    return Result(
        tier=tier,
        height=page.evaluate("() => document.documentElement.scrollHeight"),
        words=page.evaluate(VISIBLE_WORDS),
        first_action=bottom,
    )


def journey(tier: str) -> Journey:
    return next(journey for journey in JOURNEYS if journey.tier == tier)


TABLE_TIERS = ["self-care", "gp", "emergency"]
HEADER = "| Journey | Screens | Taps | Scrolled to reach taps | Result's length | Visible words | First action ends |"


def row(walk: Walk, result: Result, story: str = "") -> str:
    action = "none" if result.first_action is None else f"{result.first_action} px"
    name = f"{result.tier} ({story})" if story else result.tier
    return (
        f"| {name} | {walk.screens} | {walk.taps} | {walk.scrolled} px | {result.height} px "
        f"({result.screens_long:.1f} screens) | {result.words} | {action} |"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import toolchain
    from tests.browser.server import running_site

    print(HEADER)
    print("|" + " --- |" * (HEADER.count("|") - 1))
    with running_site() as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(toolchain.CHROMIUM), args=toolchain.CHROMIUM_ARGS)
        walks = [(tier, journey(tier), "") for tier in TABLE_TIERS]
        walks[1:1] = [("self-care", story, name) for name, story in SELF_CARE_STORIES.items()]
        for tier, story, name in walks:
            page = browser.new_context(**PHONE).new_page()
            walk = answer(start_from_home(page, base_url), story)
            page.evaluate("() => window.scrollTo(0, 0)")
            print(row(walk, measure(page, tier), name))
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
