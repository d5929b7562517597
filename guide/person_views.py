"""Pages a person takes away: the summary for an appointment, the check-in calendar, the numbers to
call where they are, and the printable warning-signs card.

The summary and the calendar are posted from an outcome with every answer, exactly like a wizard
step: they are checked again from scratch (no tier is ever trusted), kept out of URLs, logs and
error reports, and never cached. Answers that no longer make a complete outcome get a 400 page;
answers that make an outcome without this offer (an emergency) get that outcome itself.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guide import calendars, check_ins, countries, plan, summary, triage
from guide.models import WarningSign
from guide.questionnaire import published
from guide.triage_views import FIELDS, explained_405, outcome_context, show
from guide.views import render_page
from guide.wizard import Wizard
from pagecache.decorators import cached_until_edited

CARD_TIERS = [triage.EMERGENCY, triage.URGENT]


def answers_missing(request: HttpRequest, status: int = 400) -> HttpResponse:
    return render_page(request, "guide/answers_missing.html", {}, status=status)


@never_cache
@explained_405
@require_POST
@sensitive_post_parameters()
def appointment_summary(request: HttpRequest) -> HttpResponse:
    wizard = Wizard(published())
    screen = wizard.review(request.POST)
    if screen is None:
        return answers_missing(request)
    if screen.outcome.tier == triage.EMERGENCY:
        return show(request, screen, wizard)
    context = outcome_context(screen.outcome, wizard.questionnaire, screen.answers)
    if tier_advice := context["tier_advice"]:  # one page says each thing once: signs often repeat the lead
        context["advice"] = [paragraph for paragraph in context["advice"] if paragraph != tier_advice.lead]
    context |= {
        "screen": screen,
        "answered": summary.answered(wizard.questionnaire, screen),
        "made_on": timezone.localdate(),
        "result_step": wizard.block_slug(screen.index),  # "Back to your result" posts as its last step did
        **FIELDS,
    }
    return render_page(request, "guide/summary.html", context)


@never_cache
@explained_405
@require_POST
@sensitive_post_parameters()
def check_in_calendar(request: HttpRequest) -> HttpResponse:
    wizard = Wizard(published())
    screen = wizard.review(request.POST)
    if screen is None:
        return answers_missing(request)
    if screen.outcome.tier not in check_ins.TIERS:
        return show(request, screen, wizard)
    reminders = check_ins.upcoming(screen.answers, timezone.localdate())
    if not reminders:
        return answers_missing(request)
    links = {
        "triage_url": request.build_absolute_uri(reverse("guide:triage")),
        "warning_signs_url": request.build_absolute_uri(reverse("guide:warning_signs")),
        "flare_up_url": request.build_absolute_uri(reverse("guide:flare_up_plan")),
    }
    ical = check_ins.calendar(reminders, countries.chosen(request), links, timezone.now())
    return calendars.download(ical, "back-pain-check-ins.ics")


class CountryForm(forms.Form):
    country = forms.ChoiceField(
        label="Your country",
        error_messages={"required": "Choose your country.", "invalid_choice": "Choose a country from the list."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = choices


@never_cache  # the form carries a CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def numbers(request: HttpRequest) -> HttpResponse:
    """Every country's numbers, and a form to choose whose numbers the pages show.

    Choosing is a POST with a CSRF token, so no link or other site can change a person's emergency
    number. A link may suggest a country (`?country=au`): the page then asks, and changes nothing
    until the person presses the button.
    """
    every = countries.published()
    current = countries.chosen(request)
    choices = [(code, country.name) for code, country in every.items()]
    status, changed, suggested = 200, False, None
    if request.method == "POST":
        form = CountryForm(request.POST, choices=choices)
        if form.is_valid():
            current = every[form.cleaned_data["country"]]
            countries.use(request, current)
            changed = True
        else:
            status = 400
    else:
        if (suggested := every.get(request.GET.get("country", ""))) == current:
            suggested = None
        form = CountryForm(initial={"country": (suggested or current).code}, choices=choices)
    context = {
        "form": form,
        "countries": every.values(),
        "current": current,
        "changed": changed,
        "suggested": suggested,
    }
    response = render_page(request, "guide/numbers.html", context, status=status)
    if changed:  # the person's own choice: kept in their cookie
        countries.remember(response, current)
    return response


@require_safe
@cached_until_edited
def warning_card(request: HttpRequest) -> HttpResponse:
    """The emergency and urgent signs on one card-sized printed page, like the card clinicians hand out."""
    signs = WarningSign.objects.published().filter(urgency__in=CARD_TIERS)
    cards = []  # (what to do, the signs): the 999 signs split by whether they need an ambulance
    for group in plan.help_groups(signs, CARD_TIERS):
        if group.urgency == triage.EMERGENCY:
            ambulance = tuple(sign for sign in group.signs if sign.ambulance)
            others = tuple(sign for sign in group.signs if not sign.ambulance)
            cards += [
                ("ambulance", plan.HelpGroup(group.urgency, ambulance)),
                ("emergency", plan.HelpGroup(group.urgency, others)),
            ]
        else:
            cards.append((group.urgency, group))
    return render_page(
        request, "guide/warning_card.html", {"cards": [(kind, group) for kind, group in cards if group.signs]}
    )
