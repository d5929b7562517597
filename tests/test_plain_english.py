"""The plain-English gate: every published page reads easily for someone in pain.

Reading ease is Flesch's score (textstat): 60 or more is plain English. Sentences have 20 words or
fewer (CONTENT-BRIEF section 6), and every "don't" reads "Do not" at the start of its line. When
this fails, rewrite the fixture text; do not loosen the gate.
`uv run pytest -s tests/test_plain_english.py` prints the scores.
"""

import re
from dataclasses import dataclass

import pytest
import textstat
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from guide import glossary
from guide.country_words import fill
from guide.models import (
    Article,
    Block,
    CheckIn,
    ConditionFact,
    Country,
    FlareUpStep,
    KeyMessage,
    MedicineCheck,
    MovementGuide,
    Myth,
    Question,
    Route,
    Source,
    Stretch,
    TierAdvice,
    Treatment,
    WalkingPlan,
    WarningSign,
    lines_of,
)

# The mark makes pytest-django create the test database before the module fixture loads into it.
pytestmark = pytest.mark.django_db
MIN_READING_EASE = 60
MAX_SENTENCE_WORDS = 20
SHOW_WORST = 5


@dataclass(frozen=True)
class Page:
    name: str
    fields: dict[str, str]
    cautions: str = ""
    max_words: int = MAX_SENTENCE_WORDS

    @property
    def text(self) -> str:
        """The page's words as sentences: list items often lack a full stop, so each line ends one."""
        return " ".join(sentence_end(line) for value in self.fields.values() for line in lines_of(value))

    @property
    def sentences(self) -> list[str]:
        return [s for s in re.split(r"(?<=[.!?])\s+", self.text) if s.strip()]


def sentence_end(line: str) -> str:
    return line if line[-1] in ".!?:" else line + "."


def word_count(sentence: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'\u2019-]*", sentence))


def in_country(text: str, country: Country) -> str:
    """Content as a page in `country` shows it: numbers and names filled in, as plain words."""
    return fill(text, country, links=False)


def sources_say(page) -> dict[str, str]:
    """The "What the sources say" list a page shows: each source's words and the correction."""
    fields = {}
    for citation in page.citations.all():
        fields[f"{citation.source.slug}.says"] = citation.says
        fields[f"{citation.source.slug}.correction"] = citation.correction
    return fields


def collect_pages() -> list[Page]:
    default = Country.objects.get(code=settings.BACKCARE_COUNTRY)
    pages = [
        Page(
            f"treatment {t.slug}",
            {
                "name": t.name,
                "summary": t.summary,
                "right_now": t.right_now,
                "what_it_is": t.what_it_is,
                "how_to": t.how_to,
                "when": t.when,
                "cautions": t.cautions,
                "evidence_summary": t.evidence_summary,
            }
            | sources_say(t),
            t.cautions,
        )
        for t in Treatment.objects.published().prefetch_related("citations__source")
    ]
    pages += [
        Page(
            f"stretch {s.slug}",
            {
                "name": s.name,
                "summary": s.summary,
                "steps": s.steps,
                "dosing": s.dosing,
                "when_to_stop": s.when_to_stop,
                "cautions": s.cautions,
                "start_alt": s.start_alt,
                "held_alt": s.held_alt,
            }
            | sources_say(s),
            s.cautions,
        )
        for s in Stretch.objects.published().prefetch_related("citations__source")
    ]
    signs = WarningSign.objects.published()
    for country in Country.objects.published():  # advice reads as plainly in every country
        pages.append(
            Page(
                f"warning signs ({country.code})",
                {
                    f"{sign.slug}.{field}": in_country(getattr(sign, field), country)
                    for sign in signs
                    for field in ["question", "label", "short_label", "advice", "why_we_ask", "while_waiting"]
                },
            )
        )
    pages.append(
        Page(
            "about back spasms",
            {
                f"{fact.slug}.{field}": in_country(getattr(fact, field), default)
                for fact in ConditionFact.objects.published()
                for field in ["name", "explanation"]
            },
        )
    )
    for guide in MovementGuide.objects.published().prefetch_related("steps"):
        fields = {"title": guide.title, "summary": guide.summary, "cautions": guide.cautions}
        fields |= {f"step {step.order}": step.text for step in guide.steps.all()}
        fields |= {f"step {step.order} alt": step.alt for step in guide.steps.all()}
        pages.append(Page(f"getting down and up: {guide.slug}", fields | sources_say(guide), guide.cautions))
    for block in Block.objects.all():
        fields = {"heading": block.heading, "lead": fill(block.lead, default, links=False)}
        for question in Question.objects.published().filter(block=block).prefetch_related("options"):
            fields |= {f"{question.slug}.text": question.text, f"{question.slug}.why": question.why_we_ask}
            fields |= {f"{question.slug}.{o.value}": f"{o.label}. {o.hint}" for o in question.options.all()}
            fields |= {f"{question.slug}.{o.value}.group": o.group for o in question.options.all() if o.group}
        pages.append(Page(f"triage screen {block.slug}", fields))
    for country in Country.objects.published():
        results = {f"route {route.slug}": in_country(route.advice, country) for route in Route.objects.published()}
        results |= {f"{advice.tier}.lead": in_country(advice.lead, country) for advice in TierAdvice.objects.all()}
        results |= {f"{a.tier}.ambulance": in_country(a.ambulance_lead, country) for a in TierAdvice.objects.all()}
        results |= {f"{advice.tier}.do_not": advice.do_not for advice in TierAdvice.objects.all()}
        do_not = "\n".join(advice.do_not for advice in TierAdvice.objects.all())
        pages.append(Page(f"triage results ({country.code})", results, do_not))
    check_ins = {
        f"{check_in.slug}.{field}": getattr(check_in, field)
        for check_in in CheckIn.objects.published()
        for field in ["title", "what_to_check"]
    }
    pages.append(Page("check-in reminders", {name: in_country(text, default) for name, text in check_ins.items()}))
    numbers = {
        f"{country.code}.{field}": getattr(country, field)
        for country in Country.objects.published()
        for field in ["emergency_also", "urgent_action", "note"]
    }
    pages.append(Page("emergency numbers", numbers))
    for article in Article.objects.published().prefetch_related("sections", "citations__source"):
        fields = {"title": article.title, "summary": article.summary}
        for section in article.sections.all():
            fields[f"{section.order}.heading"] = section.heading
            for name in ["body", "points"]:
                fields[f"{section.order}.{name}"] = in_country(getattr(section, name), default)
            fields[f"{section.order}.cautions"] = section.cautions
        cautions = "\n".join(section.cautions for section in article.sections.all())
        pages.append(Page(f"article {article.slug}", fields | sources_say(article), cautions))
    for check in MedicineCheck.objects.published().prefetch_related("items", "citations__source"):
        fields = {"title": check.title, "intro": check.intro, "if_any": check.if_any, "if_none": check.if_none}
        for item in check.items.all():
            fields |= {f"{item.order}.label": item.label, f"{item.order}.reason": item.reason}
        pages.append(Page(f"medicine check {check.slug}", fields | sources_say(check)))
    messages = KeyMessage.objects.published().prefetch_related("citations__source")
    fields = {f"{message.slug}.{name}": getattr(message, name) for message in messages for name in ["title", "message"]}
    for message in messages:
        fields |= {f"{message.slug}.{key}": text for key, text in sources_say(message).items()}
    pages.append(Page("key messages", fields))
    myths = Myth.objects.published().prefetch_related("citations__source")
    fields = {f"{myth.slug}.{name}": getattr(myth, name) for myth in myths for name in ["myth", "truth"]}
    for myth in myths:
        fields |= {f"{myth.slug}.{key}": text for key, text in sources_say(myth).items()}
    pages.append(Page("myths and what is true", fields))
    steps = FlareUpStep.objects.published().prefetch_related("citations__source")
    fields = {f"{step.slug}.text": in_country(step.text, default) for step in steps}
    for step in steps:
        fields |= {f"{step.slug}.{key}": text for key, text in sources_say(step).items()}
    pages.append(Page("flare-up plan", fields))
    for walking in WalkingPlan.objects.published().prefetch_related("weeks", "citations__source"):
        fields = {
            name: in_country(getattr(walking, name), default)
            for name in ["title", "summary", "evidence", "how_to", "when_to_stop", "cautions"]
        }
        fields |= {f"week {week.week}.tip": week.tip for week in walking.weeks.all()}
        pages.append(Page(f"walking plan {walking.slug}", fields | sources_say(walking), walking.cautions))
    pages.append(
        Page(
            "what the words mean",
            dict(glossary.grade_meanings()) | dict(glossary.SOURCE_NAMES),
        )
    )
    pages.append(Page("sources", {source.slug: source.reliability for source in Source.objects.all()}))
    return pages


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker) -> list[Page]:
    """Load the real fixtures once for the module, read them, and roll back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_guide", verbosity=0)
        collected = collect_pages()
        transaction.set_rollback(True)
    return collected


def reading_ease(page: Page) -> float:
    return textstat.flesch_reading_ease(page.text)


def test_every_page_has_a_reading_ease_of_at_least_60(pages):
    assert len(pages) > 30, "the fixtures did not load"
    scores = sorted((reading_ease(page), page.name) for page in pages)
    report = "\n".join(f"  {score:6.1f}  {name}" for score, name in scores[:SHOW_WORST])
    print(f"\nHardest {SHOW_WORST} of {len(pages)} pages to read (Flesch reading ease, {MIN_READING_EASE}+ passes):")
    print(report)
    failing = [name for score, name in scores if score < MIN_READING_EASE]
    assert not failing, f"Rewrite in plainer words: {failing}\nHardest pages:\n{report}"


def test_no_sentence_is_longer_than_20_words(pages):
    long = [
        f"{page.name}: {word_count(sentence)} words: {sentence}"
        for page in pages
        for sentence in page.sentences
        if word_count(sentence) > page.max_words
    ]
    assert not long, "Split these sentences:\n" + "\n".join(long)


def test_every_caution_starts_with_do_not_and_nothing_says_dont(pages):
    problems = [
        f"{page.name}: caution must start with 'Do not': {line}"
        for page in pages
        for line in lines_of(page.cautions)
        if not line.startswith("Do not ")
    ]
    for page in pages:
        for field, value in page.fields.items():
            if re.search(r"\bdon['\u2019]t\b", value, re.IGNORECASE):
                problems.append(f"{page.name} {field}: write 'Do not' instead of \"don't\"")
            problems += [
                f"{page.name} {field}: start the line with 'Do not': {line}"
                for line in lines_of(value)
                if re.match(r"(Never|Avoid)\b", line)
            ]
    assert not problems, "\n".join(problems)


def test_the_gate_catches_hard_text():
    """The thresholds bite: a dense clinical sentence fails both the score and the length rule."""
    dense = Page(
        "example",
        {
            "text": "Nonsteroidal anti-inflammatory medication administration necessitates consideration of "
            "gastrointestinal, renal and cardiovascular contraindications, particularly amongst elderly "
            "individuals with comorbidities, polypharmacy considerations and potentially compromised "
            "physiological reserve capacity."
        },
    )
    assert reading_ease(dense) < MIN_READING_EASE
    assert max(word_count(s) for s in dense.sentences) > MAX_SENTENCE_WORDS
    # A sentence of 21 plain words fails too: the limit is 20.
    plain = Page("example", {"text": " ".join(["word"] * 21) + "."})
    assert [word_count(s) for s in plain.sentences] == [MAX_SENTENCE_WORDS + 1]


def test_the_new_content_is_read(pages):
    """Key messages, myths, the flare-up plan and the walking plan are all measured (issue 20)."""
    names = {page.name for page in pages}
    assert {"key messages", "myths and what is true", "flare-up plan", "walking plan walk-back"} <= names
    for name in ["key messages", "myths and what is true", "flare-up plan", "walking plan walk-back"]:
        page = next(page for page in pages if page.name == name)
        assert len(page.sentences) > 5, name
