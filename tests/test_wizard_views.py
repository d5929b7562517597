"""The triage wizard's pages on the real questionnaire: every screen full and partial, follow-ups with
and without htmx, errors, "Change my answers", what each outcome says, and query counts.
"""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from guide import vignettes
from guide.country_words import fill
from guide.models import AnswerOption, Country, Question, Rule, TierAdvice, WarningSign
from pagecache.models import ContentVersion
from tests.factories import make_guide
from tests.wizard_support import ANSWER_URL, HTMX, MEANINGS, ORDINARY, START_URL, Page, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def any_client(request) -> Client:
    return Client(headers=HTMX) if request.param else Client()


def in_uk(text: str) -> str:
    """Content as a page in the UK (the default country) shows it: its placeholders filled in."""
    return fill(text, Country.objects.get(code="gb"))


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")] if "<main" in html else html


def strip_htmx_extras(html: str) -> str:
    """A partial minus the <title> and the out-of-band header and footer htmx moves elsewhere."""
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    return re.sub(r'<(div|p) [^>]*data-hx-swap-oob="true".*?</\1>', "", html, flags=re.S)


def text(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def screens(client) -> list[Page]:
    """The four question screens of an ordinary spasm, in order."""
    pages = [Page(client.get(START_URL))]
    for answers in [
        {"emergency-signs": []},
        {"age": "16-49", "onset": "1-3-days", "risk-factors": []},
        {"how-it-started": "movement", "severity": "moderate"},
    ]:
        pages.append(pages[-1].submit(client, answers))
    return pages


# Every screen, full page and htmx partial


def test_every_screen_is_a_full_page_and_an_htmx_partial_with_the_same_content():
    full, partial = screens(Client()), screens(Client(headers=HTMX))
    assert [page.step for page in full] == ["emergency", "about-you", "the-pain", "symptoms"]
    for number, (whole, part) in enumerate(zip(full, partial, strict=True), start=1):
        assert whole.response.status_code == part.response.status_code == 200
        assert "no-store" in whole.response["Cache-Control"] and "no-store" in part.response["Cache-Control"]
        assert "<html" in whole.html and "<html" not in part.html
        assert f"<title>Step {number} of 5: " in whole.html and f"<title>Step {number} of 5: " in part.html
        assert text(strip_htmx_extras(part.html)) == text(main_of(whole.html))


def test_each_screen_is_one_post_form_with_labelled_inputs_and_one_primary_button():
    for page in screens(Client()):
        html = main_of(page.html)
        assert len(re.findall(r'<form [^>]*method="post"', html)) == 1
        assert 'data-hx-post="/triage/answers/"' in html and 'data-hx-target="#main"' in html
        assert html.count('class="button"') == 1
        assert set(page.form.ids) <= set(page.form.labels)  # every input has a <label for>
        assert " hx-" not in html and "hx-on" not in html and "style=" not in html and "<script" not in html


def test_every_label_is_bound_to_the_value_the_rules_read():
    """What the person reads beside each button is the answer the rules receive, for every question."""
    client = Client()
    seen = set()
    for question in Question.objects.published().prefetch_related("options"):
        page = reach(client, question)
        by_value = {
            value: page.form.labels[input_id]
            for input_id, (name, value) in page.form.ids.items()
            if name == f"q-{question.slug}"
        }
        meanings = MEANINGS[question.slug]
        assert set(meanings) == {option.value for option in question.options.all()}, question.slug
        for option in question.options.all():
            label = " ".join(f"{option.label} {option.hint}".split())
            assert by_value[option.value] == label, (question.slug, option.value)
            if question.kind == Question.Kind.CHOICE:
                assert label.startswith(meanings[option.value]), (question.slug, option.value, label)
            else:
                assert meanings[option.value] in label, (question.slug, option.value, label)
        if question.kind == Question.Kind.CHECKLIST:
            assert by_value.pop("none") == "None of these"
        assert set(by_value) == {option.value for option in question.options.all()}
        seen.add(question.slug)
    assert len(seen) == Question.objects.published().count() == 20


def reach(client, question: Question) -> Page:
    """A screen that shows `question`: its block's main screen, with its trigger answered if it has one."""
    trigger = question.ask_if.select_related("question").first()
    answers = dict(ORDINARY)
    link = trigger
    while link:  # the trigger's own trigger too, for a follow-up of a follow-up from an earlier screen
        answers[link.question.slug] = [link.value] if link.question.kind == "checklist" else link.value
        link = link.question.ask_if.select_related("question").first()
    blocks = ["emergency", "about-you", "the-pain", "symptoms"]
    page = Page(client.get(START_URL))
    while page.step != question.block.slug:
        page = page.submit(client, {slug: answers.get(slug, []) for slug in page.questions})
    if f"q-{question.slug}" not in page.form.inputs:  # its trigger is on this screen: show it in place
        data = page.data({trigger.question.slug: answers[trigger.question.slug]}) | {"go": ["update"]}
        page = Page(client.post(ANSWER_URL, data))
    assert f"q-{question.slug}" in page.form.inputs, (question.slug, blocks)
    return page


def test_the_first_screen_is_the_emergency_checklist_with_none_of_these():
    page = Page(Client().get(START_URL))
    assert page.questions == ["emergency-signs"] and page.form.kinds["q-emergency-signs"] == "checkbox"
    assert page.form.inputs["q-emergency-signs"][-1] == "none"
    assert 'value="none" id="id_q-emergency-signs_none" data-exclusive' in page.html
    assert "Tick any that are true, or that you are not sure about." in page.html
    assert "Back to the home page" in page.html and "How we test this checker" in page.html


def test_each_question_is_drawn_as_its_kind_with_its_groups():
    first = Page(Client().get(START_URL)).html
    assert '<fieldset class="question question--checklist" id="id_q-emergency-signs-question"' in first
    assert '<div class="choices choices--checklist">' in first
    assert '<h2 class="choices-group">Signs that you are seriously ill</h2>' in first
    assert first.count('<h2 class="choices-group">') == 2
    about = screens(Client())[1].html
    assert '<fieldset class="question question--choice" id="id_q-age-question"' in about
    assert '<div class="choices choices--choice">' in about and "choices-group" not in about


# Complete runs


@pytest.mark.parametrize(
    ("answers", "tier", "screens"),
    [
        ({"emergency-signs": ["hard-to-pee"]}, "emergency", 2),
        (ORDINARY | {"risk-factors": ["aneurysm"]}, "emergency", 3),
        (ORDINARY | {"risk-factors": ["cancer"]}, "urgent", 5),
        (ORDINARY | {"symptoms": ["between-shoulders"]}, "gp", 5),
        (ORDINARY, "self-care", 5),
    ],
    ids=["emergency-first-screen", "emergency-second-screen", "urgent", "gp", "self-care"],
)
def test_complete_runs_end_in_the_right_tier(any_client, answers, tier, screens):
    pages = run(any_client, answers)
    assert pages[-1].urgency == tier and len(pages) == screens
    assert pages[-1].html.count("data-urgency=") == 1
    for page in pages:
        assert "no-store" in page.response["Cache-Control"]


def test_a_tick_on_the_first_screen_ends_in_an_emergency_even_with_none_of_these_ticked():
    page = Page(Client().get(START_URL))
    outcome = page.submit(Client(), {"emergency-signs": ["fainted", "none"]})
    assert outcome.urgency == "emergency"


def test_the_usual_self_care_path_takes_5_screens_and_few_taps():
    pages = run(Client(), ORDINARY)
    assert len(pages) == 5  # 4 question screens and the outcome
    ticks = sum(1 if isinstance(answer, str) else len(answer) or 1 for answer in ORDINARY.values())
    assert ticks + len(pages) - 1 == 11  # 7 answers or "None of these", and Continue on each of 4 screens


def test_the_longest_path_takes_8_screens_without_javascript():
    answers = ORDINARY | {
        "risk-factors": ["pregnant"],
        "pregnancy-weeks": "16-weeks-or-more",
        "pregnancy-signs": [],
        "how-it-started": "fall-or-knock",
        "bruise": "no",
        "symptoms": ["night-pain"],
        "night-ease": "yes",
    }
    pages = run(Client(), answers)
    assert [(page.step, page.part) for page in pages[:-1]] == [
        ("emergency", "main"),
        ("about-you", "main"),
        ("about-you", "follow-up"),
        ("the-pain", "main"),
        ("the-pain", "follow-up"),
        ("symptoms", "main"),
        ("symptoms", "follow-up"),
    ]
    assert len(pages) == 8 and pages[-1].urgency == "self-care"


# Follow-ups


def test_without_javascript_a_follow_up_comes_on_a_short_screen_of_its_own():
    page = screens(Client())[-1]
    follow_up = page.submit(Client(), {"symptoms": ["night-pain"]})
    assert follow_up.response.status_code == 200
    assert (follow_up.step, follow_up.part, follow_up.questions) == ("symptoms", "follow-up", ["night-ease"])
    assert "One more thing about your answers." in follow_up.html
    assert ("q-symptoms", "night-pain") in follow_up.form.hidden
    assert follow_up.submit(Client(), {"night-ease": "yes"}).urgency == "self-care"
    assert follow_up.submit(Client(), {"night-ease": "no"}).urgency == "gp"


def test_with_htmx_a_trigger_asks_for_its_follow_up_in_place():
    page = screens(Client(headers=HTMX))[-1]
    assert 'data-hx-trigger="change"' in page.html and 'data-hx-select="#follow-ups-symptoms"' in page.html
    assert '<div class="follow-ups" id="follow-ups-symptoms"></div>' in page.html
    data = page.data({"symptoms": ["night-pain", "weight-loss"]}) | {"go": ["update"]}
    update = Page(Client(headers=HTMX).post(ANSWER_URL, data))
    assert update.response.status_code == 200 and update.step == "symptoms" and update.part == "main"
    # The follow-ups fill the slot beside their trigger (htmx swaps only the slot), not the screen below it.
    assert '<div class="follow-ups" id="follow-ups-symptoms"></div>' not in update.html
    slot = update.html[update.html.index('id="follow-ups-symptoms"') :]
    assert "When the pain wakes you, can you ease it by changing position?" in slot
    assert "Do your clothes feel looser than they did a month ago?" in slot
    assert "Answer every question" not in update.html  # an update shows no errors
    outcome = update.submit(Client(headers=HTMX), {"night-ease": "yes", "clothes-looser": "no"})
    assert outcome.urgency == "self-care"


def test_a_follow_up_whose_trigger_was_on_an_earlier_screen_is_part_of_its_own_screen():
    page = Page(Client().get(START_URL))
    page = page.submit(Client(), {"emergency-signs": []})
    pain = page.submit(Client(), {"age": "16-49", "onset": "over-3-months", "risk-factors": []})
    assert pain.questions == ["how-it-started", "severity", "course", "began-before-45"]


def test_a_follow_up_of_a_follow_up_from_an_earlier_screen_waits_beside_it():
    """NICE NG65's signs are asked only when long-lasting pain began before 45: a follow-up (before 45)
    of an earlier screen's answer, whose own follow-up (the signs) appears beside it."""
    about = screens(Client())[1]
    pain = about.submit(Client(), {"age": "16-49", "onset": "over-3-months", "risk-factors": []})
    answers = {"how-it-started": "gradual", "severity": "mild", "course": "same", "began-before-45": "yes"}
    follow_up = pain.submit(Client(), answers)
    assert (follow_up.step, follow_up.part, follow_up.questions) == ("the-pain", "follow-up", ["inflammatory"])
    assert follow_up.submit(
        Client(), {"inflammatory": ["began-before-35", "wakes-late-night", "buttock-pain"]}
    ).step == ("symptoms")
    # With htmx the signs fill the slot beside "before 45"; "no" asks nothing more.
    data = pain.data(answers) | {"go": ["update"]}
    update = Page(Client(headers=HTMX).post(ANSWER_URL, data))
    slot = update.html[update.html.index('id="follow-ups-began-before-45"') :]
    assert "Do any of these fit your back pain?" in slot
    assert pain.submit(Client(), answers | {"began-before-45": "no"}).step == "symptoms"


def test_a_follow_up_left_blank_on_its_own_screen_is_asked_again_with_a_message():
    follow_up = screens(Client())[-1].submit(Client(), {"symptoms": ["night-pain"]})
    again = follow_up.submit(Client(), {})
    assert again.response.status_code == 400 and again.part == "follow-up"
    assert "Choose an answer to this question." in again.html


# Errors and lost answers


def test_a_checklist_with_nothing_ticked_is_asked_again_with_a_clear_message():
    page = Page(Client().post(ANSWER_URL, {"step": "emergency", "go": "next"}))
    assert page.response.status_code == 400 and page.step == "emergency"
    assert "Answer every question to continue" in page.html
    assert "Tick the ones you have, or tick None of these." in page.html
    assert 'href="#id_q-emergency-signs-question"' in page.html


def test_missing_answers_keep_the_ones_given_and_name_the_ones_missing():
    about = screens(Client())[1]
    again = about.submit(Client(), {"age": "70-plus"})
    assert again.response.status_code == 400 and again.step == "about-you"
    assert again.form.checked["q-age"] == ["70-plus"]
    errors = re.findall(r'href="#id_q-([a-z-]+)-question"', again.html)
    assert errors == ["onset", "risk-factors"]
    # Each says what to do: choose one answer, or tick the lines (or None of these).
    assert 'id="id_q-onset-error">Choose an answer to this question.</p>' in again.html
    assert 'id="id_q-risk-factors-error">Tick the ones you have, or tick None of these.</p>' in again.html


def test_a_follow_up_left_blank_beside_its_trigger_is_named_with_the_other_gaps():
    about = screens(Client())[1]
    again = about.submit(Client(), {"age": "16-49", "risk-factors": ["pregnant"]})  # no onset, no pregnancy signs
    assert again.response.status_code == 400 and (again.step, again.part) == ("about-you", "main")
    assert re.findall(r'href="#id_q-([a-z-]+)-question"', again.html) == ["onset", "pregnancy-weeks", "pregnancy-signs"]


def test_answers_lost_from_an_earlier_screen_send_the_person_back_there():
    pain = screens(Client())[2]
    data = pain.data({"how-it-started": "movement", "severity": "mild"})
    data.pop("q-onset")
    page = Page(Client().post(ANSWER_URL, data))
    assert page.response.status_code == 400 and page.step == "about-you"
    assert "Some of your answers were missing" in page.html
    # The lost answer is named and marked; the ones still there stay chosen.
    assert re.findall(r'href="#id_q-([a-z-]+)-question"', page.html) == ["onset"]
    assert 'id="id_q-onset-error"' in page.html and 'id="id_q-age-error"' not in page.html
    assert page.form.checked["q-age"] == ["16-49"]


def test_an_unknown_step_starts_again_with_a_400():
    page = Page(Client().post(ANSWER_URL, {"step": "nowhere"}))
    assert page.response.status_code == 400 and page.step == "emergency"


def test_an_answer_sent_twice_differently_is_not_carried():
    data = {
        "step": "about-you",
        "q-emergency-signs": ["none"],
        "q-age": ["16-49", "70-plus"],
        "q-onset": ["today"],
        "q-risk-factors": ["none"],
        "go": ["next"],
    }
    page = Page(Client().post(ANSWER_URL, data))
    assert page.response.status_code == 400 and page.step == "about-you"
    assert "q-age" not in dict(page.form.hidden) and "q-age" not in page.form.checked


def told(page: Page) -> list[str]:
    """The emergency outcome's "Tell the call handler" lines, as the person reads them."""
    block = re.search(r'<ul class="told">(.*?)</ul>', page.html, flags=re.S)[1]
    return [
        html.unescape(" ".join(re.sub(r"<[^>]+>", " ", line).split()))
        for line in re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    ]


def test_the_call_handler_hears_what_was_said_not_what_was_ruled_out():
    outcome = run(Client(), ORDINARY | {"risk-factors": ["aneurysm"]})[-1]
    assert outcome.urgency == "emergency"
    assert told(outcome) == [
        "you have back pain, and it started 1 to 3 days ago",
        "you are 16 to 49",
        "a doctor has told you that you have an aortic aneurysm",
    ]


def test_an_emergency_beside_a_gap_still_tells_the_call_handler_everything_said():
    data = {
        "step": "about-you",
        "q-emergency-signs": "none",
        "q-age": "16-49",
        "q-risk-factors": "aneurysm",  # and no answer to when it started
        "go": "next",
    }
    outcome = Page(Client().post(ANSWER_URL, data))
    assert outcome.urgency == "emergency"
    assert told(outcome) == [
        "you have back pain, and when it started",
        "you are 16 to 49",
        "a doctor has told you that you have an aortic aneurysm",
    ]


# Change my answers


def test_change_my_answers_from_the_outcome_returns_to_the_last_screen_with_every_answer_kept():
    pages = run(Client(), ORDINARY | {"symptoms": ["worse-straining"]})
    back = pages[-1].submit(Client(), {}, ("show", "symptoms"))
    assert back.step == "symptoms" and back.form.checked == {"q-symptoms": ["worse-straining"]}
    earlier = back.submit(Client(), {}, ("show", "the-pain"))
    assert earlier.step == "the-pain" and earlier.form.checked == {
        "q-how-it-started": ["movement"],
        "q-severity": ["moderate"],
    }
    assert earlier.submit(Client(), {}).submit(Client(), {}).urgency == "self-care"


def test_change_my_answers_from_an_early_emergency_returns_to_its_screen():
    outcome = run(Client(), {"emergency-signs": ["chest-pain"]})[-1]
    back = outcome.submit(Client(), {}, ("show", "emergency"))
    assert back.step == "emergency" and back.form.checked == {"q-emergency-signs": ["chest-pain"]}


def test_from_a_follow_up_screen_change_my_answers_shows_its_own_block():
    follow_up = screens(Client())[-1].submit(Client(), {"symptoms": ["leaning"]})
    back = follow_up.submit(Client(), {}, ("show", "symptoms"))
    assert back.step == "symptoms" and back.part == "main" and back.form.checked == {"q-symptoms": ["leaning"]}


def test_a_show_beyond_the_step_sent_is_refused():
    page = Page(Client().post(ANSWER_URL, {"step": "emergency", "show": "symptoms"}))
    assert page.response.status_code == 400 and page.step == "emergency"


# What each outcome says


def test_emergency_puts_the_number_first_with_what_to_tell_the_call_handler(any_client):
    outcome = run(any_client, {"emergency-signs": ["numb-saddle", "leaked-pee"]})[-1]
    body = text(main_of(outcome.html) if "<main" in outcome.html else strip_htmx_extras(outcome.html))
    assert body.startswith(
        "Call 999 now Call 999 Numbers for: United Kingdom (change country (opens in a new tab) )"
        " Or go to A&amp;E now, if someone can take you. Do not drive yourself."
    )
    assert 'class="call-button" href="tel:999"' in outcome.html
    told = body[body.index("Tell the call handler") : body.index("Because you said")]
    assert "you have back pain, and when it started" in told
    assert "the skin between your legs, or around your bottom or genitals, is numb or tingly" in told
    assert "you have leaked pee without meaning to" in told
    assert in_uk(WarningSign.objects.get(slug="numb-genitals-bottom").advice.split("\n")[0]) in outcome.html


def test_an_emergency_found_later_tells_the_call_handler_when_it_started_and_the_risk_factors():
    answers = ORDINARY | {"onset": "today", "risk-factors": ["cancer"], "symptoms": ["one-foot-weak"]}
    html = run(Client(), answers)[-1].html
    told = text(html)[text(html).index("Tell the call handler") :]
    assert "you have back pain, and it started today or last night" in told
    assert "you have had cancer" in told and "one foot or leg is weak" in told


def test_urgent_with_cancer_routes_to_the_cancer_team_first():
    html = main_of(run(Client(), ORDINARY | {"risk-factors": ["cancer"]})[-1].html)
    assert "Get help today" in html and "call your cancer team or acute oncology helpline first" in html.lower()
    assert html.index("cancer team") < html.index("Because you said")
    assert "While you wait" in html and "Call 999 now if" in html


def test_gp_says_how_soon_and_gives_the_plan_meanwhile():
    html = main_of(run(Client(), ORDINARY | {"symptoms": ["new-lump"]})[-1].html)
    assert in_uk(TierAdvice.objects.get(tier="gp").lead) in html
    assert "you have found a new lump on your back" in html
    assert "While you wait: your plan" in html and "Find your GP surgery" in html and "Get help online from 111" in html
    # "Get help today if" comes under the heading, before the plan; why this result comes last.
    assert html.index("Get help today if") < html.index("While you wait: your plan") < html.index("Because you said")
    assert 'href="tel:111"' in html


def test_self_care_says_why_and_gives_the_plan_for_the_phase():
    html = main_of(run(Client(), ORDINARY | {"onset": "today"})[-1].html)
    for said in ["you have none of the emergency signs", "it started today or last night", "the pain is moderate"]:
        assert said in html
    assert "Now: first hours" in html and "Your plan" in html


def test_self_care_leads_with_what_to_do_then_the_red_999_line_and_folds_the_rest():
    html = main_of(run(Client(), ORDINARY | {"onset": "today"})[-1].html)
    plan_at, call_at = html.index('id="plan-heading"'), html.index('data-sooner="emergency"')
    assert html.index('class="lead"') < plan_at < call_at < html.index("Because you said")
    assert 'href="tel:999"' in html[call_at:]
    assert '<details class="plan-details plan-phase plan-later">' in html  # later phases folded
    assert html.count('data-sooner="emergency"') == 1


def test_links_from_a_result_open_in_a_new_tab_and_say_so():
    for answers in [ORDINARY, ORDINARY | {"symptoms": ["new-lump"]}, ORDINARY | {"risk-factors": ["cancer"]}]:
        html = main_of(run(Client(), answers)[-1].html)
        links = re.findall(r'<a href="(/[^"#]*)"([^>]*)>(.*?)</a>', html, flags=re.S)
        assert links
        for address, attributes, words in links:
            assert 'target="_blank"' in attributes and "(opens in a new tab)" in words, address


def test_a_pregnant_person_at_home_is_told_about_medicines_and_the_midwife():
    html = main_of(run(Client(), ORDINARY | {"risk-factors": ["pregnant"], "pregnancy-weeks": "not-sure"})[-1].html)
    assert "Tell your midwife at your next appointment." in html
    assert "Do not take ibuprofen unless a doctor says so." in html


def because(page: Page) -> list[str]:
    """The "Because you said" lines, as the person reads them (past the third, under "And N more")."""
    listed = "".join(re.findall(r'<ul class="because">(.*?)</ul>', page.html, flags=re.S))
    return [html.unescape(line) for line in re.findall(r"<li>(.*?)</li>", listed)]


@pytest.mark.parametrize(
    ("reply", "tier", "said"),
    [
        ("no", "gp", "changing position does not ease the pain at night"),
        ("not-sure", "gp", "you are not sure if changing position eases it"),
    ],
)
def test_because_you_said_repeats_the_answer_given_not_another(reply, tier, said):
    page = run(Client(), ORDINARY | {"symptoms": ["night-pain"], "night-ease": reply})[-1]
    assert page.urgency == tier
    assert because(page) == [said]


def test_self_care_because_you_said_lists_every_answer_in_the_order_asked():
    page = run(Client(), ORDINARY | {"symptoms": ["night-pain"], "night-ease": "yes"})[-1]
    assert page.urgency == "self-care"
    assert because(page) == [
        "you have none of the emergency signs",
        "you are 16 to 49",
        "it started 1 to 3 days ago",
        "none of the things that need checking sooner apply to you",
        "it started when you bent, lifted or twisted",
        "the pain is moderate",
        "the pain wakes you up at night",
        "changing position eases the pain at night",
    ]


def test_because_you_said_gives_the_most_urgent_reasons_first_each_line_once():
    answers = ORDINARY | {"age": "under-16", "symptoms": ["fever", "one-foot-weak"]}
    page = run(Client(), answers)[-1]
    assert page.urgency == "emergency"
    # The age was asked first, but its reason (a GP) is the least urgent: it comes last. The fever and
    # the weak foot give an emergency together and each an urgent reason too: said once each.
    assert because(page) == [
        "you have a high or very low temperature, or feel hot and shivery",
        "one foot or leg is weak",
        "you are under 16",
    ]


@pytest.mark.parametrize(
    ("onset", "phase"),
    [
        ("today", "first-hours"),
        ("1-3-days", "first-days"),
        ("4-6-days", "after-72-hours"),
        ("1-2-weeks", "after-72-hours"),
        ("3-5-weeks", "after-72-hours"),
        ("6-12-weeks", "recovery"),
        ("over-3-months", "recovery"),
    ],
)
def test_the_plan_starts_at_the_phase_for_when_the_pain_started(onset, phase):
    page = run(Client(), ORDINARY | {"onset": onset, "course": "better", "began-before-45": "no"})[-1]
    assert page.urgency == "self-care"
    assert re.findall(r'<h3 id="phase-([a-z0-9-]+)">Now:', page.html) == [phase]


def test_every_outcome_links_to_how_we_test_the_checker():
    for answers in [{"emergency-signs": ["chest-pain"]}, ORDINARY]:
        assert 'href="/triage/how-we-test/"' in run(Client(), answers)[-1].html


# How we test the checker


def test_how_we_test_shows_the_figures_from_the_published_rules(client):
    html = client.get("/triage/how-we-test/").content.decode()
    emergencies = len([case for case in vignettes.load() if case.tier == "emergency"])
    assert f"Of {emergencies} emergencies, the checker sent {emergencies} to 999" in html
    assert "Semigran 2015 (BMJ)" in html and "33%" in html
    assert 'id="rule-cancer-with-nerve-signs"' in html and 'id="question-emergency-signs"' in html
    assert client.get("/triage/how-we-test/", headers=HTMX).content.decode().count("<html") == 0


def test_how_we_test_changes_when_the_rules_do(client):
    before = client.get("/triage/how-we-test/").content.decode()
    Rule.objects.get(slug="cancer-with-nerve-signs").delete()  # outside the admin: no safety gate
    after = client.get("/triage/how-we-test/").content.decode()
    assert before != after
    sent = re.search(r"Of (\d+) emergencies, the checker sent (\d+) to 999", after)
    assert int(sent[2]) < int(sent[1])


# Editors change the questions


def test_editing_a_question_changes_the_screen(client):
    Question.objects.filter(slug="age").update(text="What is your age?")
    AnswerOption.objects.filter(question__slug="age", value="70-plus").update(label="Seventy or more")
    ContentVersion.bump()  # update() skips the signals that keep the questionnaire fresh
    html = screens(client)[1].html
    assert "What is your age?" in html and "Seventy or more" in html


def test_an_unpublished_question_is_not_asked(client):
    question = Question.objects.get(slug="how-it-started")
    question.published = False
    question.save()
    pain = screens(client)[2]
    assert pain.questions == ["severity"]


# SQL queries: the questionnaire is read once per content version


def test_steps_after_the_first_read_only_the_content_version(client):
    def count(call) -> int:
        with CaptureQueriesContext(connection) as queries:
            call()
        return len(queries)

    ContentVersion.bump()  # whatever the tests before this one did, the questionnaire is read afresh
    first = count(lambda: client.get(START_URL))
    assert first > 1
    pages = screens(client)
    assert count(lambda: client.get(START_URL)) == 1  # the version check, since tests re-check every time
    # The plan's treatments and signs; the first outcome of a content version reads the check-ins and the
    # key messages too.
    assert count(lambda: pages[-1].submit(client, {"symptoms": []})) <= 6
    assert count(lambda: pages[-1].submit(client, {"symptoms": []})) <= 4
    assert count(lambda: pages[1].submit(client, {"age": "16-49", "onset": "today", "risk-factors": []})) == 1
    make_guide(copies=10)
    assert count(lambda: pages[1].submit(client, {"age": "16-49", "onset": "today", "risk-factors": []})) > 1
    assert count(lambda: pages[1].submit(client, {"age": "16-49", "onset": "today", "risk-factors": []})) == 1
