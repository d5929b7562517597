"""The guide's content as shipped: valid, cited, attributed, and honest about disagreements."""

import re
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from guide.models import (
    Citation,
    ConditionFact,
    MovementGuide,
    MovementStep,
    Source,
    Stretch,
    Treatment,
    WarningSign,
)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
CONTENT_MODELS = [Source, Treatment, Stretch, WarningSign, ConditionFact, MovementGuide, MovementStep, Citation]
SEEDS = [f"seed-00{n}" for n in range(5)]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_fixtures_load_and_every_object_validates(guide_content):
    for model in CONTENT_MODELS:
        assert model.objects.exists(), model.__name__
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_again_changes_nothing(guide_content):
    before = counts()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert counts() == before


@pytest.mark.parametrize(
    "model", [Treatment, Stretch, WarningSign, ConditionFact, MovementGuide], ids=lambda m: m.__name__
)
def test_every_page_cites_at_least_one_source(guide_content, model):
    uncited = model.objects.filter(citations=None)
    assert not uncited.exists(), list(uncited)


def test_every_seed_is_a_web_article_source_and_is_cited(guide_content):
    for slug in SEEDS:
        source = Source.objects.get(slug=slug)
        assert source.kind == Source.Kind.WEB_ARTICLE
        assert source.citations.exists(), slug


def test_guidelines_from_the_brief_are_sources(guide_content):
    kinds = dict(Source.objects.values_list("slug", "kind"))
    for slug in [
        "nice-ng59",
        "acp-2017",
        "cochrane-heat-cold-2006",
        "cochrane-bed-rest-2010",
        "cochrane-paracetamol-2016",
    ]:
        assert kinds[slug] in {Source.Kind.GUIDELINE, Source.Kind.SYSTEMATIC_REVIEW}, slug


def test_every_warning_tier_has_signs(guide_content):
    for urgency in WarningSign.Urgency:
        assert WarningSign.objects.published().at(urgency).exists(), urgency


def test_every_phase_has_self_care(guide_content):
    for phase in ["first-hours", "first-days", "after-72-hours", "recovery"]:
        assert Treatment.objects.published().for_phase(phase).filter(kind="self-care").exists(), phase


def stances(treatment_slug: str) -> dict[str, str]:
    return dict(Citation.objects.filter(treatment__slug=treatment_slug).values_list("source__slug", "stance"))


def test_bed_rest_disagreement_is_shown(guide_content):
    stay_active = stances("stay-active")
    assert stay_active["seed-000"] == "disagrees"  # complete rest for 2-3 days
    assert stay_active["seed-004"] == "supports"  # avoid complete bed rest
    assert stay_active["cochrane-bed-rest-2010"] == "supports"


def test_seed_errors_are_corrected(guide_content):
    paracetamol = Citation.objects.get(treatment__slug="paracetamol", source__slug="seed-004")
    assert paracetamol.stance == "disagrees"
    assert "same medicine" in paracetamol.correction
    degeneration = Citation.objects.filter(source__slug="seed-003", stance="disagrees", treatment__kind="medicine")
    assert degeneration.exclude(correction="").exists()


def test_ice_timings_from_different_seeds_are_both_shown(client, guide_content):
    html = client.get(reverse("guide:treatment", args=["ice-pack"])).content.decode()
    assert "five minutes" in html
    assert "20 minutes" in html
    assert "Disagrees" in html


def test_every_page_is_reachable_by_links_from_home(client, guide_content):
    """Crawl the site from the home page, as a person clicking around would."""
    seen, queue = set(), [reverse("guide:home")]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        for href in re.findall(r'href="([^"#]*)', response.content.decode()):
            url = urlparse(href)
            if not url.netloc and url.path.startswith("/") and not url.path.startswith(("/static/", "/admin/")):
                queue.append(url.path)
    expected = {t.get_absolute_url() for t in Treatment.objects.published()}
    expected |= {s.get_absolute_url() for s in Stretch.objects.published()}
    expected |= {
        reverse(f"guide:{name}")
        for name in ["treatments", "stretches", "warning_signs", "about", "sources", "movement_guides"]
    }
    assert expected <= seen, expected - seen
