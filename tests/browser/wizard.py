"""Walking the triage wizard in a browser: by mouse or by keyboard, with or without JavaScript.

A journey is the answers a person gives on each screen, by the label they read, and the outcome
tier they lead to. A checklist not named is answered "None of these". The journeys, and every
screen on their way, are page families too (see families.py).
"""

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, Response, expect

CONTINUE, NONE_OF_THESE = "Continue", "None of these"
ANSWERS_PATH = "/triage/answers/"
SUMMARY_BUTTON, SUMMARY_PATH = "Make a summary for your appointment", "/triage/summary/"
MAX_TABS = 80  # a screen has a few dozen focusable elements at most
STEP_KEYS = ["emergency", "about-you", "the-pain", "symptoms"]


@dataclass(frozen=True)
class Screen:
    """The labels to choose on one screen: question slug -> a radio's label, or a checklist's lines."""

    choices: dict[str, str | tuple[str, ...]] = field(default_factory=dict)


ABOUT = Screen({"age": "16 to 49", "onset": "1 to 3 days ago"})
PAIN = Screen({"how-it-started": "When I bent, lifted or twisted", "severity": "Moderate"})


@dataclass(frozen=True)
class Journey:
    tier: str
    screens: tuple[Screen, ...]


JOURNEYS = [
    Journey("emergency", (Screen({"emergency-signs": ("Both legs feel weak",)}),)),
    Journey(
        "urgent",
        (Screen(), Screen(ABOUT.choices | {"risk-factors": ("You have had cancer, at any time",)}), PAIN, Screen()),
    ),
    Journey("gp", (Screen(), ABOUT, PAIN, Screen({"symptoms": ("You have found a new lump on your back",)}))),
    Journey("self-care", (Screen(), ABOUT, PAIN, Screen())),
]


# More self-care stories, for the phone's limits: the longest plan any self-care answer gives (pain that
# started today: every phase to come), and the longest self-care result without other symptoms (the
# same, pregnant: the midwife's advice, two more reasons, no NSAIDs). The follow-up is answered too.
TODAY = Screen({"age": "16 to 49", "onset": "Today, or since last night"})
SELF_CARE_STORIES = {
    "first hours": Journey("self-care", (Screen(), TODAY, PAIN, Screen())),
    "pregnant, first hours": Journey(
        "self-care",
        (
            Screen(),
            Screen(
                TODAY.choices
                | {"risk-factors": ("You are pregnant",), "pregnancy-weeks": "16 weeks or more", "pregnancy-signs": ()}
            ),
            PAIN,
            Screen(),
        ),
    ),
}


def screen(page: Page, step: int | None = None, tier: str | None = None) -> Locator:
    """The wizard's current screen: a question screen, or the outcome of a tier."""
    if tier is not None:
        return page.locator(f'[data-urgency="{tier}"]')
    return page.locator(f'[data-wizard-step="{STEP_KEYS[step]}"]')


def questions(page: Page) -> list[tuple[Locator, str, str]]:
    """Each question on the screen: its fieldset, its slug and its kind (radio or checkbox)."""
    found = []
    for fieldset in page.locator("form.wizard-form fieldset.question").all():
        first = fieldset.locator("input").first
        found.append((fieldset, first.get_attribute("name").removeprefix("q-"), first.get_attribute("type")))
    return found


def wanted(answers: Screen, slug: str, kind: str) -> tuple[str, ...]:
    given = answers.choices.get(slug, () if kind == "checkbox" else None)
    assert given is not None, f"the journey does not answer {slug!r}"
    return (given,) if isinstance(given, str) else given or (NONE_OF_THESE,)


def option(fieldset: Locator, label: str) -> Locator:
    return fieldset.locator("label.choice").filter(has_text=label).first


def send(page: Page, press) -> Response:
    """Press a button of the wizard's form and return the response to its POST."""
    with page.expect_response(lambda r: r.url.endswith(ANSWERS_PATH) and r.request.method == "POST") as sent:
        press()
    return sent.value


def answer_with_mouse(page: Page, answers: Screen) -> Response:
    for fieldset, slug, kind in questions(page):
        for label in wanted(answers, slug, kind):
            option(fieldset, label).click()
    return send(page, page.get_by_role("button", name=CONTINUE, exact=True).click)


def tab_to(page: Page, is_there: str, arg=None) -> None:
    """Press Tab until the focused element passes the `is_there` test (a JavaScript function)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(arg) => {{ const el = document.activeElement; return ({is_there})(el, arg); }}", arg):
            return
    raise AssertionError(f"Tab never reached the element that passes {is_there}")


def answer_with_keyboard(page: Page, answers: Screen) -> Response:
    """Answer as someone who cannot use a mouse: Tab to each choice, Space or arrows to choose, Enter."""
    for fieldset, slug, kind in questions(page):
        inputs = fieldset.locator("input")
        labels = [text.strip() for text in fieldset.locator("label.choice").all_inner_texts()]
        for label in wanted(answers, slug, kind):
            index = next(i for i, text in enumerate(labels) if text.startswith(label))
            if kind == "checkbox":  # each tick box is its own tab stop
                value = inputs.nth(index).get_attribute("value")
                tab_to(
                    page, "(el, v) => el.type === 'checkbox' && el.name === 'q-" + slug + "' && el.value === v", value
                )
                page.keyboard.press("Space")
            else:  # Tab lands on the group's first radio: Space picks it, each Down arrow the next
                tab_to(page, "(el, name) => el.type === 'radio' && el.name === name", f"q-{slug}")
                page.keyboard.press("Space")
                for _ in range(index):
                    page.keyboard.press("ArrowDown")
            expect(inputs.nth(index)).to_be_checked()
    tab_to(page, "(el, text) => el.tagName === 'BUTTON' && el.innerText.trim() === text", CONTINUE)
    return send(page, lambda: page.keyboard.press("Enter"))


def start(page: Page, base_url: str) -> Response:
    response = page.goto(base_url + "/triage/")
    expect(screen(page, step=0)).to_be_visible()
    return response


def answer_screens(page: Page, journey: Journey, keyboard: bool = False, upto: int | None = None) -> Response | None:
    """Answer the journey's first `upto` screens (all by default), each time waiting for the next one."""
    response = None
    screens = journey.screens if upto is None else journey.screens[:upto]
    for number, answers in enumerate(screens, start=1):
        response = (answer_with_keyboard if keyboard else answer_with_mouse)(page, answers)
        arrived = screen(page, tier=journey.tier) if number == len(journey.screens) else screen(page, step=number)
        expect(arrived).to_be_visible()
    return response


def walk(page: Page, journey: Journey, base_url: str, upto: int | None = None) -> Response:
    """Start the wizard and answer as the journey does; return the response that showed the last screen."""
    first = start(page, base_url)
    return answer_screens(page, journey, upto=upto) or first
