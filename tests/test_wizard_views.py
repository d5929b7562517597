"""The triage wizard's pages: every step full and partial, complete runs for every tier, query counts.

Runs against generated content, and against the real fixtures too once they are on main.
"""

import itertools
import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from guide import triage
from guide.models import Treatment, WarningSign
from tests.factories import make_guide, make_source, make_warning_sign
from tests.test_pages import main_text
from tests.wizard_support import (
    ANSWER_URL,
    CALM_PAIN,
    START_URL,
    Page,
    make_triage_content,
    run,
)

pytestmark = pytest.mark.django_db

CONTENT = ["generated", "fixtures"]
HTMX = {"HX-Request": "true", "HX-Target": "main", "HX-Request-Type": "partial"}


@pytest.fixture(params=CONTENT)
def content(request):
    if request.param == "fixtures":
        request.getfixturevalue("guide_content")
    else:
        make_triage_content()
    return request.param


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request) -> bool:
    return request.param


@pytest.fixture
def any_client(htmx) -> Client:
    return Client(headers=HTMX) if htmx else Client()


def signs_at(urgency: str) -> list[WarningSign]:
    return list(WarningSign.objects.published().filter(urgency=urgency))


def sign_name(sign: WarningSign) -> str:
    return f"sign-{sign.slug}"


def tier_paths() -> dict[str, list[dict[str, str]]]:
    """Answers that should end in each tier: one path per sign and answer, per pain rule, and calm pain."""
    paths = {tier: [] for tier in triage.TIERS}
    for sign in WarningSign.objects.published():
        if sign.urgency == WarningSign.Urgency.GP and sign.slug in triage.PAIN_SIGN_SLUGS:
            continue  # asked through the about-the-pain questions
        for answer in (triage.YES, triage.NOT_SURE):
            paths[sign.urgency].append(CALM_PAIN | {sign_name(sign): answer})
    for rule in triage.PAIN_RULES:
        for combination in itertools.product(*(sorted(answers) for answers in rule.when.values())):
            paths[triage.GP].append(CALM_PAIN | dict(zip(rule.when, combination, strict=True)))
    for started, severity, recurring in itertools.product(
        ["hours", "days", "week", "weeks"], ["mild", "moderate"], ["first", "before"]
    ):
        paths[triage.SELF_CARE].append(CALM_PAIN | {"started": started, "severity": severity, "recurring": recurring})
    return paths


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def without_htmx_extras(html: str) -> str:
    """A partial minus the <title> and out-of-band header and footer htmx moves elsewhere."""
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    return re.sub(r'<(div|p) [^>]*data-hx-swap-oob="true".*?</\1>', "", html, count=0, flags=re.S)


def assert_never_stored(response):
    assert "no-store" in response["Cache-Control"]
    assert not 300 <= response.status_code < 400


# Each step as a full page and as an htmx partial


def step_pages(client: Client) -> list:
    step1 = client.get(START_URL)
    step2 = Page(step1).submit(client, {}, ("go", "none")).response
    step3 = Page(step2).submit(client, {}, ("go", "none")).response
    return [step1, step2, step3]


def test_every_step_is_a_full_page_and_an_htmx_partial_with_the_same_content(content):
    full_pages, partials = step_pages(Client()), step_pages(Client(headers=HTMX))
    for number, (full, partial) in enumerate(zip(full_pages, partials, strict=True), start=1):
        full_html, partial_html = full.content.decode(), partial.content.decode()
        assert full.status_code == partial.status_code == 200
        assert_never_stored(full)
        assert_never_stored(partial)
        assert "<html" in full_html and "<html" not in partial_html
        assert full_html.count("<h1") == partial_html.count("<h1") == 1
        assert f"Step {number} of 4" in full_html
        assert f"<title>Step {number} of 4: " in full_html and f"<title>Step {number} of 4: " in partial_html
        # CSRF tokens differ per response; compare everything else.
        strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
        assert main_text(strip(without_htmx_extras(partial_html))) == main_text(strip(main_of(full_html)))


def test_each_step_is_one_post_form_with_labelled_inputs_and_one_primary_button(content):
    for response in step_pages(Client()):
        html = main_of(response.content.decode())
        assert len(re.findall(r'<form [^>]*method="post"', html)) == 1
        assert 'data-hx-post="/triage/answers/"' in html and 'data-hx-target="#main"' in html
        assert html.count('class="button"') == 1
        for input_id in re.findall(r'<input type="radio"[^>]* id="([^"]+)"', html):
            assert f'<label class="choice" for="{input_id}">' in html
        assert " hx-" not in html and "hx-on" not in html and "style=" not in html and "<script" not in html


def test_step_one_asks_every_published_emergency_sign_with_why_we_ask(content):
    html = Client().get(START_URL).content.decode()
    for sign in signs_at(WarningSign.Urgency.EMERGENCY):
        assert escape(sign.question) in html
        assert f'name="{sign_name(sign)}" value="not-sure"' in html
        if sign.why_we_ask:
            assert f"Why we ask: {escape(sign.why_we_ask)}" in html
    assert "I have none of these" in html
    assert "Back to the home page" in html


def test_step_three_asks_about_the_pain_and_the_gp_signs_not_covered(content):
    html = step_pages(Client())[2].content.decode()
    for question in triage.PAIN_ANSWERS:
        assert f'name="{question}"' in html
    assert "Severe: I can hardly move" in html
    for sign in signs_at(WarningSign.Urgency.GP):
        assert (f'name="{sign_name(sign)}"' in html) == (sign.slug not in triage.PAIN_SIGN_SLUGS)
    assert "I have none of these" not in html


# Complete runs, every tier, with and without htmx


def test_complete_runs_end_in_the_right_tier(content, any_client, htmx):
    for tier, paths in tier_paths().items():
        assert paths, tier
        # Without JavaScript every path; with htmx the first and last of each tier (same server code).
        for answers in paths[:: max(len(paths) - 1, 1)] if htmx else paths:
            pages = run(any_client, answers)
            outcome = pages[-1]
            assert outcome.response.status_code == 200, answers
            assert outcome.urgency == tier, answers
            assert outcome.html.count("data-urgency=") == 1
            assert ("<html" in outcome.html) is not htmx
            for page in pages:
                assert_never_stored(page.response)
            # Warning-sign steps end early; the pain questions come last.
            assert len(pages) == {"emergency": 2, "urgent": 3}.get(tier, 4)
            assert "Because you said" in outcome.html


def test_the_number_of_paths_per_tier():
    make_triage_content()
    counts = {tier: len(paths) for tier, paths in tier_paths().items()}
    # Two signs per tier, each yes or not sure; every answer of every pain rule; 16 calm runs.
    assert counts == {"emergency": 4, "urgent": 4, "gp": 4 + 13, "self-care": 16}


def test_not_sure_on_a_warning_sign_counts_as_yes(content):
    sign = signs_at(WarningSign.Urgency.URGENT)[0]
    outcome = run(Client(), {sign_name(sign): triage.NOT_SURE})[-1]
    assert outcome.urgency == "urgent"
    assert escape(f"you are not sure if {sign.label}") in outcome.html


def test_i_have_none_of_these_keeps_a_yes_given_on_the_same_step(content):
    sign = signs_at(WarningSign.Urgency.EMERGENCY)[-1]
    outcome = Page(Client().get(START_URL)).submit(Client(), {sign_name(sign): triage.YES}, ("go", "none"))
    assert outcome.urgency == "emergency"


# What each outcome says


def test_emergency_shows_the_number_first_and_big_with_nothing_leading_away(content, any_client):
    sign = signs_at(WarningSign.Urgency.EMERGENCY)[0]
    outcome = run(any_client, {sign_name(sign): triage.YES})[-1]
    html = without_htmx_extras(outcome.html) if "<html" not in outcome.html else main_of(outcome.html)
    assert main_text(html).startswith("Call 999 now Call 999 Or go to A&amp;E now.")
    assert 'class="call-button" href="tel:999"' in html
    assert escape(sign.label) in html and escape(sign.advice.split("\n")[0]) in html
    links = re.findall(r'<a [^>]*href="([^"]*)"', outcome.html)
    assert set(links) <= {"tel:999", "#main"}, links
    assert "Step 4 of 4" not in outcome.html


def test_urgent_says_what_to_do_how_soon_and_meanwhile(content):
    sign = signs_at(WarningSign.Urgency.URGENT)[0]
    outcome = run(Client(), {sign_name(sign): triage.YES})[-1]
    html = main_of(outcome.html)
    assert "Get help today" in html and 'href="tel:111"' in html
    assert "While you wait" in html and "How to:" in html
    assert "Call 999 now if" in html
    for emergency in signs_at(WarningSign.Urgency.EMERGENCY):
        assert escape(emergency.label) in html


def test_gp_says_how_soon_and_gives_the_plan_meanwhile(content):
    outcome = run(Client(), CALM_PAIN | {"severity": "severe"})[-1]
    html = main_of(outcome.html)
    assert "See a GP in the next few days" in html
    assert "the pain is severe" in html
    assert "While you wait: your plan" in html and "Now: first 2 to 3 days" in html
    assert "Call 999 now if" in html and "Get help today" in html and "See a GP if" not in html


def test_self_care_gives_the_phase_plan_from_content_and_a_get_help_list(content):
    outcome = run(Client(), CALM_PAIN | {"started": "hours"})[-1]
    html = main_of(outcome.html)
    assert outcome.urgency == "self-care"
    for said in ["you have none of the warning signs", "it started in the last few hours", "the pain is moderate"]:
        assert said in html
    assert "Now: first hours" in html and "Then: after 72 hours" in html
    assert html.index("Now: first hours") < html.index("Then: first 2 to 3 days") < html.index("Then: after 72 hours")
    for urgency_heading in ["Call 999 now if", "Get help today, from 111 or your GP, if", "See a GP if"]:
        assert urgency_heading in html


def test_self_care_plan_uses_the_treatments_own_text_and_links(client):
    make_triage_content()
    html = main_of(run(client, CALM_PAIN | {"started": "days"})[-1].html)
    assert "Ice for 20 minutes on, then 90 minutes off." in html
    assert "Use heat after 72 hours." in html
    assert html.index("Ice pack") < html.index("Then: after 72 hours") < html.index("Heat wrap")
    assert 'href="/treatments/ice/"' in html and 'href="/stretches/' in html and "hold 5 seconds, 4 times" in html
    assert "Surgery" not in html and "Bed rest" not in html
    assert "Lie down" not in html  # first hours are over, so the plan starts at the first days


def test_the_real_plan_has_the_ice_schedule_and_heat_from_the_treatments_text(client, guide_content):
    html = main_of(run(client, CALM_PAIN | {"started": "hours"})[-1].html)
    ice, heat = Treatment.objects.get(slug="ice-pack"), Treatment.objects.get(slug="moist-heat")
    assert "20 minutes" in ice.how_to and "90 minutes" in ice.how_to and "72 hours" in ice.when
    for line in ice.how_to.splitlines() + heat.how_to.splitlines():
        assert f"<li>{escape(line)}</li>" in html
    assert escape(ice.when.split("\n")[0]) in html
    assert html.index("Now: first hours") < html.index(ice.name) < html.index("Then: after 72 hours")
    for not_at_home in Treatment.objects.exclude(kind__in=["self-care", "medicine"]):
        assert f'href="{not_at_home.get_absolute_url()}"' not in html
    for not_recommended in Treatment.objects.filter(evidence="not-recommended"):
        assert f'href="{not_recommended.get_absolute_url()}"' not in html


def test_the_home_page_and_the_nav_lead_into_the_wizard(client):
    make_triage_content()
    html = client.get("/").content.decode()
    assert '<a class="button" href="/triage/">Check your symptoms</a>' in html
    assert 'href="/warning-signs/">read the warning signs</a>' in html
    for url in ["/", "/treatments/", "/warning-signs/"]:
        assert '<li><a href="/triage/">Check your symptoms</a></li>' in client.get(url).content.decode()


def test_a_resubmitted_step_shows_the_same_screen(client):
    """Without JavaScript, browser back asks to resend the form: resending must work, CSRF included."""
    make_triage_content()
    client = Client(enforce_csrf_checks=True)
    step2 = Page(client.get(START_URL)).submit(client, {}, ("go", "none"))
    data = step2.data({}, ("go", "none"))
    first, again = client.post(ANSWER_URL, data), client.post(ANSWER_URL, data)
    assert first.status_code == again.status_code == 200
    assert Page(first).step == Page(again).step == "pain"


@override_settings(BACKCARE_EMERGENCY_NUMBER="112", BACKCARE_URGENT_NUMBER="116 117")
def test_the_phone_numbers_come_from_settings(client):
    make_triage_content()
    emergency = run(client, {"sign-emergency-sign-1": triage.YES})[-1].html
    assert 'href="tel:112"' in emergency and "Call 112 now" in emergency
    urgent = run(client, {"sign-urgent-sign-1": triage.YES})[-1].html
    assert 'href="tel:116 117"' in urgent


# Change my answers


def test_change_my_answers_goes_back_one_step_with_every_answer_kept(client):
    make_triage_content()
    step1 = Page(client.get(START_URL))
    outcome = step1.submit(client, {"sign-emergency-sign-1": "no", "sign-emergency-sign-2": "not-sure"})
    assert outcome.urgency == "emergency"  # not sure counts as yes
    step1 = outcome.submit(client, {}, ("show", "emergency"))
    assert step1.step == "emergency" and step1.response.status_code == 200
    assert 'value="not-sure" id="id_sign-emergency-sign-2_2" checked>' in step1.html
    step2 = step1.submit(client, {"sign-emergency-sign-2": "no"})
    assert step2.step == "urgent"
    step3 = step2.submit(client, {"sign-urgent-sign-1": "no", "sign-urgent-sign-2": "no"})
    back = step3.submit(client, CALM_PAIN | {"sign-gp-sign-1": "no"}, ("show", "urgent"))  # one question left blank
    assert back.step == "urgent" and back.html.count(" checked>") == 2
    assert ("started", "days") in back.form.hidden and ("sign-gp-sign-1", "no") in back.form.hidden
    step3 = back.submit(client, {})
    assert step3.step == "pain"
    assert 'name="started" value="days" id="id_started_1" checked>' in step3.html
    outcome = step3.submit(client, {"sign-gp-sign-2": "no"})
    assert outcome.urgency == "self-care"
    again = outcome.submit(client, {}, ("show", "pain"))
    assert again.step == "pain" and again.html.count(" checked>") == len(again.form.radios)
    assert again.submit(client, {}).urgency == "self-care"


def test_change_my_answers_from_an_early_outcome_returns_to_the_step_that_ended_it(client):
    make_triage_content()
    outcome = run(client, {"sign-urgent-sign-2": "yes"})[-1]
    assert outcome.submit(client, {}, ("show", "urgent")).step == "urgent"


# Data-driven: editors change the questions


def test_editors_adding_editing_and_unpublishing_signs_change_the_wizard(client):
    signs = make_triage_content()
    signs["emergency-sign-1"].published = False
    signs["emergency-sign-1"].save()
    signs["emergency-sign-2"].question = "Is your new question here?"
    signs["emergency-sign-2"].save()
    signs["gp-sign-1"].urgency = WarningSign.Urgency.URGENT
    signs["gp-sign-1"].save()
    make_warning_sign(make_source(), slug="brand-new", question="Is this a brand new sign?", label="it is new")
    html = client.get(START_URL).content.decode()
    assert "sign-emergency-sign-1" not in html and "Is your new question here?" in html
    assert 'name="sign-brand-new"' in html and "Is this a brand new sign?" in html
    assert run(client, {"sign-brand-new": "yes"})[-1].urgency == "emergency"
    step2 = Page(client.get(START_URL)).submit(client, {}, ("go", "none"))
    assert 'name="sign-gp-sign-1"' in step2.html
    outcome = step2.submit(client, {"sign-gp-sign-1": "yes"}, ("go", "none"))
    assert outcome.urgency == "urgent"


def test_an_editor_raising_a_pain_sign_raises_the_outcome(client):
    signs = make_triage_content()
    signs["keeps-coming-back"].urgency = WarningSign.Urgency.URGENT
    signs["keeps-coming-back"].save()
    outcome = run(client, CALM_PAIN | {"recurring": "keeps"})[-1]
    assert outcome.urgency == "urgent"
    assert "Advice for keeps-coming-back." in outcome.html


def test_an_unpublished_pain_sign_still_counts_at_gp_level(client):
    signs = make_triage_content()
    signs["one-leg-numb-weak"].published = False
    signs["one-leg-numb-weak"].save()
    outcome = run(client, CALM_PAIN | {"one_leg": "not-sure"})[-1]
    assert outcome.urgency == "gp"
    assert "you are not sure if one leg or foot is numb or weak" in outcome.html


def test_why_we_ask_for_pain_questions_comes_from_the_sign_they_map_to(client):
    make_triage_content()
    html = step_pages(client)[2].content.decode()
    assert "Why we ask: Why we ask: one-leg-numb-weak." in html
    assert "Why we ask: Why we ask: severe-or-worsening." in html


def test_with_no_content_yet_the_wizard_still_works(client):
    pages = run(client, CALM_PAIN)
    assert "There are no questions on this step right now." in pages[0].html
    assert [page.response.status_code for page in pages] == [200] * 4
    assert pages[-1].urgency == "self-care"


# SQL queries per step, flat as content grows

QUERIES = {"step 1": 1, "step 2": 1, "step 3": 1, "emergency": 1, "urgent": 2, "gp": 3, "self-care": 3}


def queries_per_step(client) -> dict[str, int]:
    counts = {}

    def timed(name, call):
        with CaptureQueriesContext(connection) as queries:
            page = call()
        counts[name] = len(queries)
        return page

    step1 = timed("step 1", lambda: Page(client.get(START_URL)))
    step2 = timed("step 2", lambda: step1.submit(client, {}, ("go", "none")))
    step3 = timed("step 3", lambda: step2.submit(client, {}, ("go", "none")))
    no_gp = {name: "no" for name in step3.form.radios if name.startswith("sign-")}
    timed("emergency", lambda: step1.submit(client, {"sign-emergency-sign-1": "yes"}, ("go", "none")))
    timed("urgent", lambda: step2.submit(client, {"sign-urgent-sign-1": "yes"}, ("go", "none")))
    timed("gp", lambda: step3.submit(client, CALM_PAIN | no_gp | {"severity": "severe"}))
    timed("self-care", lambda: step3.submit(client, CALM_PAIN | no_gp))
    return counts


def test_sql_queries_per_step_are_few_and_flat_as_content_grows(client):
    make_triage_content()
    assert queries_per_step(client) == QUERIES
    make_guide(copies=10)
    assert queries_per_step(client) == QUERIES
