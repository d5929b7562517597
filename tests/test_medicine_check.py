"""The medicine safety check: tick what applies before an NSAID, and any tick says ask a pharmacist, and why.

Like the wizard it keeps nothing: no row, session, cookie (but CSRF), log line or URL holds a tick.
"""

import logging
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guide import countries
from guide.check_views import medicine_check as check_view
from guide.governance.models import last_reviews
from guide.models import MedicineCheck, MedicineCheckItem, Treatment
from tests.factories import make_guide, make_medicine_check, make_source, make_treatment
from tests.html_forms import form_data
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
MARKER = "zq-marker-9025"


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def check() -> MedicineCheck:
    medicine = make_treatment(make_source(), slug="ibuprofen", name="Ibuprofen", kind=Treatment.Kind.MEDICINE)
    return make_medicine_check(medicine, items=4)


def url(check: MedicineCheck) -> str:
    return reverse("guide:medicine_check", args=[check.treatment.slug])


def ticked_boxes(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="ticked" value="(\d+)" id="[^"]+" checked>', html)


def test_the_checklist_shows_every_line_as_a_checkbox_in_a_post_form(client, check):
    response = client.get(url(check))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for item in check.items.all():
        assert f'value="{item.order}"' in html and item.label in html
    assert f'<form class="check-form" method="post" action="{url(check)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ticked_boxes(html) == []
    assert check.intro in html


def test_any_tick_says_ask_a_pharmacist_first_and_why(client, check):
    first, _, third, _ = check.items.all()
    response = client.post(url(check), {"ticked": [str(first.order), str(third.order)]})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-check-result="ask-first"' in html
    assert "Ask a pharmacist before taking it." in html
    for item in (first, third):
        assert f"<strong>{item.label}.</strong> {item.reason}" in html
    for item in check.items.exclude(pk__in=[first.pk, third.pk]):
        assert item.reason not in html
    # The ticks stay ticked, so the person can change them and check again.
    assert ticked_boxes(html) == [str(first.order), str(third.order)]


def test_no_tick_gives_the_conditional_all_clear(client, check):
    html = client.post(url(check), {}).content.decode()
    assert 'data-check-result="none-ticked"' in html
    assert check.if_none in html
    assert "Ask a pharmacist before taking it." not in html


def test_a_line_not_on_the_list_is_a_clear_400_that_never_repeats_it(client, check):
    for sent in ([MARKER], ["99"], ["1", MARKER]):
        response = client.post(url(check), {"ticked": sent})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Something you sent was not on the list. Please tick again." in html
        assert MARKER not in html and "data-check-result" not in html


def test_htmx_gets_the_partial_of_the_same_url(check):
    client = Client(headers=HTMX)
    for response in (client.get(url(check)), client.post(url(check), {"ticked": ["1"]})):
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
    assert "Ask a pharmacist" in client.post(url(check), {"ticked": ["1"]}).content.decode()


def test_it_works_as_a_plain_form_with_csrf_as_a_browser_sends_it(check):
    """Without JavaScript: fetch the form, tick, send exactly what the page would send."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(url(check)).content.decode()
    data = form_data(page) | {"ticked": ["2"]}
    response = client.post(url(check), data)
    assert response.status_code == 200
    assert "Ask a pharmacist before taking it." in response.content.decode()
    assert Client(enforce_csrf_checks=True).post(url(check), {"ticked": ["2"]}).status_code == 403


def test_ticks_are_kept_nowhere(check):
    before = row_counts()
    client = Client()
    responses = [client.get(url(check)), client.post(url(check), {"ticked": ["1", "2"]}), client.post(url(check), {})]
    assert row_counts() == before
    assert {name for response in responses for name in response.cookies} <= {settings.CSRF_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    for response in responses:
        assert "no-store" in response["Cache-Control"]
        assert "Location" not in response
        assert "?" not in response.request["PATH_INFO"] and not response.request.get("QUERY_STRING")


def test_a_marker_tick_never_reaches_a_log(caplog, check):
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    assert client.post(url(check), {"ticked": MARKER}).status_code == 400
    assert Client(enforce_csrf_checks=True).post(url(check), {"ticked": MARKER}).status_code == 403
    assert "django.request" in {record.name for record in caplog.records}
    assert MARKER not in caplog.text
    for record in caplog.records:
        assert MARKER not in str(record.__dict__.get("request", ""))


def test_error_reports_never_see_the_ticks(rf, check):
    request = rf.post(url(check), {"ticked": "1"})
    request.htmx = False
    check_view(request, check.treatment.slug)
    assert request.sensitive_post_parameters == "__ALL__"


VERSION_CHECK = 1  # as in tests/test_pages.py


def test_three_queries_however_long_the_list_or_the_guide(client, check):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url(check), {"ticked": ["1"]}).status_code == 200
        return len(captured)

    # The check with its medicine, its lines with their sources, its citations; and the content
    # version, re-read on every request in tests (production reads it once a second), whose
    # countries (the footer's numbers) are read once, by whichever page comes first.
    countries.published()
    last_reviews()  # who reviewed each page: read once per content version too
    assert queries() == 3 + VERSION_CHECK
    make_guide(copies=5)
    source = check.treatment.evidence_source
    MedicineCheckItem.objects.bulk_create(
        MedicineCheckItem(medicine_check=check, order=order, label="More", reason="More.", source=source)
        for order in range(10, 30)
    )
    countries.published()
    last_reviews()  # who reviewed each page: read once per content version too
    assert queries() == 3 + VERSION_CHECK


def test_only_published_checks_of_published_medicines_are_shown(client, check):
    assert client.get(url(check)).status_code == 200
    MedicineCheck.objects.filter(pk=check.pk).update(published=False)
    assert client.get(url(check)).status_code == 404
    MedicineCheck.objects.filter(pk=check.pk).update(published=True)
    Treatment.objects.filter(pk=check.treatment.pk).update(published=False)
    assert client.get(url(check)).status_code == 404
    other = make_treatment(make_source(), slug="no-check")
    assert client.get(reverse("guide:medicine_check", args=[other.slug])).status_code == 404
    assert client.put(url(check)).status_code == 405


def test_lines_and_reasons_are_content_editors_change_with_history(client, check):
    item = check.items.first()
    revisions = item.history.count()
    item.reason = "A reason an editor wrote today."
    item.save()
    assert item.history.count() == revisions + 1
    html = client.post(url(check), {"ticked": [str(item.order)]}).content.decode()
    assert "A reason an editor wrote today." in html


def test_the_medicine_page_offers_the_check_before_saying_how_to_take_it(client, check):
    html = client.get(check.treatment.get_absolute_url()).content.decode()
    assert f'href="{url(check)}"' in html
    assert html.index("data-medicine-check") < html.index("How to do it")
    check.published = False
    check.save()
    assert "data-medicine-check" not in client.get(check.treatment.get_absolute_url()).content.decode()


def test_the_real_nsaid_check_covers_the_reviews_list_and_says_why(client, guide_content):
    check = MedicineCheck.objects.get(treatment__slug="nsaids")
    labels = " ".join(check.items.values_list("label", flat=True))
    risks = ["asthma", "stomach ulcer", "kidney", "liver", "heart", "blood thinner", "pregnant", "breastfeeding", "65"]
    for risk in risks:
        assert risk in labels, risk
    everything = [str(order) for order in check.items.values_list("order", flat=True)]
    html = client.post(url(check), {"ticked": everything}).content.decode()
    text = visible_text(html)
    assert "Ask a pharmacist before taking it." in text
    for item in MedicineCheckItem.objects.filter(medicine_check=check).select_related("source"):
        assert f"{item.label}. {item.reason} (" in text, item.label
        assert f'(<a href="/sources/#{item.source.slug}">' in html
