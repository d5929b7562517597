"""Issue 20's messages that ease fear, the myths page, the flare-up plan and the walking plan.

One short key message shows on the self-care and GP results (in the plan), chosen by the result and
the person's phase, and never on the emergency or urgent results. The myths page gives every
message and myth with its sources. The flare-up plan is printed and filled in by hand, so nothing is
typed in or kept; it is offered from the self-care result, the plan's recovery phase and the
6-week check-in. The walking plan's calendar is built from a start date alone and never kept.
"""

import datetime
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from guide import reassurance, walking
from guide.models import FlareUpStep, KeyMessage, Myth, WalkingPlan, WarningSign
from tests.reading import visible_text
from tests.wizard_support import HTMX, ORDINARY, run

pytestmark = pytest.mark.django_db

MYTHS_URL, FLARE_UP_URL, WALKING_URL = "/back-pain-myths/", "/flare-up-plan/", "/walking-plan/"
CALENDAR_URL = "/walking-plan/walk-back/calendar/"
NEW_TAB = "(opens in a new tab)"


@pytest.fixture(autouse=True)
def guide(loaded_guide):
    """The real guide, loaded once for the module."""


def outcome(answers: dict):
    page = run(Client(), answers)[-1]
    assert page.urgency, page.main_text()[:300]
    return page


def key_messages(html: str) -> list[str]:
    return [visible_text(m) for m in re.findall(r'<p class="key-message" data-key-message>(.*?)</p>', html, re.S)]


@pytest.mark.parametrize(
    ("answers", "tier", "message"),
    [
        (ORDINARY, "self-care", "Hurt does not mean harm"),
        (ORDINARY | {"onset": "6-12-weeks", "course": "better"}, "self-care", "Flare-ups settle"),
        (ORDINARY | {"symptoms": ["new-lump"]}, "gp", "Scans rarely help"),
    ],
    ids=["self-care, first days", "self-care, recovery", "gp"],
)
def test_self_care_and_gp_results_show_one_key_message_that_fits(answers, tier, message):
    page = outcome(answers)
    assert page.urgency == tier
    shown = key_messages(page.html)
    assert len(shown) == 1, shown
    assert shown[0].startswith(f"{message}.") and shown[0].endswith(f"Sources {NEW_TAB}")
    row = KeyMessage.objects.get(title=message)
    assert row.message in shown[0]
    # Inside the plan, after what to do now (action first), before the rest folded.
    html = page.html
    assert html.index('id="plan-heading"') < html.rindex('class="plan-item"', 0, html.index("data-key-message"))
    assert html.index("data-key-message") < html.index('class="plan-details plan-phase plan-later"')
    assert f'href="/back-pain-myths/#{row.slug}" target="_blank"' in html


@pytest.mark.parametrize(
    "answers",
    [ORDINARY | {"risk-factors": ["cancer"]}, {"emergency-signs": ["both-legs-weak"]}],
    ids=["urgent", "emergency"],
)
def test_no_key_message_on_the_urgent_or_emergency_results(answers):
    page = outcome(answers)
    assert page.urgency in ("urgent", "emergency")
    assert "data-key-message" not in page.html and "key-message" not in page.html


def test_a_message_shows_only_where_its_editors_tick_and_needs_a_phase():
    message = KeyMessage.objects.get(slug="scans-rarely-help")
    assert message.fits("gp", "first-days") and not message.fits("self-care", "first-days")
    assert not message.fits("urgent", "first-days") and not message.fits("emergency", None)
    assert reassurance.for_result("urgent", "first-hours") is None
    message.for_first_hours = message.for_first_days = message.for_after_72_hours = message.for_recovery = False
    with pytest.raises(ValidationError, match="Tick at least one phase"):
        message.full_clean()


def test_the_myths_page_gives_every_message_and_myth_with_its_sources(client):
    response = client.get(MYTHS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    for message in KeyMessage.objects.published():
        assert f'id="{message.slug}"' in html and message.message in text
        assert message.citations.exists(), message.slug
    for myth in Myth.objects.published():
        assert f'id="{myth.slug}"' in html and myth.myth in text and myth.truth in text
        assert myth.citations.exists(), myth.slug
    assert "O'Sullivan 2020 (BJSM)" in text and "NICE NG59" in text and "Brinjikji 2015 (AJNR)" in text
    # A reader finds it in the site's menu and on the home page; with htmx, one URL gives the partial.
    assert f'href="{MYTHS_URL}">Myths and facts</a>' in client.get("/").content.decode()
    partial = Client(headers=HTMX).get(MYTHS_URL).content.decode()
    assert "<html" not in partial and "Myth:" in partial


def test_the_flare_up_plan_gives_the_first_hours_and_days_the_warning_signs_and_lines_to_fill_in(client):
    html = client.get(FLARE_UP_URL).content.decode()
    text = visible_text(html)
    for heading in ["In the first hours", "Over the next few days", "If it is not settling", "Write in by hand"]:
        assert heading in text, heading
    for step in FlareUpStep.objects.published():
        assert step.text.replace("{gp}", "GP") in text, step.slug
    for sign in WarningSign.objects.published().filter(urgency__in=["emergency", "urgent"]):
        assert sign.in_brief[0].upper() + sign.in_brief[1:] in text, sign.slug
    for blank in ["What helped last time", "Who to call: my GP", "Who can help me at home"]:
        assert blank in text
    assert "Flare-ups settle." in text  # the one message ticked for the plan
    # Nothing to type in: filled in by hand, so there is nothing to store.
    plan = html[html.index('<article class="flare-up-plan"') : html.index("</article>")]
    assert "<input" not in plan and "<textarea" not in plan and "<form" not in plan
    assert 'href="tel:999"' in html


def test_the_flare_up_plan_is_offered_from_the_self_care_result_and_the_recovery_phase():
    ordinary = outcome(ORDINARY).html
    take_away = ordinary[ordinary.index('class="fold take-away') :]
    assert (
        f'href="{FLARE_UP_URL}" target="_blank" rel="noopener">Print a flare-up plan for next time {NEW_TAB}'
        in take_away
    )
    # The plan's recovery phase, folded or not, offers it and the walking plan.
    recovery = ordinary[ordinary.index('id="phase-recovery"') :]
    assert f'href="{FLARE_UP_URL}" target="_blank"' in recovery and f'href="{WALKING_URL}" target="_blank"' in recovery
    gp = outcome(ORDINARY | {"symptoms": ["new-lump"]}).html
    assert "Print a flare-up plan for next time" in gp  # its recovery phase, not the take-away
    assert gp[gp.index('class="fold take-away') :].count(FLARE_UP_URL) == 0


def test_the_walking_plan_is_honest_about_what_the_trial_tested(client):
    text = visible_text(client.get(WALKING_URL).content.decode())
    plan = WalkingPlan.objects.get(slug="walk-back")
    for words in [
        "701 adults",
        "just got over a bout of back pain",
        "6 sessions over 6 months",
        "30 minutes, 5 times a week",
    ]:
        assert words in plan.evidence and words in text, words
    assert "within 208 days" in text and "within 112 days" in text
    assert "It is not what the trial tested" in text and "did not test walking while back pain is new" in text
    assert "WalkBack trial (Pocovi 2024)" in text
    assert [(w.week, w.until_week, w.minutes, w.walks) for w in plan.weeks.all()][-1] == (19, 26, 30, 5)


def weekly_calendar(response) -> Calendar:
    assert response.status_code == 200, visible_text(response.content.decode())[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="walk-back.ics"'
    assert "no-store" in response["Cache-Control"] and not response.cookies
    return Calendar.from_ical(response.content)


def test_the_walking_calendar_gives_a_reminder_each_week_from_the_start_chosen():
    start = timezone.localdate() + datetime.timedelta(days=5)
    events = weekly_calendar(Client().get(CALENDAR_URL, {"start": start.isoformat()})).walk("VEVENT")
    assert [event.decoded("DTSTART") for event in events] == [start + datetime.timedelta(weeks=n) for n in range(26)]
    assert str(events[0]["SUMMARY"]) == "Walking to keep your back well, week 1: 3 walks of 10 minutes"
    assert str(events[25]["SUMMARY"]) == "Walking to keep your back well, week 26: 5 walks of 30 minutes"
    for event in events:
        description = str(event["DESCRIPTION"])
        assert "Stop if the pain gets sharp or much worse." in description
        assert "http://testserver/walking-plan/" in description and "http://testserver/warning-signs/" in description
        assert event.walk("VALARM")[0].decoded("TRIGGER") == datetime.timedelta(hours=9)
    # In another country, its own emergency number.
    client = Client()
    client.cookies["__Host-country"] = "us"
    us = weekly_calendar(client.get(CALENDAR_URL, {"start": start.isoformat()})).walk("VEVENT")
    assert "Call 911 for chest pain." in str(us[0]["DESCRIPTION"])


def test_the_walking_calendar_starts_today_when_no_date_is_given():
    events = weekly_calendar(Client().get(CALENDAR_URL)).walk("VEVENT")
    assert events[0].decoded("DTSTART") == timezone.localdate()
    assert (
        weekly_calendar(Client().get(CALENDAR_URL, {"start": ""})).walk("VEVENT")[0].decoded("DTSTART")
        == timezone.localdate()
    )


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("next tuesday", "Enter a date, such as 5 January 2027."),
        ((datetime.date.today() - datetime.timedelta(days=3)).isoformat(), "Choose today or a day after it."),
        ((datetime.date.today() + datetime.timedelta(days=800)).isoformat(), "Choose a day within the next year."),
    ],
    ids=["not a date", "in the past", "years ahead"],
)
def test_a_bad_start_date_gets_the_page_again_with_a_clear_message_and_a_400(start, message):
    response = Client().get(CALENDAR_URL, {"start": start})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in visible_text(html) and 'role="alert"' in html
    assert "Walking to keep your back well" in visible_text(html)


def test_an_unknown_or_unpublished_plan_has_no_calendar():
    assert Client().get("/walking-plan/no-such-plan/calendar/").status_code == 404
    WalkingPlan.objects.update(published=False)
    assert Client().get(CALENDAR_URL).status_code == 404
    assert Client().get(WALKING_URL).status_code == 404


def test_the_weeks_follow_on_one_after_another():
    for plan in WalkingPlan.objects.all():
        weeks = list(plan.weeks.order_by("week"))
        assert weeks[0].week == 1
        for before, after in itertools.pairwise(weeks):
            assert after.week == before.until_week + 1, (plan.slug, after.week)


def test_weekly_reminders_say_the_weeks_target_and_tip():
    plan = WalkingPlan.objects.get(slug="walk-back")
    start = datetime.date(2027, 1, 4)
    reminders = walking.weekly(plan, list(plan.weeks.order_by("week")), start, footer="Footer.")
    assert (
        len(reminders) == 26 and reminders[0].day == start and reminders[-1].day == start + datetime.timedelta(weeks=25)
    )
    assert (
        reminders[0].description
        == "This week: 3 walks of 10 minutes.\n\nWalk on flat ground, at an easy pace.\n\nFooter."
    )
    assert reminders[2].description == "This week: 3 walks of 15 minutes.\n\nFooter."


@pytest.mark.parametrize(
    ("model", "parts"),
    [(KeyMessage, None), (Myth, None), (FlareUpStep, None), (WalkingPlan, "weeks-group")],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_editors_edit_them_with_citations_and_history_in_the_admin(admin_client, model, parts):
    name = model._meta.model_name
    obj = model.objects.first()
    assert admin_client.get(reverse(f"admin:guide_{name}_changelist") + "?q=back").status_code == 200
    html = admin_client.get(reverse(f"admin:guide_{name}_change", args=[obj.pk])).content.decode()
    assert 'id="citations-group"' in html and "History" in html
    if parts:
        assert f'id="{parts}"' in html
    revisions = obj.history.count()
    obj.save()
    assert obj.history.count() == revisions + 1
    assert admin_client.get(reverse(f"admin:guide_{name}_history", args=[obj.pk])).status_code == 200


def test_the_help_for_editors_says_where_a_message_shows(admin_client):
    html = admin_client.get(reverse("admin:guide_keymessage_add")).content.decode()
    assert "A result shows one message only" in html and "never shows on the emergency or urgent results" in html
