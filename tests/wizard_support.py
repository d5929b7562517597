"""Content and a form driver for the triage wizard tests.

`Page` reads a wizard response the way a browser would (hidden inputs, radios, buttons), so the
tests send exactly what the page itself would send, hidden answers included.
"""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

from guide import triage
from guide.models import Treatment, WarningSign
from tests.factories import make_source, make_stretch, make_treatment, make_warning_sign

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
START_URL = "/triage/"
ANSWER_URL = "/triage/answers/"

# About-the-pain answers that trigger no rule: the person can look after it at home.
CALM_PAIN = {
    triage.STARTED: "days",
    triage.SEVERITY: "moderate",
    triage.COURSE: "better",
    triage.RECURRING: "first",
    triage.ONE_LEG: triage.NO,
}


def fixture_signs() -> list[triage.Sign]:
    """The published warning signs in the real content fixtures (none until they land)."""
    signs = []
    for path in FIXTURES:
        for row in json.loads(path.read_text()):
            fields = row["fields"]
            if row["model"] == "guide.warningsign" and fields.get("published", True):
                signs.append(triage.Sign(fields["slug"], fields["urgency"], fields["label"]))
    return signs


def make_triage_content() -> dict:
    """Two signs per tier, every sign the pain rules name, an extra GP question, and a plan."""
    source = make_source()
    signs = {}
    for urgency in WarningSign.Urgency:
        for n in (1, 2):
            slug = f"{urgency}-sign-{n}"
            signs[slug] = make_warning_sign(
                source,
                urgency=urgency,
                slug=slug,
                question=f"Do you have the {urgency} sign {n}?",
                label=f"you have the {urgency} sign {n}",
                advice=f"Advice for the {urgency} sign {n}.",
                why_we_ask=f"Why we ask about the {urgency} sign {n}.",
            )
    for slug in sorted(triage.PAIN_SIGN_SLUGS):
        signs[slug] = make_warning_sign(
            source,
            urgency=WarningSign.Urgency.GP,
            slug=slug,
            label=f"you said {slug}",
            advice=f"Advice for {slug}.",
            why_we_ask=f"Why we ask: {slug}.",
        )
    stretch = make_stretch(source, name="Knee hug", hold_seconds=5, repetitions=4)
    make_treatment(
        source,
        slug="lie-down",
        name="Lie down",
        right_now="Lie on your back with your knees bent.",
        for_first_hours=True,
    )
    make_treatment(
        source,
        slug="ice",
        name="Ice pack",
        right_now="",
        when="Ice for 20 minutes on, then 90 minutes off.",
        for_first_hours=False,
        for_first_days=True,
    )
    make_treatment(
        source,
        slug="heat",
        name="Heat wrap",
        right_now="",
        when="Use heat after 72 hours.",
        for_first_hours=False,
        for_after_72_hours=True,
        stretches=[stretch],
    )
    make_treatment(
        source,
        slug="surgery",
        name="Surgery",
        kind=Treatment.Kind.SURGERY,
        right_now="",
        for_first_hours=False,
        for_recovery=True,
    )
    make_treatment(
        source,
        slug="bed-rest",
        name="Bed rest",
        evidence=Treatment.Evidence.NOT_RECOMMENDED,
        right_now="",
        for_first_days=True,
    )
    make_treatment(source, slug="walking", name="Walking", right_now="", for_first_hours=False, for_recovery=True)
    return signs


@dataclass
class Form:
    action: str = ""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action", "")))
        elif self.forms and tag == "input" and attrs.get("type") == "hidden":
            self.forms[-1].hidden.append((attrs["name"], attrs.get("value", "")))
        elif self.forms and tag == "input" and attrs.get("type") == "radio":
            self.forms[-1].radios.setdefault(attrs["name"], []).append(attrs["value"])
            if "checked" in attrs:
                self.forms[-1].checked[attrs["name"]] = attrs["value"]
        elif self.forms and tag == "button" and attrs.get("name"):
            self.forms[-1].buttons.append((attrs["name"], attrs["value"]))


class Page:
    """One wizard response, with the form it offers."""

    def __init__(self, response):
        self.response = response
        self.html = response.content.decode()
        parser = _FormParser()
        parser.feed(self.html)
        forms = [form for form in parser.forms if form.action == ANSWER_URL]
        self.form = forms[0] if forms else None

    @property
    def step(self) -> str | None:
        # Question steps have a Continue button; the outcome's only form changes answers.
        return dict(self.form.hidden).get("step") if self.form and ("go", "next") in self.form.buttons else None

    @property
    def urgency(self) -> str | None:
        marks = self.html.split('data-urgency="')
        return marks[1].split('"')[0] if len(marks) == 2 else None

    def data(self, answers: dict[str, str], button: tuple[str, str] = ("go", "next")) -> dict[str, list[str]]:
        assert button in self.form.buttons, (button, self.form.buttons)
        data: dict[str, list[str]] = {}
        for name, value in self.form.hidden:
            data.setdefault(name, []).append(value)
        for name in self.form.radios:
            if name in answers or name in self.form.checked:  # as a browser sends the checked radio
                data[name] = [answers.get(name, self.form.checked.get(name))]
        data[button[0]] = [button[1]]
        return data

    def submit(self, client, answers: dict[str, str], button: tuple[str, str] = ("go", "next")) -> "Page":
        return Page(client.post(ANSWER_URL, self.data(answers, button)))


def sign_answers(signs, answer: str) -> dict[str, str]:
    return {f"sign-{slug}": answer for slug in signs}


def run(client, answers: dict[str, str], default: str = triage.NO) -> list[Page]:
    """Answer every step as a person would until the outcome; unlisted signs get `default`."""
    pages = [Page(client.get(START_URL))]
    while pages[-1].step:
        page = pages[-1]
        given = {name: answers.get(name, default) for name in page.form.radios if name.startswith("sign-")}
        given |= {name: answers[name] for name in page.form.radios if name in answers}
        pages.append(page.submit(client, given))
        assert len(pages) <= 5, "the wizard has four steps"
    return pages
