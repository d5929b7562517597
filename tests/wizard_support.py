"""A form driver for the triage wizard tests, and the real questionnaire loaded once per module.

`Page` reads a wizard response the way a browser would (hidden inputs, radios, tick boxes,
buttons), so the tests send exactly what the page itself would send, hidden answers included.
`run()` answers screen after screen as a person would, from a vignette-style dict of answers.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

START_URL = "/triage/"
ANSWER_URL = "/triage/answers/"
FIXTURES = sorted(str(path) for path in (settings.BASE_DIR / "fixtures").glob("*.json"))
HTMX = {"HX-Request": "true"}

# A person with an ordinary spasm: day 2, after lifting, moderate, nothing else.
ORDINARY = {
    "emergency-signs": [],
    "age": "16-49",
    "onset": "1-3-days",
    "risk-factors": [],
    "how-it-started": "movement",
    "severity": "moderate",
    "symptoms": [],
}


def load_guide() -> None:
    call_command("loaddata", *FIXTURES, verbosity=0)


def catalogue_from_fixtures(django_db_blocker):
    """The published questionnaire's plain data, built from the fixtures in a rolled-back transaction."""
    from guide.questionnaire import build

    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        questionnaire = build()
        transaction.set_rollback(True)
    return questionnaire.catalogue


@dataclass
class Form:
    action: str = ""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    inputs: dict[str, list[str]] = field(default_factory=dict)  # radio or tick box name -> values offered
    kinds: dict[str, str] = field(default_factory=dict)  # name -> "radio" or "checkbox"
    checked: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # input id -> its label's text
    ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # input id -> (name, value)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.label_for: str | None = None
        self.label_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self.forms[-1] if self.forms else None
        if tag == "form":
            self.forms.append(Form(action=attrs.get("action", "")))
        elif form and tag == "input" and attrs.get("type") == "hidden":
            form.hidden.append((attrs["name"], attrs.get("value", "")))
        elif form and tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            name, value = attrs["name"], attrs["value"]
            form.inputs.setdefault(name, []).append(value)
            form.kinds[name] = attrs["type"]
            form.ids[attrs.get("id", "")] = (name, value)
            if "checked" in attrs:
                form.checked.setdefault(name, []).append(value)
        elif form and tag == "button" and attrs.get("name"):
            form.buttons.append((attrs["name"], attrs["value"]))
        elif form and tag == "label":
            self.label_for, self.label_text = attrs.get("for"), []

    def handle_data(self, data):
        if self.label_for is not None:
            self.label_text.append(data)

    def handle_endtag(self, tag):
        if tag == "label" and self.label_for is not None and self.forms:
            self.forms[-1].labels[self.label_for] = " ".join("".join(self.label_text).split())
            self.label_for = None


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
        """The block a question screen asks; None for an outcome."""
        if not self.form or ("go", "next") not in self.form.buttons:
            return None
        return dict(self.form.hidden).get("step")

    @property
    def part(self) -> str | None:
        return dict(self.form.hidden).get("part") if self.step else None

    @property
    def urgency(self) -> str | None:
        marks = self.html.split('data-urgency="')
        return marks[1].split('"')[0] if len(marks) == 2 else None

    @property
    def questions(self) -> list[str]:
        """The question slugs on this screen, in order."""
        return [name.removeprefix("q-") for name in self.form.inputs] if self.form else []

    def data(self, answers: dict, button: tuple[str, str] = ("go", "next")) -> dict[str, list[str]]:
        """What a browser sends: the hidden fields, the inputs as answered (or as already checked), the button."""
        assert button in self.form.buttons, (button, self.form.buttons)
        data: dict[str, list[str]] = {}
        for name, value in self.form.hidden:
            data.setdefault(name, []).append(value)
        for name in self.form.inputs:
            slug = name.removeprefix("q-")
            if slug in answers:
                given = answers[slug]
                values = [given] if isinstance(given, str) else list(given) or ["none"]
                data[name] = values
            elif name in self.form.checked:
                data[name] = self.form.checked[name]
        data[button[0]] = [button[1]]
        return data

    def submit(self, client, answers: dict, button: tuple[str, str] = ("go", "next")) -> "Page":
        return Page(client.post(ANSWER_URL, self.data(answers, button)))

    def main_text(self) -> str:
        html = self.html[self.html.index("<main") : self.html.index("</main>")] if "<main" in self.html else self.html
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def run(client, answers: dict, limit: int = 9) -> list[Page]:
    """Answer every screen as a person would until the outcome; a checklist left out is "None of these"."""
    pages = [Page(client.get(START_URL))]
    while pages[-1].step:
        page = pages[-1]
        given = {slug: answers.get(slug, []) for slug in page.questions if page.form.kinds[f"q-{slug}"] == "checkbox"}
        given |= {slug: answers[slug] for slug in page.questions if slug in answers}
        pages.append(page.submit(client, given))
        assert pages[-1].response.status_code == 200, (pages[-1].main_text()[:400], given)
        assert len(pages) <= limit, "the longest path is 8 screens"
    return pages
