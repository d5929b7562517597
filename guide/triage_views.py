"""The triage wizard's pages: GET /triage/ starts it, and every step posts to /triage/answers/.

Nothing about the person is kept. Answers travel only in the POST body (never a URL, so no
redirects), every response is `Cache-Control: no-store`, the session is never touched, and error
reports never see the POST body. Each response is a full page, or the main partial for htmx.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from guide import plan, triage
from guide.models import Treatment, WarningSign
from guide.views import render_page
from guide.wizard import SHOW_FIELD, TOTAL_STEPS, Screen, Wizard


def published_wizard() -> Wizard:
    """The questions as editors have published them right now: one query."""
    return Wizard(list(WarningSign.objects.published()))


def explained_405(view):
    """Say what to do instead of a blank page when someone opens a POST-only address."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            page = render_page(request, "405.html", {}, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response

    return wrapper


@never_cache
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    return show(request, published_wizard().start())


@never_cache
@explained_405
@require_POST
@sensitive_post_parameters()
def answer(request: HttpRequest) -> HttpResponse:
    wizard = published_wizard()
    return show(request, wizard.respond(request.POST), wizard)


def show(request: HttpRequest, screen: Screen, wizard: Wizard | None = None) -> HttpResponse:
    context = {"screen": screen, "total_steps": TOTAL_STEPS, "show_field": SHOW_FIELD}
    if screen.outcome is None:
        return render_page(request, "guide/triage_step.html", context, status=screen.status)
    context |= outcome_context(screen.outcome, wizard)
    return render_page(request, "guide/triage_outcome.html", context, status=screen.status)


def paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def outcome_context(outcome: triage.Outcome, wizard: Wizard) -> dict:
    """What each tier shows besides the reasons: advice, what to do meanwhile, the plan."""
    tier = outcome.tier
    signs = list(wizard.warning_signs.values())
    advice = []  # paragraphs, once each: signs of one tier often share their first line
    for reason in outcome.reasons:
        sign = wizard.warning_signs.get(reason.sign.slug) if reason.sign else None
        if sign and not reason.unanswered:
            advice += [paragraph for paragraph in paragraphs(sign.advice) if paragraph not in advice]
    context = {"tier": tier, "is_emergency": tier == triage.EMERGENCY, "advice": advice}
    if tier == triage.URGENT:
        context["right_now"] = Treatment.objects.published().first_minutes()
        context["get_help"] = plan.help_groups(signs, [triage.EMERGENCY])
    elif tier in (triage.GP, triage.SELF_CARE):
        sooner = triage.SIGN_TIERS if tier == triage.SELF_CARE else (triage.EMERGENCY, triage.URGENT)
        context["plan"] = plan.personal_plan(outcome.phase, signs, help_tiers=sooner)
    return context
