"""Every public page: full and partial rendering, hidden drafts, flat query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guide import countries
from guide.governance.models import last_reviews
from guide.models import Article, ConditionFact, Source, Stretch, Treatment, WarningSign
from tests.factories import (
    make_article,
    make_fact,
    make_guide,
    make_medicine_check,
    make_movement_guide,
    make_source,
    make_stretch,
    make_treatment,
    make_warning_sign,
)

pytestmark = pytest.mark.django_db


def page_urls() -> list[str]:
    treatment = Treatment.objects.published().first()
    stretch = Stretch.objects.published().first()
    medicine = Treatment.objects.filter(medicine_check__isnull=False).first()
    return [
        reverse("guide:home"),
        reverse("guide:treatments"),
        reverse("guide:treatments") + "?phase=first-hours&kind=self-care&q=treatment",
        treatment.get_absolute_url(),
        reverse("guide:stretches"),
        stretch.get_absolute_url(),
        reverse("guide:warning_signs"),
        reverse("guide:about"),
        reverse("guide:sources"),
        reverse("guide:movement_guides"),
        medicine.get_absolute_url(),
        Article.objects.published().first().get_absolute_url(),
    ]


def main_text(html: str) -> str:
    """The page's content with tags and spacing removed, for comparing full page and partial."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_page_renders_in_full_with_a_title_and_one_h1(client):
    make_guide()
    for url in page_urls():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert re.search(r"<title>[^<|]+\S[^<]*</title>", html), url
        assert html.count("<h1") == 1, url
        assert "<html" in html


def test_htmx_gets_the_partial_and_it_matches_the_full_page(client, htmx_client):
    make_guide()
    for url in page_urls():
        full = client.get(url).content.decode()
        partial = htmx_client.get(url)
        body = partial.content.decode()
        assert partial.status_code == 200, url
        assert "<html" not in body, url
        assert main_text(body) in main_text(full), url


def test_reviewed_pages_show_their_review_dates(client):
    make_guide()
    treatment = Treatment.objects.first()
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert 'Page last reviewed: <time datetime="2026-11-01">' in html
    assert 'Next review due: <time datetime="2027-11-01">' in html


def test_unpublished_content_never_shows(client):
    source = make_source()
    stretch = make_stretch(source, published=False, name="Draftword stretch")
    treatment = make_treatment(source, stretches=[stretch], published=False, name="Draftword treatment")
    make_treatment(source, stretches=[stretch], name="Shown treatment")
    make_warning_sign(source, published=False, label="you have a draftword sign")
    make_fact(source, published=False, name="Draftword fact")
    draft_guide = make_movement_guide(source, published=False, title="Draftword guide")
    draft_article = make_article(source, published=False, title="Draftword article")
    for url in [
        reverse("guide:movement_guides"),
        reverse("guide:home"),
        reverse("guide:treatments"),
        reverse("guide:treatments") + "?q=treatment",
        reverse("guide:stretches"),
        reverse("guide:warning_signs"),
        reverse("guide:about"),
        reverse("guide:sources"),
        Treatment.objects.get(name="Shown treatment").get_absolute_url(),
    ]:
        assert "draftword" not in client.get(url).content.decode().lower(), url
    assert client.get(treatment.get_absolute_url()).status_code == 404
    assert client.get(stretch.get_absolute_url()).status_code == 404
    assert client.get(draft_guide.steps.first().get_drawing_url()).status_code == 404
    assert client.get(draft_article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["/treatments/no-such-thing/", "/stretches/nope/", "/nowhere/"])
def test_unknown_pages_get_a_styled_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert "site.css" in html


def queries_for(client, url: str) -> int:
    """The page's own queries. Who reviewed each page is read once per content version, by whichever
    page shows a reviewer first (guide/governance/models.py, last_reviews): no page's cost."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len([query for query in queries.captured_queries if '"guide_changerequest"' not in query["sql"]])


# Every page asks the database for the content version first, so an edit shows at once on every replica.
VERSION_CHECK = 1


def test_query_counts_stay_flat_as_content_grows(client):
    make_guide(copies=1)
    urls = page_urls()
    countries.published()  # read once per content version, by whichever page comes first: no page's cost
    small = {url: queries_for(client, url) for url in urls}
    make_guide(copies=9)
    countries.published()
    last_reviews()  # who reviewed each page: read once per content version too
    large = {url: queries_for(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 3 + VERSION_CHECK, small
    # Served again from the page cache: the version check is the only query. A search (q=) is never
    # kept, so no cache holds what a person looked for (tests/test_search_privacy.py).
    kept = [url for url in urls if "q=" not in url]
    assert {url: queries_for(client, url) for url in kept} == dict.fromkeys(kept, VERSION_CHECK)


class TestTreatmentSearch:
    def search(self, client, **params):
        return client.get(reverse("guide:treatments"), params)

    def names(self, response) -> set[str]:
        return set(re.findall(r'<h3><a href="/treatments/[^"]+/">([^<]+)</a></h3>', response.content.decode()))

    @pytest.fixture
    def treatments(self):
        source = make_source()
        make_treatment(source, name="Ice pack", summary="Cold for swelling.", for_first_days=True)
        make_treatment(
            source, name="Heat wrap", summary="Warmth for stiffness.", for_after_72_hours=True, for_first_hours=False
        )
        make_treatment(source, name="Ibuprofen", kind=Treatment.Kind.MEDICINE, summary="A pill.")

    def test_search_matches_name_and_summary(self, client, treatments):
        assert self.names(self.search(client, q="ice")) == {"Ice pack"}
        assert self.names(self.search(client, q="warmth")) == {"Heat wrap"}

    def test_filters_by_phase_and_kind(self, client, treatments):
        assert self.names(self.search(client, phase="after-72-hours")) == {"Heat wrap"}
        assert self.names(self.search(client, kind="medicine")) == {"Ibuprofen"}
        assert self.names(self.search(client, phase="first-hours", kind="self-care")) == {"Ice pack"}

    def test_empty_search_lists_everything(self, client, treatments):
        assert len(self.names(self.search(client, q="", phase="", kind=""))) == 3

    def test_no_match_says_so(self, client, treatments):
        response = self.search(client, q="zzzz")
        assert response.status_code == 200
        assert "No treatments match" in response.content.decode()

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"q": "x" * 2000}, "at most 100 characters"),
            ({"phase": "yesterday"}, "Choose a time from the list"),
            ({"kind": "<script>"}, "Choose a kind from the list"),
        ],
    )
    def test_bad_input_gets_a_clear_message_and_a_400(self, client, htmx_client, treatments, params, message):
        for c in (client, htmx_client):
            response = self.search(c, **params)
            assert response.status_code == 400
            assert message in response.content.decode()
            assert "<script>" not in response.content.decode()

    def test_odd_characters_are_just_text(self, client, treatments):
        for q in ["%", "_", "'; DROP TABLE guide_treatment; --", "\u00e9\u00e8", "ice ice"]:
            assert self.search(client, q=q).status_code == 200

    def test_post_is_not_allowed_but_head_is(self, client):
        assert client.post(reverse("guide:treatments")).status_code == 405
        assert client.head(reverse("guide:treatments")).status_code == 200


def test_warning_signs_are_grouped_into_three_care_cards(client):
    make_guide()
    html = client.get(reverse("guide:warning_signs")).content.decode()
    assert re.findall(r'data-care-card="(\w[\w-]*)"', html) == ["emergency", "urgent", "gp"]


def test_sources_page_lists_the_pages_that_cite_each_source(client):
    source = make_source(title="The big guideline")
    treatment = make_treatment(source, name="Walking")
    html = client.get(reverse("guide:sources")).content.decode()
    assert f'href="{treatment.get_absolute_url()}">Walking</a>' in html


def test_stretch_drawings_are_served_as_images_that_cannot_run_script(client):
    stretch = make_stretch(make_source(), start_svg='<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    response = client.get(reverse("guide:stretch_illustration", args=[stretch.slug, "start"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(reverse("guide:stretch_illustration", args=[stretch.slug, "held"])).status_code == 404
    assert client.get(reverse("guide:stretch_illustration", args=[stretch.slug, "other"])).status_code == 404


def test_an_article_shows_its_sections_in_order_its_links_and_its_sources(client):
    source = make_source(short_name="The guide")
    medicine = make_treatment(source, name="A pill", kind=Treatment.Kind.MEDICINE)
    check = make_medicine_check(medicine)
    article = make_article(source, sections=3, treatment=medicine, title="Living with it")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Part 1") < html.index("Part 2") < html.index("Part 3")
    assert html.count(f'href="{medicine.get_absolute_url()}">Read more: A pill</a>') == 3
    assert f'href="{check.get_absolute_url()}"' in html
    assert "What the sources say" in html and "The guide" in html
    assert f'<a href="{article.get_absolute_url()}">Living with it</a>' in client.get("/").content.decode()
    Treatment.objects.filter(pk=medicine.pk).update(published=False)
    article.save()  # a new content version, as an editor's save would make
    assert "Read more: A pill" not in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(published=False)
    article.sections.first().save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_real_articles_cover_sciatica_and_daily_life_with_citations(client, guide_content):
    sciatica = client.get("/articles/sciatica/").content.decode()
    for heading in ["What it is", "How it usually goes", "What to do", "When to get help"]:
        assert f">{heading}</h2>" in sciatica
    assert 'href="/treatments/nsaids/check/"' in sciatica
    daily = client.get("/articles/daily-life/").content.decode()
    for heading in ["Sleeping", "Work and desk breaks", "Driving", "Lifting", "Sick notes and fit notes"]:
        assert f">{heading}</h2>" in daily
    for slug, at_least in [("sciatica", 4), ("daily-life", 8)]:
        assert Article.objects.get(slug=slug).citations.count() >= at_least


def test_about_page_groups_facts_by_kind(client):
    source = make_source()
    make_fact(source, kind=ConditionFact.Kind.SYMPTOM, name="Sudden pain")
    make_fact(source, kind=ConditionFact.Kind.CAUSE, name="Lifting")
    html = client.get(reverse("guide:about")).content.decode()
    assert html.index("Lifting") < html.index("Sudden pain")
    assert WarningSign.objects.count() == 0


def test_pages_built_from_many_rows_show_the_stalest_review_dates(client):
    source = make_source()
    make_fact(source, last_reviewed="2026-01-05", next_review_due="2027-01-05")
    make_fact(source, last_reviewed="2026-03-01", next_review_due="2026-12-01")
    html = client.get(reverse("guide:about")).content.decode()
    assert 'Page last reviewed: <time datetime="2026-01-05">' in html
    assert 'Next review due: <time datetime="2026-12-01">' in html


def test_a_treatment_page_folds_the_sources_that_disagree_and_puts_what_is_right_first(client):
    source, site = make_source(short_name="NICE"), make_source(short_name="A site", kind=Source.Kind.WEB_ARTICLE)
    treatment = make_treatment(source, name="Walking")
    treatment.citations.create(
        source=site, stance="disagrees", says="Says rest.", quote="Rest in bed.", correction="Keep moving."
    )
    html = client.get(treatment.get_absolute_url()).content.decode()
    shown, folded = html.split('<details class="fold disagree">')
    assert "Where other sites disagree (1)" in folded
    assert "Says rest." not in shown and "Says rest." in folded
    assert folded.index("What is right:") < folded.index("Rest in bed.")
    assert html.index('id="how-to-heading"') < html.index('id="evidence-heading"')


def test_a_treatment_guidance_advises_against_leads_with_the_evidence(client):
    treatment = make_treatment(make_source(), evidence=Treatment.Evidence.NOT_RECOMMENDED)
    html = client.get(treatment.get_absolute_url()).content.decode()
    assert html.index('id="evidence-heading"') < html.index('id="how-to-heading"')
