"""Generated content for tests and benchmarks: n copies of every kind of page, all cited."""

import datetime
import itertools

from guide.models import (
    Article,
    ArticleSection,
    Citation,
    ConditionFact,
    Country,
    MedicineCheck,
    MedicineCheckItem,
    MovementGuide,
    MovementStep,
    Source,
    Stretch,
    Treatment,
    WarningSign,
)

REVIEWED = {"last_reviewed": datetime.date(2026, 11, 1), "next_review_due": datetime.date(2027, 11, 1)}
_serial = itertools.count()


def make_source(**fields) -> Source:
    n = next(_serial)
    defaults = {
        "slug": f"source-{n}",
        "title": f"Guideline {n}",
        "short_name": f"G{n}",
        "kind": Source.Kind.GUIDELINE,
        "reliability": "A test source.",
    }
    return Source.objects.create(**(defaults | fields))


def make_stretch(source: Source, **fields) -> Stretch:
    n = next(_serial)
    defaults = {
        "slug": f"stretch-{n}",
        "name": f"Stretch {n}",
        "position": Stretch.Position.LYING,
        "summary": "A gentle stretch.",
        "steps": "Lie on your back.\nBend one knee.",
        "hold_seconds": 5,
        "repetitions": 5,
        "sides": Stretch.Sides.EACH,
        "dosing": "Start with 5 repetitions.",
        "when_to_stop": "Stop if the pain gets worse.",
        **REVIEWED,
    }
    stretch = Stretch.objects.create(**(defaults | fields))
    Citation.objects.create(source=source, stretch=stretch, says="Says so.", stance="supports")
    return stretch


def make_treatment(source: Source, stretches=(), **fields) -> Treatment:
    n = next(_serial)
    defaults = {
        "slug": f"treatment-{n}",
        "name": f"Treatment {n}",
        "kind": Treatment.Kind.SELF_CARE,
        "summary": "A treatment.",
        "right_now": "Lie down.",
        "what_it_is": "What it is.",
        "how_to": "Step one.\nStep two.",
        "when": "Any time.",
        "cautions": "Do not overdo it.",
        "for_first_hours": True,
        "evidence": Treatment.Evidence.RECOMMENDED,
        "evidence_summary": "Guidelines recommend it.",
        "evidence_source": source,
        "evidence_recommendation": f"{source.short_name} 1.2.1",
        **REVIEWED,
    }
    treatment = Treatment.objects.create(**(defaults | fields))
    treatment.stretches.set(stretches)
    Citation.objects.create(source=source, treatment=treatment, says="Says so.", stance="supports")
    return treatment


def make_warning_sign(source: Source, urgency: str = WarningSign.Urgency.EMERGENCY, **fields) -> WarningSign:
    n = next(_serial)
    defaults = {
        "slug": f"sign-{n}",
        "question": f"Do you have sign {n}?",
        "label": f"you have sign {n}",
        "urgency": urgency,
        "advice": "Get help.",
        "order": n,
        **REVIEWED,
    }
    sign = WarningSign.objects.create(**(defaults | fields))
    Citation.objects.create(source=source, warning_sign=sign, says="Says so.", stance="supports")
    return sign


def make_fact(source: Source, **fields) -> ConditionFact:
    n = next(_serial)
    defaults = {
        "slug": f"fact-{n}",
        "kind": ConditionFact.Kind.CAUSE,
        "name": f"Cause {n}",
        "explanation": "An explanation.",
        **REVIEWED,
    }
    fact = ConditionFact.objects.create(**(defaults | fields))
    Citation.objects.create(source=source, fact=fact, says="Says so.", stance="supports")
    return fact


DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>A dot</title><circle r="2"/></svg>'


def make_movement_guide(source: Source, steps: int = 3, **fields) -> MovementGuide:
    n = next(_serial)
    defaults = {
        "slug": f"movement-{n}",
        "title": f"Get up {n}",
        "surface": MovementGuide.Surface.FLOOR,
        "summary": "Get up in stages.",
        "cautions": "Do not rush.",
        "order": n,
        **REVIEWED,
    }
    guide = MovementGuide.objects.create(**(defaults | fields))
    MovementStep.objects.bulk_create(
        MovementStep(guide=guide, order=order, text=f"Do step {order}.", svg=DRAWING, alt="A dot.")
        for order in range(1, steps + 1)
    )
    Citation.objects.create(source=source, movement_guide=guide, says="Says so.", stance="supports")
    return guide


def make_country(source: Source, **fields) -> Country:
    n = next(_serial)
    defaults = {
        "code": f"c{n}",
        "name": f"Country {n}",
        "short_name": f"country {n}",
        "emergency_number": "999",
        "emergency_department": "A&E",
        "gp": "GP",
        "urgent_name": "NHS 111",
        "urgent_number": "111",
        "urgent_action": "call 111",
        "emergency_source": source,
        "urgent_source": source,
        "order": n,
        **REVIEWED,
    }
    return Country.objects.create(**(defaults | fields))


def make_medicine_check(treatment: Treatment, items: int = 3, **fields) -> MedicineCheck:
    n = next(_serial)
    defaults = {
        "slug": f"check-{n}",
        "treatment": treatment,
        "title": f"Is medicine {n} safe for you?",
        "intro": "Tick any that apply.",
        "if_any": "Ask a pharmacist before taking it.",
        "if_none": "If none of these apply, take it as the leaflet says.",
        **REVIEWED,
    }
    check = MedicineCheck.objects.create(**(defaults | fields))
    source = treatment.evidence_source
    MedicineCheckItem.objects.bulk_create(
        MedicineCheckItem(
            medicine_check=check,
            order=order,
            label=f"I have condition {order}",
            reason=f"Reason {order}.",
            source=source,
        )
        for order in range(1, items + 1)
    )
    Citation.objects.create(source=source, medicine_check=check, says="Says so.", stance="supports")
    return check


def make_article(source: Source, sections: int = 3, treatment: Treatment | None = None, **fields) -> Article:
    n = next(_serial)
    defaults = {"slug": f"article-{n}", "title": f"Topic {n}", "summary": "A topic page.", "order": n, **REVIEWED}
    article = Article.objects.create(**(defaults | fields))
    ArticleSection.objects.bulk_create(
        ArticleSection(
            article=article,
            order=order,
            heading=f"Part {order}",
            body="Some text.",
            points="One point.\nAnother point.",
            treatment=treatment,
        )
        for order in range(1, sections + 1)
    )
    Citation.objects.create(source=source, article=article, says="Says so.", stance="supports")
    return article


def make_guide(copies: int = 1) -> None:
    """Add `copies` of a small guide: every page kind, every urgency, every phase, and a country."""
    for _ in range(copies):
        source = make_source()
        stretch = make_stretch(source)
        make_treatment(source, stretches=[stretch])
        medicine = make_treatment(source, kind=Treatment.Kind.MEDICINE, for_first_hours=False, for_recovery=True)
        make_medicine_check(medicine)
        make_article(source, treatment=medicine)
        for urgency in WarningSign.Urgency:
            make_warning_sign(source, urgency=urgency)
        make_fact(source)
        make_movement_guide(source)
        make_country(source)
