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


# What each answer means to the rules, written out: a choice's label starts with these words, a
# checklist line's label holds them. Two labels swapped in the content (so that ticking "I'm not sure"
# would send "no") fail here, however the page binds them.
MEANINGS = {
    "emergency-signs": {
        "breathing": "struggling to breathe",
        "chest-pain": "in your chest",
        "heart-signs": "sweaty, clammy or sick",
        "fainted": "fainted",
        "confused": "confused",
        "stroke": "face has dropped",
        "blue-skin": "blue, grey or blotchy",
        "rash": "rash that does not fade",
        "no-pee": "not peed all day",
        "allergy": "suddenly swollen",
        "heavy-bleeding": "bleeding heavily",
        "numb-saddle": "Numb or tingly skin between your legs",
        "hard-to-pee": "harder to start peeing",
        "cannot-feel-pee": "cannot feel pee",
        "cannot-feel-bladder": "bladder is full",
        "leaked-pee": "leaked pee",
        "leaked-poo": "leaked poo",
        "cannot-feel-poo": "feel when you need to poo",
        "both-legs-shooting": "shoots down both legs",
        "both-legs-weak": "Both legs feel weak",
        "both-legs-numb": "Both legs feel numb",
        "serious-accident": "serious accident",
        "tearing-pain": "tearing",
        "tummy-pain": "pain in your tummy",
    },
    "age": {"under-16": "Under 16", "16-49": "16 to 49", "50-69": "50 to 69", "70-plus": "70 or older"},
    "onset": {
        "today": "Today, or since last night",
        "1-3-days": "1 to 3 days ago",
        "4-6-days": "4 to 6 days ago",
        "1-2-weeks": "1 to 2 weeks ago",
        "3-5-weeks": "3 to 5 weeks ago",
        "6-12-weeks": "6 weeks to 3 months ago",
        "over-3-months": "More than 3 months ago",
    },
    "risk-factors": {
        "cancer": "had cancer",
        "steroids": "steroid",
        "thin-bones": "thin bones",
        "weak-immunity": "weak immune system",
        "injects-drugs": "inject drugs",
        "back-procedure": "in your back",
        "aneurysm": "aortic aneurysm",
        "blood-thinner": "blood thinner",
        "pregnant": "pregnant",
    },
    "pregnancy-weeks": {
        "under-16-weeks": "Less than 16 weeks",
        "16-weeks-or-more": "16 weeks or more",
        "not-sure": "I'm not sure",
    },
    "pregnancy-signs": {
        "heavy-bleeding": "Heavy bleeding",
        "bleeding": "Bleeding from your vagina",
        "tightenings": "tightenings",
        "waters": "Fluid leaking",
        "baby-moving-less": "baby is moving less",
        "pre-eclampsia": "bad headache",
    },
    "how-it-started": {
        "movement": "When I bent, lifted or twisted",
        "fall-or-knock": "After a fall or a knock",
        "woke-with-it": "I woke up with it",
        "sudden-no-reason": "Suddenly, for no clear reason",
        "gradual": "Slowly",
        "not-sure": "I'm not sure",
    },
    "severity": {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"},
    "course": {"better": "Better", "same": "About the same", "bit-worse": "A bit worse", "much-worse": "Much worse"},
    "inflammatory": {
        "began-before-35": "before you were 35",
        "wakes-late-night": "second half of the night",
        "buttock-pain": "buttocks",
        "better-moving": "better when you move",
        "eases-with-nsaid": "ibuprofen",
        "family-spa": "spondyloarthritis",
        "arthritis": "arthritis in other joints",
        "psoriasis": "psoriasis",
        "enthesitis": "tendon",
    },
    "fever-risks": {"diabetes": "diabetes", "recent-infection": "infection somewhere else"},
    "pee-signs": {"under-ribs": "just under your ribs", "blood-in-pee": "Blood in your pee"},
    "symptoms": {
        "fever": "high or very low temperature",
        "one-foot-weak": "One foot or leg is weak",
        "one-leg-shooting": "shoots down one leg",
        "one-leg-numb": "One leg or foot feels numb",
        "sex-different": "Sex feels different",
        "night-pain": "wakes you up at night",
        "worse-straining": "Coughing, sneezing or straining",
        "between-shoulders": "between your shoulder blades",
        "new-lump": "new lump",
        "leaning": "leaning to one side",
        "burning-pee": "stings or burns when you pee",
        "rash-one-side": "rash or blisters on one side",
        "weight-loss": "lost weight",
        "stopped-daily-tasks": "stopped you doing your daily tasks",
        "keeps-coming-back": "keep coming back",
        "hard-to-cope": "hard to cope",
    },
    **{
        follow_up: {"yes": "Yes", "no": "No", "not-sure": "I'm not sure"}
        for follow_up in [
            "bruise",
            "numb-worse",
            "night-ease",
            "lean-with-pain",
            "clothes-looser",
            "began-before-45",
            "child-limp",
        ]
    },
}


def load_guide() -> None:
    call_command("load_guide", verbosity=0)


def ambulance_from_fixtures(django_db_blocker) -> frozenset[str]:
    """The warning signs that need an ambulance, built from the fixtures in a rolled-back transaction."""
    from guide.questionnaire import build

    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        ambulance = build().ambulance
        transaction.set_rollback(True)
    return ambulance


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
