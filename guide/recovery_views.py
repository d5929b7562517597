"""Pages for easing fear and for after the pain: the myths page, the printable flare-up plan, and the
walking plans with their weekly calendar.

Like every page, each serves the whole page or, for htmx, its main partial from one URL. The
calendar is made from the start date in the request alone and never kept or cached.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from guide import calendars, countries, plan, reassurance, walking
from guide.country_words import fill
from guide.models import FlareUpStep, KeyMessage, Myth, WalkingPlan, WalkingWeek, WarningSign
from guide.person_views import CARD_TIERS
from guide.views import cited, render_page, review_of
from pagecache.decorators import cached_until_edited


@require_safe
@cached_until_edited
def myths(request: HttpRequest) -> HttpResponse:
    """The key messages, then common myths beside what is true, each with its sources."""
    messages = list(cited(KeyMessage.objects.published()))
    myths = list(cited(Myth.objects.published()))
    if not (messages or myths):
        raise Http404("Nothing is published here yet.")
    context = {"messages": messages, "myths": myths, "review": review_of(messages + myths)}
    return render_page(request, "guide/myths.html", context)


@require_safe
@cached_until_edited
def flare_up_plan(request: HttpRequest) -> HttpResponse:
    """A plan for next time, printed on one page and filled in by hand: nothing is typed in or kept."""
    steps = list(cited(FlareUpStep.objects.published().select_related("treatment")))
    if not steps:
        raise Http404("The flare-up plan is not published yet.")
    stages = [(stage, [step for step in steps if step.stage == stage]) for stage in FlareUpStep.Stage]
    signs = WarningSign.objects.published().filter(urgency__in=CARD_TIERS)
    context = {
        "stages": [(stage, rows) for stage, rows in stages if rows],
        "message": reassurance.for_flare_up_plan(),
        "groups": plan.help_groups(signs, CARD_TIERS),
        "sources": dict.fromkeys(citation.source for step in steps for citation in step.citations.all()),
        "review": review_of(steps),
    }
    return render_page(request, "guide/flare_up_plan.html", context)


def published_plans():
    weeks = Prefetch("weeks", queryset=WalkingWeek.objects.order_by("week"))
    return cited(WalkingPlan.objects.published()).prefetch_related(weeks)


def walking_page(request: HttpRequest, forms: dict | None = None, status: int = 200) -> HttpResponse:
    plans = list(published_plans())
    if not plans:
        raise Http404("No walking plan is published yet.")
    forms = forms or {}
    today = timezone.localdate()
    context = {
        "plans": [
            (walking_plan, forms.get(walking_plan.slug) or walking.StartForm(today=today)) for walking_plan in plans
        ],
        "review": review_of(plans),
    }
    return render_page(request, "guide/walking_plan.html", context, status=status)


@require_safe
@cached_until_edited
def walking_plan(request: HttpRequest) -> HttpResponse:
    """Each walking plan, what was tested, its weeks, and a form for its weekly calendar."""
    return walking_page(request)


@never_cache
@require_safe
def walking_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's weekly reminders from the start date asked for, as a calendar file; a bad date gets the page, 400."""
    walking_plan = get_object_or_404(WalkingPlan.objects.published(), slug=slug)
    form = walking.StartForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return walking_page(request, {slug: form}, status=400)
    stages = list(walking_plan.weeks.order_by("week"))
    if not stages:
        raise Http404("This plan has no weeks yet.")
    page_url = request.build_absolute_uri(reverse("guide:walking_plan"))
    footer = render_to_string(
        "guide/walking_week.txt",
        {
            "stop": fill(walking_plan.when_to_stop, countries.chosen(request), links=False),
            "plan_url": page_url,
            "warning_signs_url": request.build_absolute_uri(reverse("guide:warning_signs")),
        },
    ).strip()
    reminders = walking.weekly(walking_plan, stages, form.cleaned_data["start"], footer)
    ical = calendars.calendar(walking_plan.title, walking.PRODID, reminders, page_url, timezone.now())
    return calendars.download(ical, f"{walking_plan.slug}.ics")
