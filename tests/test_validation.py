"""Accuracy a reader can trust: the validation suite apart from the development suite, its first run
recorded once and published in plain words, and every figure with a Wilson 95% interval.

No validation case is written here (someone who has not read the rules writes them): these tests
build small stand-in suites in a temporary folder to check the machinery.
"""

import datetime
import re
import shutil
from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from guide import safety_gate, stats, validation_record, vignettes
from guide.questionnaire import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guide(loaded_guide, db):
    """Every test starts from the real guide, loaded once for the module."""


# Wilson's interval


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe, Stat Med 1998;17:857-72, table II, method 3
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_matches_newcombes_published_intervals(successes, n, low, high):
    found = stats.wilson(successes, n)
    assert found == pytest.approx((low, high), abs=5e-5)


def test_wilson_stays_inside_0_and_1_and_refuses_what_is_not_a_proportion():
    assert stats.wilson(0, 0) == (0.0, 1.0)
    assert stats.wilson(3, 3)[1] == 1.0 and stats.wilson(0, 3)[0] == 0.0
    with pytest.raises(ValueError):
        stats.wilson(4, 3)
    assert str(stats.Share(22, 23)) == "22 of 23 (95.7%; 95% CI 79.0% to 99.2%)"


# Two suites, never mixed


def stand_in_suites(tmp_path, settings, validation_cases: str) -> None:
    """The development suite as it is, with a validation folder holding `validation_cases`."""
    development = tmp_path / "vignettes"
    shutil.copytree(vignettes.directory(), development, ignore=shutil.ignore_patterns("validation"))
    (development / "validation").mkdir()
    (development / "validation" / "cases.toml").write_text(validation_cases)
    (development / "validation" / "suite.toml").write_text(
        '[suite]\nwritten_by = "a test"\nwritten_on = "2026-12-07"\nhow_written = "Made up by the test suite."\n'
    )
    settings.BACKCARE_VIGNETTES_DIR = development


CASES = """
[[case]]
id = "e-validation-stand-in-chest"
story = "My back hurts and since this morning my chest feels tight, like a band round it. I am sixty."
tier = "emergency"
safe = "emergency"
ambulance = true
source = "NHS Heart attack: chest tightness -> 999."
[case.answers]
emergency-signs = ["chest-pain"]

[[case]]
id = "e-validation-stand-in-missed"
story = "A stand-in emergency the rules cannot catch: an ordinary spasm marked as an emergency for the test."
tier = "emergency"
safe = "emergency"
source = "Made up by the test suite."
[case.answers]
emergency-signs = []
age = "16-49"
onset = "1-3-days"
risk-factors = []
how-it-started = "movement"
severity = "moderate"
symptoms = []

[[case]]
id = "s-validation-stand-in-spasm"
story = "I bent to pick up a box yesterday and my back went. It is moderate and I am thirty."
tier = "self-care"
safe = "self-care"
source = "NICE NG59."
[case.answers]
emergency-signs = []
age = "16-49"
onset = "1-3-days"
risk-factors = []
how-it-started = "movement"
severity = "moderate"
symptoms = []
"""


def test_the_development_suite_never_holds_a_validation_case(tmp_path, settings):
    stand_in_suites(tmp_path, settings, CASES)
    development = {case.id for case in vignettes.load()}
    validation = {case.id for case in vignettes.load_validation()}
    assert validation == {"e-validation-stand-in-chest", "e-validation-stand-in-missed", "s-validation-stand-in-spasm"}
    assert development and not development & validation
    assert vignettes.validation_about()["written_by"] == "a test"


def test_the_safety_gate_never_reads_the_validation_suite(tmp_path, settings):
    """A validation case the rules miss is a finding for the page, not a reason to refuse an edit."""
    stand_in_suites(tmp_path, settings, CASES)
    assert safety_gate.problems() == {}


def test_check_triage_reports_both_suites_apart_with_intervals(tmp_path, settings, capsys):
    stand_in_suites(tmp_path, settings, CASES)
    with pytest.raises(CommandError, match="the validation suite finds a safety miss"):
        call_command("check_triage")
    out = capsys.readouterr().out
    development, validation = out.split("Validation suite (tests/vignettes/validation)")
    assert "Development suite (tests/vignettes)" in development
    assert "Emergency sensitivity: 1 of 2 (50.0%; 95% CI 9.5% to 90.5%)" in validation
    assert "[UNDER] e-validation-stand-in-missed" in validation
    assert "Self-care kept at self-care: 1 of 1" in validation
    assert re.search(r"Emergency sensitivity: (\d+) of \1 \(100\.0%; 95% CI", development)


def test_check_triage_says_when_there_is_no_validation_suite(capsys):
    call_command("check_triage")
    assert "Validation suite (tests/vignettes/validation): no cases yet." in capsys.readouterr().out


# The first run, recorded once


@pytest.fixture
def record(tmp_path, monkeypatch):
    path = tmp_path / "validation_record.toml"
    monkeypatch.setattr(validation_record, "RECORD", path)
    return path


def test_the_record_keeps_a_suites_first_run_and_refuses_a_second(tmp_path, settings, record, capsys):
    stand_in_suites(tmp_path, settings, CASES)
    with pytest.raises(CommandError):  # the stand-in suite has a miss, but the run is still recorded
        call_command("check_triage", "--record-validation", "--commit", "abc1234")
    run = validation_record.latest()
    assert run.cases == 3 and run.rules_commit == "abc1234" and run.written_by == "a test"
    assert run.date == datetime.date.today() and run.under == ("e-validation-stand-in-missed",)
    assert run.matrix()[0] == ("emergency", (1, 0, 0, 1))
    assert run.rules_fingerprint == validation_record.fingerprint(build().catalogue)
    assert str(run.emergencies_caught) == "1 of 2 (50.0%; 95% CI 9.5% to 90.5%)"
    # Run again, the same cases would only flatter rules fixed since: refused, the record unchanged.
    text = record.read_text()
    with pytest.raises(CommandError, match="first run only"):
        call_command("check_triage", "--record-validation", "--commit", "def5678")
    assert record.read_text() == text


def test_recording_needs_validation_cases(record):
    with pytest.raises(CommandError, match="no validation cases"):
        call_command("check_triage", "--record-validation", "--commit", "abc1234")
    assert not record.exists()


def text_of(html: str) -> str:
    html = html[html.index("<main") : html.index("</main>")]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def test_how_we_test_says_plainly_when_there_is_no_validation_run_yet(record):
    page = text_of(Client().get("/triage/how-we-test/").content.decode())
    assert "No one has yet tested the checker on stories written after the rules were fixed." in page
    assert "They cannot show how the checker does for someone new." in page
    assert "%" in page.split("Our development stories, today")[1]
    assert "95% sure" not in page.split("Our development stories, today")[0]  # no figure before there is one


def test_how_we_test_publishes_the_first_validation_run_in_plain_words(tmp_path, settings, record):
    stand_in_suites(tmp_path, settings, CASES)
    with pytest.raises(CommandError):
        call_command("check_triage", "--record-validation", "--commit", "abc1234def5678")
    page = text_of(Client().get("/triage/how-we-test/").content.decode())
    validation = page.split("Stories written after the rules were fixed")[1].split("Our development stories")[0]
    assert "we ran 3 new stories through the checker, once" in validation
    assert (
        "Of 2 emergencies in these stories, the checker sent 1 to 999. "
        "We are 95% sure the true share is between 9% and 91%." in validation
    )
    assert "It sent 1 of the 3 stories to less urgent care than is safe." in validation
    assert "Of 1 story that could be looked after at home, it kept 1 at home." in validation
    assert "moved those stories into our development stories below" in validation
    assert "they change only when someone writes a new set of stories" in validation
    assert "abc1234def" in validation
