"""Fuzzing the wizard's POST endpoint: any input gets a page or a 4xx, never a 5xx, and never an
outcome milder than the answers given; complete random answers reach every outcome through the pages.
"""

import encodings.aliases
import json
import random
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.request_guards import without_unusable_charset
from guide import triage
from guide.questionnaire import published
from tests.wizard_support import ANSWER_URL, Page

pytestmark = pytest.mark.django_db

# Deadlines and the too-slow check measure this shared machine, not the code: turn them off.
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
QUESTIONS = [
    "emergency-signs",
    "age",
    "onset",
    "risk-factors",
    "pregnancy-weeks",
    "pregnancy-signs",
    "how-it-started",
    "severity",
    "course",
    "bruise",
    "began-before-45",
    "inflammatory",
    "symptoms",
    "fever-risks",
    "numb-worse",
    "night-ease",
    "lean-with-pain",
    "pee-signs",
    "clothes-looser",
    "child-limp",
]
FIELDS = [*(f"q-{slug}" for slug in QUESTIONS), "step", "part", "go", "show", "csrfmiddlewaretoken"]
VALUES = [
    "none",
    "yes",
    "no",
    "not-sure",
    "16-49",
    "70-plus",
    "today",
    "over-3-months",
    "cancer",
    "movement",
    "severe",
    "much-worse",
    "night-pain",
    "fever",
    "emergency",
    "about-you",
    "the-pain",
    "symptoms",
    "next",
    "update",
    "follow-up",
    "main",
    "chest-pain",
    "",
]

values = st.one_of(st.sampled_from(VALUES), st.text(max_size=20))
junk_forms = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)),
    st.one_of(values, st.lists(values, min_size=1, max_size=3)),
    max_size=24,
)

# Forms shaped like the wizard's, so that many get past the first screen: each question's own
# answers (a tick-list's lines and "None of these"), mixed with values from anywhere.
OPTIONS: dict[str, list[str]] = {}
for row in json.loads((django_settings.BASE_DIR / "fixtures" / "07_triage.json").read_text()):
    if row["model"] == "guide.answeroption":
        OPTIONS.setdefault(row["fields"]["question"][0], []).append(row["fields"]["value"])
BLOCKS = ["emergency", "about-you", "the-pain", "symptoms"]


def answer_to(slug: str):
    offered = st.sampled_from([*OPTIONS[slug], "none"])
    return st.one_of(offered, st.lists(offered, min_size=1, max_size=3), values)


wizard_forms = st.fixed_dictionaries(
    {
        "step": st.sampled_from([*BLOCKS, "", "nowhere"]),
        "go": st.sampled_from(["next", ""]),  # "Continue", pressed or sent by Enter
        # Half of them "None of these", so that many get past the first screen; the rest tick lines.
        "q-emergency-signs": st.one_of(
            st.just("none"), st.lists(st.sampled_from([*OPTIONS["emergency-signs"], "none"]), min_size=1, max_size=3)
        ),
    },
    optional={
        **{f"q-{slug}": answer_to(slug) for slug in QUESTIONS[1:]},
        "part": st.sampled_from(["main", "follow-up"]),
    },
)
form_data = st.one_of(wizard_forms, junk_forms)


def control(data: dict, name: str) -> str:
    """A control field's value: "Change my answers" (show), an htmx update (go). Sent twice, it is not sent."""
    sent = data.get(name, [])
    sent = {sent} if isinstance(sent, str) else set(sent)
    sent.discard("")
    return sent.pop() if len(sent) == 1 else ""


def as_sent(data: dict) -> dict[str, frozenset[str]]:
    """The answers in a form, read as the wizard promises: a tick counts, "None of these" alone is none."""
    answers = {}
    for slug in QUESTIONS:
        sent = data.get(f"q-{slug}", [])
        sent = {sent} if isinstance(sent, str) else set(sent)
        sent.discard("")
        if sent:
            ticked = sent & set(OPTIONS[slug])
            answers[slug] = frozenset(ticked or sent - {"none"})
    return answers


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every example starts from the real guide, loaded once for the module."""


def test_any_form_data_gets_a_page_never_a_5xx_or_a_milder_outcome():
    reached: Counter = Counter()

    @FUZZ
    @given(data=form_data, htmx=st.booleans())
    def check(data, htmx):
        page = Page(Client(headers={"HX-Request": "true"} if htmx else {}).post(ANSWER_URL, data))
        assert page.response.status_code in {200, 400}
        assert "no-store" in page.response["Cache-Control"]
        ticked = as_sent(data).get("emergency-signs", frozenset()) & set(OPTIONS["emergency-signs"])
        if ticked and not control(data, "show") and control(data, "go") != "update":
            assert page.urgency == "emergency"  # a tick sent on "Continue" always wins, whatever else was sent
            reached["emergency tick"] += 1
        if page.urgency:
            rules = triage.walk(published().catalogue, as_sent(data))
            assert triage.rank(page.urgency) <= triage.rank(rules.tier), (page.urgency, rules.tier)
            reached["outcome checked"] += 1
        else:
            assert page.step in BLOCKS
            reached[page.step] += 1

    check()
    # The properties are only worth their examples if many carry an emergency tick or get past it.
    past_the_first_screen = sum(reached[name] for name in ["about-you", "the-pain", "symptoms", "outcome checked"])
    assert reached["emergency tick"] >= 20 and past_the_first_screen >= 20, reached


@settings(FUZZ, max_examples=100)
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/json"]
    ),
)
def test_any_body_gets_a_4xx_or_a_page_never_a_5xx(body, content_type):
    response = Client().post(ANSWER_URL, body, content_type=content_type)
    assert response.status_code in {200, 400}


# Answers a person with an ordinary spasm gives: half the random choices are drawn from these, so
# that the calm outcomes are reached as often as the urgent ones.
CALM = {
    "age": "16-49",
    "onset": "1-3-days",
    "how-it-started": "movement",
    "severity": "moderate",
    "course": "better",
    "bruise": "no",
    "numb-worse": "no",
    "night-ease": "yes",
    "lean-with-pain": "yes",
    "clothes-looser": "no",
    "pregnancy-weeks": "16-weeks-or-more",
    "began-before-45": "no",
    "child-limp": "no",
}


def random_answers(catalogue: triage.Catalogue, rng: random.Random) -> dict[str, list[str]]:
    """A complete, valid set of answers, ticking each checklist line with a small chance."""
    answers = {}
    for question in catalogue.questions:
        if question.kind == triage.CHOICE:
            calm = rng.random() < 0.5
            answers[question.slug] = [CALM[question.slug] if calm else rng.choice(question.options)]
        else:
            chance = 0.01 if question.block == "emergency" else 0.04
            answers[question.slug] = [value for value in question.options if rng.random() < chance]
    return answers


def test_complete_random_answers_reach_every_outcome_and_the_pages_agree_with_the_rules():
    """One POST of every answer at once must end where the rules say, for answers of every tier."""
    catalogue = published().catalogue
    rng = random.Random(20261201)
    tiers = []
    for _ in range(400):
        answers = random_answers(catalogue, rng)
        data = {f"q-{slug}": values or ["none"] for slug, values in answers.items()}
        page = Page(Client().post(ANSWER_URL, data | {"step": "symptoms", "part": "follow-up", "go": "next"}))
        expected = triage.walk(catalogue, {slug: frozenset(values) for slug, values in answers.items()})
        assert page.urgency == expected.tier, answers
        tiers.append(expected.tier)
    shares = {tier: tiers.count(tier) / len(tiers) for tier in triage.TIERS}
    assert all(share >= 0.10 for share in shares.values()), shares  # every outcome is well exercised


# Every codec name Python knows (text and bytes-to-bytes alike), as a client could put in a charset.
CODEC_NAMES = sorted({*encodings.aliases.aliases, *encodings.aliases.aliases.values(), "rot13", "hex", "idna"})


@settings(FUZZ, max_examples=150)
@given(
    url=st.sampled_from([ANSWER_URL, "/admin/login/"]),
    charset=st.one_of(st.sampled_from(CODEC_NAMES), st.text(min_size=1, max_size=12)),
    multipart=st.booleans(),
    fields=st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
)
def test_any_charset_gets_a_page_or_a_400_never_a_5xx(url, charset, multipart, fields):
    """LookupError from a codec such as rot13 or zlib once made every POST endpoint answer 500."""
    charset = charset.replace('"', "").replace("\\", "")
    if multipart:
        body = "".join(
            f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
            if isinstance(value, str)
        )
        body, content_type = body + "--x--\r\n", f'multipart/form-data; boundary=x; charset="{charset}"'
    else:
        body = "&".join(f"{name}=1" for name in fields)
        content_type = f'application/x-www-form-urlencoded; charset="{charset}"'
    response = ProductionClient().generic("POST", url, body.encode(), content_type=content_type)
    assert response.status_code in {200, 400}


class ProductionClient(Client):
    """A test client whose requests first pass through what backcare/wsgi.py puts before Django."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        django_handler = self.handler
        self.handler = lambda environ: django_handler(without_unusable_charset(environ))
