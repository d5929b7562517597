"""The self-care plan leads with what works: at most four actions for now, best-evidenced first, and the rest
of now and every later phase in one fold."""

import dataclasses
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from guide import plan
from guide.models import Treatment, WarningSign
from tests.factories import make_medicine_check, make_source, make_treatment

pytestmark = pytest.mark.django_db

Evidence = Treatment.Evidence


def signs():
    return list(WarningSign.objects.published())


def slugs(treatments) -> list[str]:
    return [t.slug for t in treatments]


def rendered(the_plan: plan.Plan) -> str:
    request = RequestFactory().get("/")
    return render_to_string("guide/_plan.html", {"plan": the_plan}, request=request)


def test_the_first_hours_lead_with_what_works_then_relief(guide_content):
    """Stay active, heat, an NSAID if suitable, then positions; pressure and the rest folded."""
    first = plan.personal_plan("first-hours", signs()).sections[0]
    assert first.now and first.phase.slug == "first-hours"
    assert slugs(first.lead) == ["stay-active", "moist-heat", "nsaids", "resting-positions"]
    assert slugs(first.more) == ["finger-pressure", "no-heavy-lifting"]


def test_every_phase_shows_at_most_four_best_evidenced_first(guide_content):
    for phase in ["first-hours", "first-days", "after-72-hours", "recovery"]:
        for section in plan.personal_plan(phase, signs()).sections:
            assert len(section.lead) <= plan.LEAD_ACTIONS
            assert section.lead + section.more == section.treatments
            ranks = [plan.EVIDENCE_RANK[t.evidence] for t in section.treatments]
            assert ranks == sorted(ranks), (phase, section.phase.slug)


def test_a_grade_beats_the_editors_order(db):
    source = make_source()
    untested = make_treatment(source, slug="untested", evidence=Evidence.UNPROVEN, order=1)
    option = make_treatment(source, slug="option", evidence=Evidence.OPTION, order=2)
    first = make_treatment(source, slug="recommended-first", order=4)
    second = make_treatment(source, slug="recommended-second", order=3)
    section = plan.build_plan(plan.phases_from("first-hours"), [untested, option, first, second], []).sections[0]
    assert slugs(section.treatments) == ["recommended-second", "recommended-first", "option", "untested"]


def test_the_rest_fold_away_and_each_shows_its_recommendation(db):
    source = make_source()
    many = [make_treatment(source, slug=f"t{n}", order=n) for n in range(7)]
    html = rendered(plan.build_plan(plan.phases_from("first-hours"), many, []))
    folded = html[html.index('<details class="plan-details plan-phase plan-later">') :]
    assert "<summary>3 more things that may help</summary>" in folded
    assert re.findall(r'href="/treatments/(t\d)/"', folded) == ["t4", "t5", "t6"]
    assert html.count(f"{source.short_name} 1.2.1") == 7
    # With later phases too, one fold holds the rest of now and them.
    later = make_treatment(source, slug="later", for_first_hours=False, for_recovery=True)
    html = rendered(plan.build_plan(plan.phases_from("first-hours"), [*many, later], []))
    assert html.count('<details class="plan-details plan-phase plan-later">') == 1
    assert "<summary>More that may help, now and later</summary>" in html
    folded = html[html.index("plan-later") :]
    assert folded.index("Also now: first hours") < folded.index("Then: recovery and prevention")


def test_a_medicine_with_a_check_offers_it_before_how_to_take_it(db):
    medicine = make_treatment(make_source(), kind=Treatment.Kind.MEDICINE, how_to="Take one tablet.")
    check = make_medicine_check(medicine)
    html = rendered(plan.personal_plan("first-hours", []))
    assert f'href="{check.get_absolute_url()}"' in html
    assert html.index("data-medicine-check") < html.index("<li>Take one tablet.</li>")


def test_the_wizard_still_calls_it_as_before():
    """The outcome view calls personal_plan(phase_slug, signs, help_tiers=...) and reads these fields."""
    assert [f.name for f in dataclasses.fields(plan.Section)][:3] == ["phase", "now", "treatments"]
    assert [f.name for f in dataclasses.fields(plan.Plan)][:2] == ["sections", "get_help"]
    the_plan = plan.personal_plan("recovery", [], ("emergency",))
    assert isinstance(the_plan, plan.Plan)
