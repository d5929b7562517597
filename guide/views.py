"""Public pages of the guide.

Each view serves the full page, or only its main partial when htmx asks, from one URL,
so every page works without JavaScript.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from guide import glossary, plan
from guide.forms import TreatmentFilterForm
from guide.models import (
    CITATION_SUBJECTS,
    Article,
    ArticleSection,
    Citation,
    ConditionFact,
    MovementGuide,
    MovementStep,
    Source,
    Stretch,
    TierAdvice,
    Treatment,
    WarningSign,
)
from guide.svg import on_white
from pagecache.decorators import cached_until_edited


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict,
    partial: str = "content",
    status: int = 200,
):
    """Render the whole page, or just `partial` for an htmx request."""
    if request.htmx:
        template_name += f"#{partial}"
    return render(request, template_name, context, status=status)


def paragraphs(text: str) -> list[str]:
    """Plain text as the pages show it: a blank line starts a new paragraph."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def cited(queryset):
    """Prefetch citations with their sources in one query, whatever the page size."""
    return queryset.prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("source")))


def review_of(pages: list) -> dict | None:
    """A page built from many rows is only as fresh as its stalest row."""
    if not pages:
        return None
    return {
        "last_reviewed": min(page.last_reviewed for page in pages),
        "next_review_due": min(page.next_review_due for page in pages),
    }


@require_safe
@cached_until_edited
def home(request: HttpRequest) -> HttpResponse:
    first_steps = Treatment.objects.published().first_minutes().select_related("medicine_check")
    context = {
        "first_steps": sorted(first_steps, key=plan.best_evidenced_first),
        "care_cards": plan.help_groups(WarningSign.objects.published()),
        "articles": Article.objects.published(),
    }
    return render_page(request, "guide/home.html", context)


@require_safe
@cached_until_edited
def treatment_list(request: HttpRequest) -> HttpResponse:
    form = TreatmentFilterForm(request.GET)
    treatments = Treatment.objects.published()
    status = 200
    if form.is_valid():
        treatments = form.filter(treatments)
    else:
        # Show the errors and nothing filtered, so the person can correct the form.
        treatments = treatments.none()
        status = 400
    context = {"form": form, "treatments": treatments}
    return render_page(request, "guide/treatment_list.html", context, partial="results", status=status)


@require_safe
@cached_until_edited
def treatment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    treatment = get_object_or_404(
        cited(Treatment.objects.published().select_related("evidence_source", "medicine_check")).prefetch_related(
            Prefetch("stretches", queryset=Stretch.objects.published())
        ),
        slug=slug,
    )
    context = {
        "treatment": treatment,
        "grade_meanings": glossary.grade_meanings(),
        "source_names": glossary.SOURCE_NAMES,
    }
    return render_page(request, "guide/treatment_detail.html", context)


@require_safe
@cached_until_edited
def stretch_list(request: HttpRequest) -> HttpResponse:
    return render_page(request, "guide/stretch_list.html", {"stretches": Stretch.objects.published()})


@require_safe
@cached_until_edited
def stretch_detail(request: HttpRequest, slug: str) -> HttpResponse:
    stretch = get_object_or_404(cited(Stretch.objects.published()), slug=slug)
    return render_page(request, "guide/stretch_detail.html", {"stretch": stretch})


# An editor's SVG is served as an image, and shown through <img>, so it can never run script.
# Drawings change less than pages: browsers and caches may keep them an hour.
cached_drawing = cached_until_edited(
    max_age=3600, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox"}
)


def drawing_response(svg: str | None) -> HttpResponse:
    if not svg:
        raise Http404("No such drawing.")
    return HttpResponse(on_white(svg), content_type="image/svg+xml; charset=utf-8")


@require_safe
@cached_drawing
def stretch_illustration(request: HttpRequest, slug: str, position: str) -> HttpResponse:
    if position not in {"start", "held"}:
        raise Http404("No such drawing.")
    return drawing_response(
        Stretch.objects.published().filter(slug=slug).values_list(f"{position}_svg", flat=True).first()
    )


@require_safe
@cached_until_edited
def movement_guides(request: HttpRequest) -> HttpResponse:
    guides = list(cited(MovementGuide.objects.published()).prefetch_related("steps"))
    return render_page(request, "guide/movement_guides.html", {"guides": guides, "review": review_of(guides)})


@require_safe
@cached_drawing
def movement_step_drawing(request: HttpRequest, slug: str, order: int) -> HttpResponse:
    return drawing_response(
        MovementStep.objects.filter(guide__published=True, guide__slug=slug, order=order)
        .values_list("svg", flat=True)
        .first()
    )


# Every sign that needs help today or sooner shows at once; the GP card shows its first few and folds the
# rest, so the whole page scans in four phone screens.
GP_SIGNS_SHOWN = 5


@require_safe
@cached_until_edited
def warning_signs(request: HttpRequest) -> HttpResponse:
    """Three care cards (999, today, a GP), each with its signs and the one line of advice they share."""
    signs = list(cited(WarningSign.objects.published()))
    advice = {row.tier: row for row in TierAdvice.objects.all()}
    cards = []
    for group in plan.help_groups(signs):
        tier_advice = advice.get(group.urgency)
        # The 999 card lists signs that need an ambulance, so its shared line never offers a lift to hospital.
        lead = tier_advice.lead_for(group.signs) if tier_advice else ""
        cards.append((group, tier_advice, lead, GP_SIGNS_SHOWN if group.urgency == WarningSign.Urgency.GP else ""))
    return render_page(request, "guide/warning_signs.html", {"cards": cards, "review": review_of(signs)})


@require_safe
@cached_until_edited
def about(request: HttpRequest) -> HttpResponse:
    facts = list(cited(ConditionFact.objects.published()))
    groups = [(kind, [fact for fact in facts if fact.kind == kind]) for kind in ConditionFact.Kind]
    return render_page(request, "guide/about.html", {"groups": groups, "review": review_of(facts)})


@require_safe
@cached_until_edited
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic page in sections; a section may link to a treatment and its medicine check."""
    sections = ArticleSection.objects.select_related("treatment__medicine_check")
    article = get_object_or_404(
        cited(Article.objects.published()).prefetch_related(Prefetch("sections", queryset=sections)), slug=slug
    )
    return render_page(request, "guide/article.html", {"article": article})


@require_safe
@cached_until_edited
def sources(request: HttpRequest) -> HttpResponse:
    """Each source, and the published pages that cite it."""
    # A medicine check's address is its treatment's, so fetch that in the same query.
    citations = Citation.objects.select_related(*CITATION_SUBJECTS, "medicine_check__treatment").on_published_pages()
    context = {"sources": Source.objects.prefetch_related(Prefetch("citations", queryset=citations))}
    return render_page(request, "guide/sources.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)
