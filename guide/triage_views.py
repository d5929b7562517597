"""The triage wizard's pages: GET /triage/ starts it, and every step posts to /triage/answers/.

Nothing about the person is kept. Answers travel only in the POST body (never a URL, so no
redirects), every response is `Cache-Control: no-store`, the session is never touched, and error
reports never see the POST body. Each response is a full page, or the main partial for htmx.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST, require_safe

from guide import check_ins, plan, safety_case, triage, validation_record, vignettes
from guide.models import Question, Route, Rule, Source, Treatment, WarningSign, lines_of
from guide.questionnaire import Questionnaire, published
from guide.views import cited, paragraphs, render_page
from guide.wizard import (
    FOLLOW_UP,
    GO_FIELD,
    GO_NEXT,
    GO_UPDATE,
    PART_FIELD,
    SHOW_FIELD,
    STEP_FIELD,
    Screen,
    Wizard,
    current,
)
from pagecache.decorators import cached_until_edited


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


def unavailable(request: HttpRequest) -> HttpResponse:
    """No published questions (a guide still being set up): say so, rather than guess."""
    response = render_page(request, "guide/triage_unavailable.html", {}, status=503)
    response["Retry-After"] = "300"
    return response


@never_cache
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    wizard = current()
    if not wizard.catalogue.blocks:
        return unavailable(request)
    return show(request, wizard.start(), wizard)


@never_cache
@explained_405
@require_POST
@sensitive_post_parameters()
def answer(request: HttpRequest) -> HttpResponse:
    data = request.POST  # read first, so a body the site cannot use gets its 400 whatever else holds
    wizard = current()
    if not wizard.catalogue.blocks:
        return unavailable(request)
    return show(request, wizard.respond(data), wizard)


FIELDS = {
    "step_field": STEP_FIELD,
    "part_field": PART_FIELD,
    "go_field": GO_FIELD,
    "show_field": SHOW_FIELD,
    "go_next": GO_NEXT,
    "go_update": GO_UPDATE,
    "follow_up": FOLLOW_UP,
}


def show(request: HttpRequest, screen: Screen, wizard: Wizard) -> HttpResponse:
    questionnaire = wizard.questionnaire
    context = {
        "screen": screen,
        "wizard_block": questionnaire.blocks[screen.index],  # not "block": templates reserve it
        "blocks": questionnaire.blocks,
        "step_number": screen.index + 1,
        "total_steps": len(questionnaire.blocks) + 1,  # the question screens, then the result
        **FIELDS,
    }
    if screen.back_to is not None:
        context |= {"back": questionnaire.blocks[screen.back_to], "back_number": screen.back_to + 1}
    if screen.outcome is None:
        return render_page(request, "guide/triage_step.html", context, status=screen.status)
    context |= outcome_context(screen.outcome, questionnaire, screen.answers)
    # Reminders only while some are still to come: a pain months old has none left.
    context["offers_check_ins"] = screen.outcome.tier in check_ins.TIERS and bool(
        check_ins.upcoming(screen.answers, timezone.localdate())
    )
    return render_page(request, "guide/triage_outcome.html", context, status=screen.status)


def outcome_context(outcome: triage.Outcome, questionnaire: Questionnaire, answers: triage.Answers) -> dict:
    """What each tier shows besides the reasons: who to contact, advice, what to do meanwhile, the plan."""
    tier = outcome.tier
    # The signs of this tier the answers gave: their advice, and what is safe while waiting, is the person's.
    signs = list(
        dict.fromkeys(
            questionnaire.sign(reason) for reason in outcome.reasons if not reason.unanswered and reason.tier == tier
        )
    )
    advice = []  # paragraphs, once each: signs of one tier often share their first line
    for sign in signs:
        advice += [paragraph for paragraph in paragraphs(sign.advice) if paragraph not in advice]
    tier_advice = questionnaire.advice.get(tier)
    context = {
        "tier": tier,
        "is_emergency": tier == triage.EMERGENCY,
        "tier_advice": tier_advice,
        # An emergency that needs an ambulance never offers a lift to hospital: the sign says which.
        "lead": tier_advice.lead_for(signs) if tier_advice else "",
        "routes": [questionnaire.routes[route.slug] for route in outcome.routes],
        "advice": advice,
        "while_waiting": list(dict.fromkeys(line for sign in signs for line in lines_of(sign.while_waiting))),
    }
    if tier == triage.EMERGENCY:
        return context
    published_signs = list(WarningSign.objects.published())
    if tier == triage.URGENT:
        # The usual first steps for a spasm, less any a reason makes unsafe (heat or pressing after a fall).
        unsafe = {treatment.pk for sign in signs for treatment in sign.not_while_waiting.all()}
        first_minutes = Treatment.objects.published().first_minutes().exclude(pk__in=unsafe)
        context["right_now"] = sorted(first_minutes.select_related("medicine_check"), key=plan.best_evidenced_first)
        groups = plan.help_groups(published_signs, [triage.EMERGENCY])
    else:
        sooner = triage.SIGN_TIERS if tier == triage.SELF_CARE else (triage.EMERGENCY, triage.URGENT)
        given = [(slug, value) for slug in outcome.asked for value in answers.get(slug, ())]
        context["plan"] = plan.personal_plan(outcome.phase, published_signs, help_tiers=sooner, given=given, tier=tier)
        groups = context["plan"].get_help
    context["sooner"] = {group.urgency: group for group in groups}  # the signs that need more urgent care
    return context


# Published evaluations of other symptom checkers, shown beside our own figures.
CHECKER_STUDIES = ["semigran-2015", "hill-2020", "schmieding-2022"]


@require_safe
@cached_until_edited
def testing(request: HttpRequest) -> HttpResponse:
    """How we test the checker: the development suite's live figures, and the validation suite's first run."""
    questionnaire = published()
    report = vignettes.run(questionnaire.catalogue, ambulance=questionnaire.ambulance)
    tiers = list(triage.TIERS)
    rules = list(cited(Rule.objects.published().select_related("warning_sign")))
    validation = validation_record.latest()
    context = {
        "report": report,
        "tiers": tiers,
        "matrix": report.matrix(),
        "counts": {tier.replace("-", "_"): len(report.of_tier(tier)) for tier in tiers},
        "validation": validation,
        "validation_changed": validation is not None
        and validation.rules_fingerprint != validation_record.fingerprint(questionnaire.catalogue),
        "rules_by_tier": [(tier, [rule for rule in rules if rule.tier == tier]) for tier in triage.SIGN_TIERS],
        "routes": cited(Route.objects.published()),
        "questions": cited(Question.objects.published().in_order()),
        "anchors": Source.objects.filter(slug__in=CHECKER_STUDIES),
    }
    return render_page(request, "guide/triage_testing.html", context)


@require_safe
@cached_until_edited
def safety_case_page(request: HttpRequest) -> HttpResponse:
    """The clinical safety case: the hazard log (guide/hazards.toml), every hazard with its controls."""
    case = safety_case.load()
    context = {
        "case": case,
        "rows": safety_case.rows(case),
        "severities": safety_case.SEVERITIES,
        "matrix": [(likelihood, safety_case.MATRIX[likelihood]) for likelihood in reversed(safety_case.LIKELIHOODS)],
        "ratings": sorted(safety_case.RATINGS.items(), reverse=True),
        "stories": {case.id: case.story for case in vignettes.load()},
    }
    return render_page(request, "guide/triage_safety_case.html", context)
