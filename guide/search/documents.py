"""What search looks through: one document per public page or part of a page, built from published rows.

Built once per content version (any edit makes a new one), in each process, so a search costs no
query to gather the content, and an unpublished row disappears from search with the next version.
"""

import re
import threading
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Prefetch

from guide.search.words import meaningful, words_of
from pagecache.version import current_version

# Editors' placeholders such as {emergency_number}: not words anyone searches for.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True)
class Document:
    key: str  # kind and slug: unique, and stable while the row keeps its slug
    kind: str  # what the result list calls it: "Treatment", "Warning sign"
    title: str
    body: str
    url: str
    summary: str
    urgency: str = ""  # warning signs only
    sign_words: tuple[str, ...] = field(default=(), compare=False)  # a warning sign's own words, for emergencies
    brief_words: tuple[str, ...] = field(default=(), compare=False)  # its few words on the warning-signs page


def text(*parts: str) -> str:
    return PLACEHOLDER.sub(" ", "\n".join(part for part in parts if part))


def model(name: str):
    return apps.get_model("guide", name)


def build() -> list[Document]:
    docs = []
    for t in model("Treatment").objects.published():
        body = text(t.summary, t.what_it_is, t.how_to, t.when, t.cautions, t.evidence_summary)
        docs.append(Document(f"treatment:{t.slug}", "Treatment", t.name, body, t.get_absolute_url(), t.summary))
    for s in model("Stretch").objects.published():
        body = text(s.summary, s.steps, s.dosing, s.when_to_stop, s.cautions)
        docs.append(Document(f"stretch:{s.slug}", "Stretch", s.name, body, s.get_absolute_url(), s.summary))
    for g in model("MovementGuide").objects.published().prefetch_related("steps"):
        body = text(g.summary, g.cautions, *(step.text for step in g.steps.all()))
        docs.append(Document(f"movement:{g.slug}", "Moving safely", g.title, body, g.get_absolute_url(), g.summary))
    for w in model("WarningSign").objects.published():
        title = w.in_brief[:1].upper() + w.in_brief[1:]
        body = text(w.question, w.label, w.advice, w.why_we_ask)
        words = tuple(words_of(text(w.question, w.label, w.short_label)))
        brief = tuple(meaningful(words_of(w.in_brief)))
        docs.append(
            Document(
                f"sign:{w.slug}", "Warning sign", title, body, w.get_absolute_url(), w.question, w.urgency, words, brief
            )
        )
    for f in model("ConditionFact").objects.published():
        docs.append(
            Document(f"fact:{f.slug}", "About back spasms", f.name, text(f.explanation), f.get_absolute_url(), "")
        )
    sections = Prefetch("sections", queryset=model("ArticleSection").objects.order_by("order"))
    for a in model("Article").objects.published().prefetch_related(sections):
        body = text(a.summary, *(text(s.heading, s.body, s.points, s.cautions) for s in a.sections.all()))
        docs.append(Document(f"article:{a.slug}", "Article", a.title, body, a.get_absolute_url(), a.summary))
    for m in model("KeyMessage").objects.published():
        docs.append(Document(f"message:{m.slug}", "Key message", m.title, m.message, m.get_absolute_url(), m.message))
    for m in model("Myth").objects.published():
        docs.append(Document(f"myth:{m.slug}", "Myth", m.myth, m.truth, m.get_absolute_url(), ""))
    for c in model("MedicineCheck").objects.published().filter(treatment__published=True).select_related("treatment"):
        docs.append(
            Document(
                f"check:{c.slug}", "Medicine check", c.title, text(c.intro), c.get_absolute_url(), c.treatment.name
            )
        )
    flare = list(model("FlareUpStep").objects.published())
    if flare:
        from django.urls import reverse

        docs.append(
            Document(
                "plan:flare-up",
                "Plan",
                "Flare-up plan",
                text(*(step.text for step in flare)),
                reverse("guide:flare_up_plan"),
                "",
            )
        )
    for p in model("WalkingPlan").objects.published():
        body = text(p.summary, p.how_to, p.when_to_stop, p.cautions)
        docs.append(Document(f"walking:{p.slug}", "Plan", p.title, body, p.get_absolute_url(), p.summary))
    statement = apps.all_models["guide"].get("statement")
    if statement is not None:
        for s in statement.objects.published().prefetch_related("sections"):
            body = text(s.summary, *(text(sec.heading, sec.body) for sec in s.sections.all()))
            docs.append(
                Document(f"statement:{s.slug}", "About this site", s.title, body, s.get_absolute_url(), s.summary)
            )
    return docs


def synonyms() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each lay term's words, and the words it means."""
    rows = model("Synonym").objects.values_list("term", "means")
    return [(tuple(words_of(term)), tuple(words_of(means))) for term, means in rows if words_of(term)]


@dataclass(frozen=True)
class Corpus:
    version: str
    documents: list[Document]
    synonyms: list
    vocabulary: frozenset[str]


_lock = threading.Lock()
_built: Corpus | None = None


def corpus() -> Corpus:
    """The documents of the current content version, built at most once per version in each process."""
    global _built
    version = current_version()
    with _lock:
        if _built is None or _built.version != version:
            docs, syns = build(), synonyms()
            vocabulary = {w for doc in docs for w in words_of(doc.title + " " + doc.body)}
            vocabulary |= {w for term, means in syns for w in term + means}
            _built = Corpus(version, docs, syns, frozenset(vocabulary))
        return _built
