"""The clinical safety case (guide/hazards.toml), wired to the tests.

Fails when a hazard has no control, a control names no evidence, a rating is not the matrix's, a
vignette a control names is not in the development suite or does not exercise the control, or a
pytest test it names does not exist. Node ids are checked against this session's collection (the
tests collected and those deselected by -m or -k); a file this session did not collect is collected
on its own. The named tests run in the same suite, so a failing one fails it too.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from guide import safety_case, vignettes
from guide.questionnaire import build
from tests.wizard_support import load_guide

pytestmark = pytest.mark.django_db

CASE = safety_case.load()
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def known(django_db_setup, django_db_blocker) -> safety_case.Known:
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        load_guide()
        result = safety_case.known_from(build(), vignettes.load(), ROOT)
        transaction.set_rollback(True)
    return result


def test_the_log_has_every_hazard_the_issue_names_and_more():
    assert len(CASE.hazards) >= 15
    titles = " ".join(hazard.title.lower() for hazard in CASE.hazards)
    for words in [
        "aorta",
        "heart attack",
        "cauda equina",
        "blood thinners",
        "spine infection",
        "cancer",
        "thin bones",
        "sepsis",
        "pregnancy",
        "inflammatory",
        "not getting better",
        "ordinary spasm",
        "while waiting",
        "abroad",
        "editor",
        "unavailable",
        "very unwell for another reason",
        "child",
        "cannot answer",
        "misread",
        "tampered",
        "shingles",
    ]:
        assert words in titles, words


def test_the_log_is_complete_and_every_control_is_proved_by_what_it_names(known):
    assert safety_case.problems(CASE, known) == []


def test_every_hazard_says_what_goes_wrong_why_the_harm_and_what_is_left():
    for hazard in CASE.hazards:
        assert all([hazard.what, hazard.cause, hazard.harm, hazard.residual]), hazard.id
        assert hazard.controls and all(control.does for control in hazard.controls), hazard.id


def test_the_matrix_is_the_standards():
    """DCB0129's 5 x 5 matrix: rows of likelihood, columns of severity, ratings 1 to 5."""
    assert safety_case.rating("Catastrophic", "Very high") == 5
    assert safety_case.rating("Catastrophic", "Very low") == 3
    assert safety_case.rating("Minor", "Very low") == 1
    assert safety_case.rating("Major", "Medium") == 3
    assert safety_case.rating("Considerable", "Low") == 2
    assert [safety_case.rating(s, "High") for s in safety_case.SEVERITIES] == [2, 3, 3, 4, 5]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda text: text.replace(
                'risk = 4 }\nafter = { severity = "Catastrophic", likelihood = "Very low", risk = 3',
                'risk = 5 }\nafter = { severity = "Catastrophic", likelihood = "Very low", risk = 3',
                1,
            ),
            "is risk 4, not 5",
        ),
        (
            lambda text: text.replace(
                'vignettes = ["e-back-and-sudden-tummy-pain-67"]', 'vignettes = ["e-no-such-case"]', 1
            ),
            "no development vignette 'e-no-such-case'",
        ),
        (
            lambda text: text.replace('what = "sudden-severe-pain-over-50"', 'what = "no-such-rule"', 1),
            "no published rule by that name",
        ),
        (
            lambda text: text.replace(
                'vignettes = ["e-44-marfan-worry-sudden-pain-between-shoulders"]',
                'vignettes = ["e-58-shoulder-blades-sweaty-and-sick"]',
                1,
            ),
            "does not fire it",
        ),
        (lambda text: text.replace('kind = "rule"', 'kind = "hope"', 1), "the kind must be one of"),
        (lambda text: text.replace('id = "H2"', 'id = "H3b"', 1), "numbered H1, H2"),
    ],
    ids=["rating", "missing vignette", "missing rule", "vignette not exercising", "kind", "numbering"],
)
def test_a_broken_log_is_caught(known, change, problem):
    text = (ROOT / "guide" / "hazards.toml").read_text()
    broken = change(text)
    assert broken != text
    assert any(problem in found for found in safety_case.problems(safety_case.read(broken), known))


def test_a_hazard_without_a_control_or_a_control_without_evidence_is_caught(known):
    hazard = CASE.hazards[0]
    bare = safety_case.SafetyCase(CASE.reviewed, (safety_case.Hazard(**{**hazard.__dict__, "controls": ()}),))
    assert any("no control" in problem for problem in safety_case.problems(bare, known))
    control = safety_case.Control("code", "guide/triage.py", "Something.")
    unproved = safety_case.SafetyCase(
        CASE.reviewed, (safety_case.Hazard(**{**hazard.__dict__, "controls": (control,)}),)
    )
    assert any("names no evidence" in problem for problem in safety_case.problems(unproved, known))


def collected_here(request) -> set[str]:
    """Node ids this session collected, the ones -m or -k deselected included."""
    ids = {item.nodeid for item in request.session.items}
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        ids |= {item.nodeid for item in reporter.stats.get("deselected", [])}
    return ids


def exists(test: str, ids: set[str]) -> bool:
    """A test named plainly covers all its parameters; one named with [params] must match exactly."""
    return test in ids or any(found.startswith(test + "[") for found in ids)


def test_every_test_a_control_names_exists(request):
    """A renamed or deleted test fails here, so the safety case never cites a test that is gone."""
    ids = collected_here(request)
    files = {nodeid.split("::")[0] for nodeid in ids}
    named = sorted(CASE.tests)
    gone = [test for test in named if test.split("::")[0] in files and not exists(test, ids)]
    assert gone == [], "named in guide/hazards.toml but not collected"
    elsewhere = sorted({test.split("::")[0] for test in named if test.split("::")[0] not in files})
    if elsewhere:  # a partial run: collect the other files the log names, on their own
        missing = [path for path in elsewhere if not (ROOT / path).is_file()]
        assert missing == [], "named in guide/hazards.toml: no such test file"
        command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *elsewhere]
        listed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False).stdout
        ids = {line.strip() for line in listed.splitlines() if "::" in line}
        gone = [test for test in named if test.split("::")[0] in elsewhere and not exists(test, ids)]
        assert gone == [], "named in guide/hazards.toml but not collected"


def test_every_vignette_a_control_names_is_a_development_case():
    development = {case.id for case in vignettes.load()}
    assert sorted(CASE.vignettes - development) == []


# The public page and check_triage


@pytest.fixture
def page(loaded_guide, db) -> str:
    return Client().get("/triage/safety-case/").content.decode()


def test_the_safety_case_page_shows_every_hazard_with_its_risk_and_controls(page):
    for hazard in CASE.hazards:
        assert f'id="{hazard.id.lower()}"' in page and escape(hazard.title) in page
    assert "DCB0129" in page and "Catastrophic" in page and "Very low" in page
    assert page.count('class="control"') == sum(len(hazard.controls) for hazard in CASE.hazards)


def test_how_we_test_links_to_the_safety_case(loaded_guide, db):
    assert 'href="/triage/safety-case/"' in Client().get("/triage/how-we-test/").content.decode()


def test_check_triage_prints_the_hazard_log(loaded_guide, db, capsys):
    from django.core.management import call_command

    call_command("check_triage")
    out = capsys.readouterr().out
    assert f"Safety case: {len(CASE.hazards)} hazards" in out
    for hazard in CASE.hazards:
        assert f"{hazard.id} " in out and hazard.title in out
