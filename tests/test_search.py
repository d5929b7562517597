"""Site search: relevance on real queries, emergencies first, bad input, and nothing kept.

Run on SQLite by default and on PostgreSQL with DATABASE_URL set (README, PostgreSQL): the same
table must hold on both engines.
"""

import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from guide import countries, search
from guide.models import Synonym, Treatment, WarningSign

pytestmark = pytest.mark.django_db

# What people type, and the page that must come first. Written from the fixtures' page titles and
# the search words (fixtures/10_synonyms.json); an emergency query expects its warning sign on top.
RELEVANCE = [
    ("ice", "treatment:ice-pack"),
    ("ice pack", "treatment:ice-pack"),
    ("frozen peas", "treatment:ice-pack"),
    ("heat", "treatment:moist-heat"),
    ("hot water bottle", "treatment:moist-heat"),
    ("paracetamol", "treatment:paracetamol"),
    ("acetaminophen", "treatment:paracetamol"),
    ("tylenol", "treatment:paracetamol"),
    ("naproxen", "treatment:nsaids"),
    ("ibuprofen", "treatment:nsaids"),
    ("nurofen", "treatment:nsaids"),
    ("slipped disc", "article:sciatica"),
    ("sciatica", "article:sciatica"),
    ("sciatca", "article:sciatica"),
    ("paracetomol", "treatment:paracetamol"),
    ("massage", "treatment:massage"),
    ("chiropractor", "treatment:spinal-manipulation"),
    ("physio", "treatment:physiotherapy"),
    ("diazepam", "treatment:muscle-relaxants"),
    ("tens machine", "treatment:tens"),
    ("acupuncture", "treatment:acupuncture"),
    ("knee to chest", "stretch:knee-to-chest"),
    ("get up from the floor", "movement:get-up-from-the-floor"),
    ("do i need a scan", "myth:you-need-a-scan"),
    ("flare up plan", "plan:flare-up"),
    ("numb bum", "sign:numb-genitals-bottom"),
    ("chest pain", "sign:chest-pain"),
    ("cant pee", "sign:bladder-bowel-problems"),
    ("can't breathe", "sign:very-unwell"),
    ("passed out", "sign:fainting"),
    ("both legs numb", "sign:both-legs"),
    ("tearing pain", "sign:tearing-pain"),
]

# Queries that must not raise the alarm: common, non-urgent words.
NOT_EMERGENCIES = ["back pain", "leg pain", "sudden back pain", "pins and needles", "fever", "pregnant", "ice"]


@pytest.fixture
def guide(loaded_guide, db):
    return None


def first(query: str) -> str:
    results = search.search(query)
    found = results.emergencies + results.documents
    return found[0].key if found else ""


@pytest.mark.parametrize(("query", "expected"), RELEVANCE)
def test_relevance(guide, query, expected):
    assert first(query) == expected, f"{connection.vendor}: {query!r} -> {first(query)!r}"


def test_relevance_table_is_printed(guide, capsys):
    """The table as the report gives it: `uv run pytest -n0 -s -k relevance_table tests/test_search.py`."""
    with capsys.disabled():
        print(f"\n{connection.vendor}")
        for query, _ in RELEVANCE:
            print(f"| {query} | {first(query)} |")


@pytest.mark.parametrize("query", ["numb bum", "chest pain", "can't breathe", "car crash", "cant feel my legs"])
def test_emergency_sign_comes_before_everything(guide, client, query):
    results = search.search(query)
    assert results.emergencies and all(d.urgency == "emergency" for d in results.emergencies)
    html = client.get(reverse("guide:search"), {"q": query}).content.decode()
    card, first_result = html.find("data-search-emergency"), html.find("data-search-result")
    assert card >= 0 and (first_result == -1 or card < first_result)
    assert 'href="tel:999"' in html[card : first_result if first_result > 0 else None]


@pytest.mark.parametrize("query", NOT_EMERGENCIES)
def test_ordinary_words_raise_no_alarm(guide, query):
    assert search.search(query).emergencies == []


def test_the_call_button_is_the_persons_country(guide, client):
    client.cookies[countries.cookie_name()] = "us"
    html = client.get(reverse("guide:search"), {"q": "chest pain"}).content.decode()
    assert 'href="tel:911"' in html and "tel:999" not in html


def test_a_synonym_added_in_the_admin_finds_its_page(guide):
    assert first("zorbex") == ""
    Synonym.objects.create(
        term="zorbex", means="paracetamol", source_id=Treatment.objects.get(slug="paracetamol").evidence_source_id
    )
    assert first("zorbex") == "treatment:paracetamol"


def test_only_published_content_is_found(guide):
    for row in (Treatment.objects.get(slug="ice-pack"), WarningSign.objects.get(slug="chest-pain")):
        row.published = False
        row.save()  # as the admin saves: a new content version
    assert "treatment:ice-pack" not in [d.key for d in search.search("ice pack").documents]
    assert "sign:chest-pain" not in [d.key for d in search.search("chest pain").emergencies]


def test_an_edit_is_searchable_at_once(guide):
    treatment = Treatment.objects.get(slug="massage")
    treatment.name = "Massage and quokka work"
    treatment.save()
    assert first("quokka") == "treatment:massage"


def test_the_page_works_without_javascript(guide, client):
    response = client.get(reverse("guide:search"), {"q": "ice"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html and 'action="/search/"' in html
    assert "Ice pack" in html


def test_htmx_gets_only_the_results(guide, htmx_client):
    response = htmx_client.get(reverse("guide:search"), {"q": "ic"})  # while typing: "ic" finds ice
    html = response.content.decode()
    assert "<html" not in html and 'id="search-results"' in html and "Ice pack" in html


def test_no_results_offers_the_checker_and_warning_signs(guide, client):
    html = client.get(reverse("guide:search"), {"q": "xylophone"}).content.decode()
    assert "data-search-none" in html
    assert f'href="{reverse("guide:triage")}"' in html and f'href="{reverse("guide:warning_signs")}"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 101, "shorter"),
        ("back\x00pain", "cannot read"),
        ("back\u202epain", "cannot read"),
        ("?!*&%", "Type some words"),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(guide, client, htmx_client, query, message):
    for each in (client, htmx_client):
        response = each.get(reverse("guide:search"), {"q": query})
        assert response.status_code == 400 and message in response.content.decode()


def test_fts5_syntax_in_a_query_is_only_words(guide, client):
    for query in ['"ice', "ice OR", "NEAR(ice heat)", "ice*", "title:ice", "' OR 1=1 --", "ice) AND (heat"]:
        assert client.get(reverse("guide:search"), {"q": query}).status_code == 200


def test_queries_are_never_kept(guide, client, caplog, django_assert_max_num_queries):
    secret = "quetzalcoatl slipped disc"
    cache.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.get(reverse("guide:search"), {"q": secret})
    assert response["Cache-Control"] == "private, no-store"
    assert "quetzalcoatl" not in caplog.text
    # Not in any cache key or value (the page cache keeps nothing for this page).
    for key in cache._cache:  # LocMemCache's own store
        assert "quetzalcoatl" not in str(key) and b"quetzalcoatl" not in cache._cache[key]
    # Not in the database: search only ever reads, except PostgreSQL's copy of the content.
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "get_internal_type", lambda: "")() in {"CharField", "TextField"} and field.concrete:
                assert not model._default_manager.filter(**{f"{field.name}__icontains": "quetzalcoatl"}).exists()
    assert not response.cookies
