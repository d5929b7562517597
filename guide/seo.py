"""What search engines read: sitemap.xml with each page's last review, and robots.txt naming it.

Only public GET pages that anyone can open are listed: never the admin, a POST-only address, a wizard
answer, the search page (its results are not pages of their own) or the feedback endpoint.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from guide.models import (
    Article,
    ConditionFact,
    FlareUpStep,
    KeyMessage,
    MedicineCheck,
    MovementGuide,
    Myth,
    Statement,
    Stretch,
    Treatment,
    WalkingPlan,
    WarningSign,
)
from pagecache.decorators import cached_until_edited


class ReviewedPages(Sitemap):
    """A page per published row: its address and the date a clinician last reviewed it."""

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset

    def lastmod(self, item):
        return item.last_reviewed


def last_review(*querysets):
    dates = [qs.aggregate(latest=Max("last_reviewed"))["latest"] for qs in querysets]
    return max((date for date in dates if date), default=None)


class ListPages(Sitemap):
    """Pages made of many rows: last modified when the most recently reviewed of them was."""

    PAGES = {
        "guide:home": (Treatment, WarningSign, Article),
        "guide:treatments": (Treatment,),
        "guide:stretches": (Stretch,),
        "guide:movement_guides": (MovementGuide,),
        "guide:warning_signs": (WarningSign,),
        "guide:warning_card": (WarningSign,),
        "guide:about": (ConditionFact,),
        "guide:myths": (KeyMessage, Myth),
        "guide:flare_up_plan": (FlareUpStep,),
        "guide:walking_plan": (WalkingPlan,),
        "guide:sources": (),
        "guide:numbers": (),
        "guide:triage": (),
        "guide:triage_testing": (),
        "guide:triage_safety_case": (),
    }

    def items(self):
        return list(self.PAGES)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return last_review(*(model.objects.published() for model in self.PAGES[item]))


def sitemaps() -> dict:
    maps = {
        "pages": ListPages(),
        "treatments": ReviewedPages(Treatment.objects.published()),
        "stretches": ReviewedPages(Stretch.objects.published()),
        "articles": ReviewedPages(Article.objects.published()),
        "medicine-checks": ReviewedPages(MedicineCheck.objects.published().filter(treatment__published=True)),
        "statements": ReviewedPages(Statement.objects.published()),
    }
    return maps


@require_safe
@cached_until_edited
def sitemap_xml(request: HttpRequest, sitemaps: dict) -> HttpResponse:
    return sitemap_view(request, sitemaps).render()  # rendered here, so the page cache can keep it


@require_safe
@cached_until_edited
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('guide:search')}",
        f"Disallow: {reverse('guide:triage_answer')}",
        f"Sitemap: {request.build_absolute_uri(reverse('guide:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
