"""Hypothesis fuzzing of the wizard's POST endpoint: never a 5xx, never an outcome milder than a given yes."""

import encodings.aliases

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide import triage
from tests.wizard_support import ANSWER_URL, START_URL, Page, make_triage_content

pytestmark = pytest.mark.django_db

SIGN_FIELDS = [f"sign-{urgency}-sign-{n}" for urgency in triage.SIGN_TIERS for n in (1, 2)]
FIELDS = [*SIGN_FIELDS, *triage.PAIN_ANSWERS, "step", "go", "show", "csrfmiddlewaretoken"]
VALUES = [
    *triage.SIGN_ANSWERS,
    *(answer for answers in triage.PAIN_ANSWERS.values() for answer in answers),
    "emergency",
    "urgent",
    "pain",
    "next",
    "none",
    "",
]
fuzz = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

values = st.one_of(st.sampled_from(VALUES), st.text(max_size=20))
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=12)),
    st.one_of(values, st.lists(values, min_size=1, max_size=3)),
    max_size=24,
)


@pytest.fixture
def content():
    make_triage_content()


def given_floor(data: dict) -> str:
    """The most urgent tier any warning sign was clearly answered yes or not sure to."""
    tiers = []
    for name in SIGN_FIELDS:
        given_values = data.get(name)
        given_values = {v for v in ([given_values] if isinstance(given_values, str) else given_values or []) if v}
        if len(given_values) == 1 and given_values <= {triage.YES, triage.NOT_SURE}:
            tiers.append(name.split("-")[1])
    return triage.most_urgent(tiers)


@fuzz
@given(data=form_data, htmx=st.booleans())
def test_any_form_data_gets_a_page_never_a_5xx_or_a_milder_outcome(content, data, htmx):
    page = Page(Client(headers={"HX-Request": "true"} if htmx else {}).post(ANSWER_URL, data))
    assert page.response.status_code in {200, 400}
    assert "no-store" in page.response["Cache-Control"]
    if page.urgency:
        assert triage.TIERS.index(page.urgency) <= triage.TIERS.index(given_floor(data))
    else:
        assert page.step in {"emergency", "urgent", "pain"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "application/json"]
    ),
)
def test_any_body_gets_a_4xx_or_a_page_never_a_5xx(content, body, content_type):
    response = Client().post(ANSWER_URL, body, content_type=content_type)
    assert response.status_code in {200, 400}


# Every codec name Python knows (text and bytes-to-bytes alike), as a client could put in a charset.
CODEC_NAMES = sorted({*encodings.aliases.aliases, *encodings.aliases.aliases.values(), "rot13", "hex", "idna"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.sampled_from([ANSWER_URL, "/admin/login/"]),
    charset=st.one_of(st.sampled_from(CODEC_NAMES), st.text(min_size=1, max_size=12)),
    multipart=st.booleans(),
    fields=st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
)
def test_any_charset_gets_a_page_or_a_400_never_a_5xx(content, url, charset, multipart, fields):
    """LookupError from a codec such as rot13 or zlib once made every POST endpoint answer 500."""
    charset = charset.replace('"', "").replace("\\", "")
    if multipart:
        body = "".join(
            f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
            if isinstance(value, str)
        )
        body, content_type = body + "--x--\r\n", f'multipart/form-data; boundary=x; charset="{charset}"'
    else:
        body = "&".join(f"{name}=1" for name in fields)
        content_type = f'application/x-www-form-urlencoded; charset="{charset}"'
    response = Client().generic("POST", url, body.encode(), content_type=content_type)
    assert response.status_code in {200, 400}


def test_the_fuzzer_reaches_every_kind_of_screen(content):
    """Guard against a fuzzer that only ever sees the error page."""
    step1 = Page(Client().get(START_URL))
    assert step1.step == "emergency"
    assert Page(Client().post(ANSWER_URL, {"step": "emergency", "go": "none"})).step == "urgent"
    assert Page(Client().post(ANSWER_URL, {"step": "emergency", SIGN_FIELDS[0]: "yes"})).urgency == "emergency"
