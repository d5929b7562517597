"""Walking the triage wizard in a browser: by mouse or by keyboard, with or without JavaScript.

A journey is the answers a person gives on each step and the outcome tier they lead to. The
journeys, and every step on their way, are page families too (see families.py).
"""

import re
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, Response, expect

CONTINUE, NONE_OF_THESE = "Continue", "I have none of these"
ANSWERS_PATH = "/triage/answers/"
MAX_TABS = 80  # a step has a few dozen focusable elements at most


@dataclass(frozen=True)
class StepAnswers:
    """The button pressed on a step, and the answer to each question (named by its text).

    `first` answers the first question; any question not named gets `rest`.
    """

    button: str = CONTINUE
    first: str = ""
    named: dict[str, str] = field(default_factory=dict)
    rest: str = "No"

    def choice_for(self, position: int, question: str) -> str:
        if question in self.named:
            return self.named[question]
        return self.first if position == 0 and self.first else self.rest


NONE = StepAnswers(button=NONE_OF_THESE)
PAIN_FINE = {
    "When did this back pain start?": "In the last few hours",
    "How bad is the pain now?": "Mild",
    "Is it getting better or worse?": "Getting better",
    "Have you had back spasms before?": "No, this is the first time",
}


@dataclass(frozen=True)
class Journey:
    tier: str
    steps: tuple[StepAnswers, ...]


JOURNEYS = [
    Journey("emergency", (StepAnswers(first="Yes"),)),
    Journey("urgent", (NONE, StepAnswers(first="Yes"))),
    Journey("gp", (NONE, NONE, StepAnswers(named=PAIN_FINE | {"How bad is the pain now?": "Severe"}))),
    Journey("self-care", (NONE, NONE, StepAnswers(named=PAIN_FINE))),
]
STEP_KEYS = ["emergency", "urgent", "pain"]


def screen(page: Page, step: int | None = None, tier: str | None = None) -> Locator:
    """The wizard's current screen: a question step, or the outcome of a tier."""
    if tier is not None:
        return page.locator(f'[data-urgency="{tier}"]')
    return page.locator(f'[data-wizard-step="{STEP_KEYS[step]}"]')


def questions(page: Page) -> list[tuple[Locator, str, list[str]]]:
    """Each question on the screen: its fieldset, its text and its choices."""
    found = []
    for fieldset in page.locator("form.wizard-form fieldset.question").all():
        choices = [text.strip() for text in fieldset.locator("label.choice").all_inner_texts()]
        found.append((fieldset, fieldset.locator("legend").inner_text().strip(), choices))
    return found


def choice_index(choices: list[str], wanted: str) -> int:
    matches = [i for i, text in enumerate(choices) if re.match(re.escape(wanted) + r"\b", text)]
    assert matches, f"no choice starting {wanted!r} in {choices}"
    return matches[0]


def send(page: Page, press) -> Response:
    """Press a button of the wizard's form and return the response to its POST."""
    with page.expect_response(lambda r: r.url.endswith(ANSWERS_PATH) and r.request.method == "POST") as sent:
        press()
    return sent.value


def answer_with_mouse(page: Page, answers: StepAnswers) -> Response:
    if answers.button == CONTINUE:
        for position, (fieldset, question, choices) in enumerate(questions(page)):
            wanted = choices[choice_index(choices, answers.choice_for(position, question))]
            fieldset.locator("label.choice", has_text=wanted).first.click()
    return send(page, page.get_by_role("button", name=answers.button, exact=True).click)


def tab_to(page: Page, is_there: str, arg=None) -> None:
    """Press Tab until the focused element passes the `is_there` test (a JavaScript function)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(arg) => {{ const el = document.activeElement; return ({is_there})(el, arg); }}", arg):
            return
    raise AssertionError(f"Tab never reached the element that passes {is_there}")


def answer_with_keyboard(page: Page, answers: StepAnswers) -> Response:
    """Answer as someone who cannot use a mouse: Tab to each question, Space or arrows to choose, Enter."""
    if answers.button == CONTINUE:
        for position, (fieldset, question, choices) in enumerate(questions(page)):
            index = choice_index(choices, answers.choice_for(position, question))
            name = fieldset.locator("input[type=radio]").first.get_attribute("name")
            tab_to(page, "(el, name) => el.type === 'radio' && el.name === name", name)
            # Tab lands on the group's first radio: Space picks it, each Down arrow picks the next.
            page.keyboard.press("Space")
            for _ in range(index):
                page.keyboard.press("ArrowDown")
            expect(fieldset.locator("input[type=radio]").nth(index)).to_be_checked()
    tab_to(page, "(el, text) => el.tagName === 'BUTTON' && el.innerText.trim() === text", answers.button)
    return send(page, lambda: page.keyboard.press("Enter"))


def start(page: Page, base_url: str) -> Response:
    response = page.goto(base_url + "/triage/")
    expect(screen(page, step=0)).to_be_visible()
    return response


def answer_steps(page: Page, journey: Journey, keyboard: bool = False, upto: int | None = None) -> Response | None:
    """Answer the journey's first `upto` steps (all by default), each time waiting for the next screen."""
    response = None
    steps = journey.steps if upto is None else journey.steps[:upto]
    for number, answers in enumerate(steps, start=1):
        response = (answer_with_keyboard if keyboard else answer_with_mouse)(page, answers)
        arrived = screen(page, tier=journey.tier) if number == len(journey.steps) else screen(page, step=number)
        expect(arrived).to_be_visible()
    return response


def walk(page: Page, journey: Journey, base_url: str, upto: int | None = None) -> Response:
    """Start the wizard and answer as the journey does; return the response that showed the last screen."""
    first = start(page, base_url)
    return answer_steps(page, journey, upto=upto) or first
