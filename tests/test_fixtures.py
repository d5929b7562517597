"""The guide's content as shipped: valid, cited, attributed, and honest about disagreements."""

import re
from html import unescape
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from guide.models import (
    Article,
    ArticleSection,
    Citation,
    ConditionFact,
    MedicineCheck,
    MedicineCheckItem,
    MovementGuide,
    MovementStep,
    Source,
    Stretch,
    Treatment,
    WarningSign,
)
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
CONTENT_MODELS = [
    Source,
    Treatment,
    Stretch,
    WarningSign,
    ConditionFact,
    MovementGuide,
    MovementStep,
    MedicineCheck,
    MedicineCheckItem,
    Article,
    ArticleSection,
    Citation,
]
SEEDS = [f"seed-00{n}" for n in range(5)]


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test reads the real guide, loaded once for the module (a load takes seconds)."""


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS}


def test_fixtures_load_and_every_object_validates():
    for model in CONTENT_MODELS:
        assert model.objects.exists(), model.__name__
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_again_changes_nothing():
    before = counts()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert counts() == before


@pytest.mark.parametrize(
    "model",
    [Treatment, Stretch, WarningSign, ConditionFact, MovementGuide, MedicineCheck, Article],
    ids=lambda m: m.__name__,
)
def test_every_page_cites_at_least_one_source(model):
    uncited = model.objects.filter(citations=None)
    assert not uncited.exists(), list(uncited)


def test_every_seed_is_a_web_article_source_and_is_cited():
    for slug in SEEDS:
        source = Source.objects.get(slug=slug)
        assert source.kind == Source.Kind.WEB_ARTICLE
        assert source.citations.exists(), slug


def test_guidelines_from_the_brief_are_sources():
    kinds = dict(Source.objects.values_list("slug", "kind"))
    for slug in [
        "nice-ng59",
        "acp-2017",
        "cochrane-heat-cold-2006",
        "cochrane-bed-rest-2010",
        "cochrane-paracetamol-2016",
    ]:
        assert kinds[slug] in {Source.Kind.GUIDELINE, Source.Kind.SYSTEMATIC_REVIEW}, slug


def test_every_warning_tier_has_signs():
    for urgency in WarningSign.Urgency:
        assert WarningSign.objects.published().at(urgency).exists(), urgency


def test_every_phase_has_self_care():
    for phase in ["first-hours", "first-days", "after-72-hours", "recovery"]:
        assert Treatment.objects.published().for_phase(phase).filter(kind="self-care").exists(), phase


def stances(treatment_slug: str) -> dict[str, str]:
    return dict(Citation.objects.filter(treatment__slug=treatment_slug).values_list("source__slug", "stance"))


def test_bed_rest_disagreement_is_shown():
    stay_active = stances("stay-active")
    assert stay_active["seed-000"] == "disagrees"  # complete rest for 2-3 days
    assert stay_active["seed-004"] == "supports"  # avoid complete bed rest
    assert stay_active["cochrane-bed-rest-2010"] == "supports"


def test_seed_errors_are_corrected():
    paracetamol = Citation.objects.get(treatment__slug="paracetamol", source__slug="seed-004")
    assert paracetamol.stance == "disagrees"
    assert "same medicine" in paracetamol.correction
    degeneration = Citation.objects.filter(source__slug="seed-003", stance="disagrees", treatment__kind="medicine")
    assert degeneration.exclude(correction="").exists()


def test_ice_timings_from_different_seeds_are_both_shown(client):
    html = client.get(reverse("guide:treatment", args=["ice-pack"])).content.decode()
    assert "five minutes" in html
    assert "20 minutes" in html
    assert "Disagrees" in html


# Every practical point the seed articles make, as (seed, page kind, page slug, words the page shows).
# The page must show the words and cite the seed, so each point stays covered and attributed.
SEED_POINTS = [
    ("seed-000", "treatment", "ice-pack", "at least five minutes"),
    ("seed-000", "treatment", "ice-pack", "the muscles around the sore spot"),
    ("seed-000", "treatment", "stay-active", "complete rest"),
    ("seed-000", "treatment", "no-heavy-lifting", "Put off lifting anything heavy"),
    ("seed-000", "treatment", "resting-positions", "rest your calves on the seat of a chair"),
    ("seed-000", "treatment", "nsaids", "naproxen"),
    ("seed-000", "treatment", "exercise-and-stretching", "with no jerks"),
    ("seed-000", "treatment", "relaxation-distraction", "reading"),
    ("seed-000", "article", "daily-life", "Put off heavy lifting"),
    ("seed-001", "treatment", "stay-active", "a few days of bed rest"),
    ("seed-001", "treatment", "resting-positions", "pillows under your knees"),
    ("seed-001", "treatment", "paracetamol", "acetaminophen"),
    ("seed-001", "treatment", "nsaids", "ibuprofen"),
    ("seed-001", "treatment", "muscle-relaxants", "prescribed"),
    ("seed-001", "treatment", "ice-pack", "90 minutes"),
    ("seed-001", "treatment", "moist-heat", "20 to 30 minutes"),
    ("seed-001", "treatment", "hot-cold-shower", "2 to 3 minutes"),
    ("seed-001", "treatment", "finger-pressure", "keep your fingers on the spot as you walk"),
    ("seed-001", "treatment", "drinking-fluids", "Drink when you are thirsty"),
    ("seed-001", "treatment", "exercise-and-stretching", "gentle stretches"),
    ("seed-001", "treatment", "physiotherapy", "muscle release"),
    ("seed-001", "fact", "when-to-get-checked", "more than 3 days"),
    ("seed-001", "fact", "tight-hamstrings", "hamstrings"),
    ("seed-001", "fact", "worse-sitting-standing", "Change position often"),
    ("seed-002", "fact", "contributing-factors", "posture"),
    ("seed-002", "treatment", "back-supports", "compression"),
    ("seed-002", "treatment", "ice-pack", "switching between the two"),
    ("seed-002", "treatment", "nsaids", "aspirin"),
    ("seed-002", "treatment", "nsaids", "trying another"),
    ("seed-002", "treatment", "opioids", "oxycodone"),
    ("seed-002", "treatment", "antidepressants", "others doubt"),
    ("seed-002", "treatment", "ultrasound-therapy", "Mayo Clinic"),
    ("seed-002", "treatment", "tens", "electrical pulses"),
    ("seed-002", "treatment", "spinal-manipulation", "chiropractic"),
    ("seed-002", "treatment", "physiotherapy", "strength, flexibility and posture"),
    ("seed-002", "treatment", "surgery", "rarely needed"),
    ("seed-002", "article", "daily-life", "sleeping positions"),
    ("seed-003", "treatment", "moist-heat", "not for more than 30 minutes"),
    ("seed-003", "treatment", "moist-heat", "tumour"),
    ("seed-003", "treatment", "massage", "metal tool"),
    ("seed-003", "treatment", "massage", "toxins"),
    ("seed-003", "treatment", "tens", "interferential"),
    ("seed-003", "stretch", "knee-to-chest", "4 to 5 seconds"),
    ("seed-003", "stretch", "gluteus-medius-lower-back", "across your body"),
    ("seed-003", "stretch", "exercise-ball-stretch", "exercise ball"),
    ("seed-003", "treatment", "exercise-and-stretching", "before you stretch"),
    ("seed-003", "treatment", "muscle-relaxants", "joints"),
    ("seed-003", "treatment", "nsaids", "wear and tear"),
    ("seed-003", "treatment", "strengthening-posture", "posture"),
    ("seed-003", "treatment", "spinal-manipulation", "activities behind your spasms"),
    ("seed-004", "treatment", "finger-pressure", "Press down firmly"),
    ("seed-004", "treatment", "hot-cold-shower", "every 30 seconds"),
    ("seed-004", "treatment", "strengthening-posture", "strengthening"),
    ("seed-004", "treatment", "ice-pack", "no more than 20 minutes"),
    ("seed-004", "treatment", "moist-heat", "damp"),
    ("seed-004", "treatment", "paracetamol", "same medicine"),
    ("seed-004", "treatment", "stay-active", "avoid complete bed rest"),
    ("seed-004", "treatment", "drinking-fluids", "electrolyte"),
    ("seed-004", "treatment", "no-heavy-lifting", "lifting"),
    ("seed-004", "stretch", "seated-twist", "1 minute"),
    ("seed-004", "fact", "when-to-get-checked", "couple of weeks"),
    ("seed-004", "fact", "underlying-conditions", "facet joint"),
]
SUBJECTS = {"treatment": Treatment, "stretch": Stretch, "fact": ConditionFact, "article": Article}


def test_every_seed_point_is_on_a_page_that_cites_the_seed(client):
    """One pass over SEED_POINTS (a test each would load the fixtures 60 times), listing every gap."""
    pages: dict[str, str] = {}
    gaps = []
    for seed, kind, slug, words in SEED_POINTS:
        subject = SUBJECTS[kind].objects.published().get(slug=slug)
        if not Citation.objects.filter(source__slug=seed, **{kind: subject}).exists():
            gaps.append(f"{kind} {slug} does not cite {seed}")
        url = subject.get_absolute_url().split("#")[0]
        if url not in pages:
            pages[url] = " ".join(unescape(client.get(url).content.decode()).split()).lower()
        if words.lower() not in pages[url]:
            gaps.append(f"{words!r} ({seed}) is not on {url}")
    assert gaps == []


def test_every_seed_has_its_points_listed():
    assert {seed for seed, *_ in SEED_POINTS} == set(SEEDS)


def test_every_page_is_reachable_by_links_from_home(client):
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
    expected |= {a.get_absolute_url() for a in Article.objects.published()}
    expected |= {c.get_absolute_url() for c in MedicineCheck.objects.published()}
    expected |= {
        reverse(f"guide:{name}")
        for name in [
            "treatments",
            "stretches",
            "warning_signs",
            "about",
            "sources",
            "movement_guides",
            "myths",
            "flare_up_plan",
            "walking_plan",
        ]
    }
    assert expected <= seen, expected - seen
