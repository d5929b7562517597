"""What search engines read: the sitemap, robots.txt, canonical and Open Graph tags, and JSON-LD
checked against the schema.org vocabulary (tests/schemaorg)."""

import json
import re
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from guide import structured_data
from guide.models import Article, Stretch, Treatment
from tests.schemaorg import problems

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def guide(loaded_guide, db):
    return None


def sitemap(client) -> dict[str, str]:
    response = client.get(reverse("guide:sitemap"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.find("s:loc", NS).text.removeprefix("http://testserver"): getattr(url.find("s:lastmod", NS), "text", "")
        for url in root.findall("s:url", NS)
    }


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def test_sitemap_lists_every_public_page_with_its_review_date(guide, client):
    pages = sitemap(client)
    for model in (Treatment, Stretch, Article):
        for row in model.objects.published():
            assert pages[row.get_absolute_url()] == row.last_reviewed.isoformat()
    for name in ("home", "warning_signs", "about", "myths", "treatments", "stretches", "sources", "triage"):
        assert reverse(f"guide:{name}") in pages


def test_sitemap_leaves_out_drafts_and_private_or_post_only_addresses(guide, client, settings):
    draft = Treatment.objects.get(slug="ice-pack")
    draft.published = False
    draft.save()
    pages = sitemap(client)
    assert draft.get_absolute_url() not in pages
    for private in (f"/{settings.ADMIN_PATH}", reverse("guide:search"), reverse("guide:triage_answer")):
        assert not any(url.startswith(private) for url in pages)


def test_every_sitemap_page_opens_for_anyone(guide, client):
    for url in sitemap(client):
        assert client.get(url).status_code == 200, url


def test_robots_txt_names_the_sitemap(guide, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()


def test_pages_have_a_canonical_link_and_open_graph_tags(guide, client):
    html = client.get("/treatments/ice-pack/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/treatments/ice-pack/">' in html
    assert '<meta property="og:title" content="Ice pack">' in html
    assert 'property="og:description" content="A wrapped ice pack' in html


def test_every_content_page_has_valid_schema_org_json_ld(guide, client):
    checked = 0
    for url in sitemap(client):
        html = client.get(url).content.decode()
        for data in json_ld(html):
            assert problems(data) == [], url
            checked += 1
    assert checked >= Treatment.objects.published().count() + Stretch.objects.published().count()


def test_a_treatment_page_says_its_review_date_condition_and_evidence(guide, client):
    treatment = Treatment.objects.get(slug="nsaids")
    (data,) = json_ld(client.get(treatment.get_absolute_url()).content.decode())
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == treatment.last_reviewed.isoformat()
    assert data["about"]["@type"] == "MedicalCondition"
    therapy = data["mainEntity"]
    assert therapy["@type"] == "MedicalTherapy"
    assert therapy["guideline"]["recommendationStrength"] == treatment.get_evidence_display()
    assert therapy["guideline"]["name"] == treatment.evidence_recommendation


def test_list_pages_carry_their_stalest_review(guide, client):
    (data,) = json_ld(client.get(reverse("guide:warning_signs")).content.decode())
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"]


def test_reviewed_by_comes_from_the_page_when_it_names_a_reviewer(guide, rf):
    request = rf.get("/treatments/nsaids/")
    treatment = Treatment.objects.get(slug="nsaids")
    treatment.reviewed_by = SimpleNamespace(name="Dr A Clinician", role="GP")
    data = structured_data.for_page({"request": request, "treatment": treatment})
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr A Clinician", "jobTitle": "GP"}
    assert problems(data) == []
    del treatment.reviewed_by
    assert "reviewedBy" not in structured_data.for_page({"request": request, "treatment": treatment})


def test_the_validator_refuses_what_schema_org_does_not_have():
    assert problems({"@type": "MedicalWebPage", "lastReviewed": "2026-01-01"}) == []
    assert problems({"@type": "MedicalWebPage", "lastReviwed": "2026-01-01"})
    assert problems({"@type": "MedicalTherapy", "evidenceLevel": "A"})  # not a MedicalTherapy property
    assert problems({"@type": "MedicalPage"})


def test_editors_text_cannot_close_the_script(guide, client):
    treatment = Treatment.objects.get(slug="ice-pack")
    treatment.summary = "Cold </script><script>alert(1)</script> helps"
    treatment.save()
    html = client.get(treatment.get_absolute_url()).content.decode()
    (data,) = json_ld(html)
    assert data["mainEntity"]["description"] == treatment.summary
    assert "</script><script>alert" not in html
