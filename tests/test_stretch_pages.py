"""Stretch pages people can follow: drawings, the player's hooks, and the way down to the floor."""

import re

import pytest
from django.urls import reverse

from guide.models import Stretch
from tests.factories import make_movement_guide, make_source, make_stretch

pytestmark = pytest.mark.django_db


def player(html: str) -> str:
    match = re.search(r'<section class="player" id="stretch-player".*?</section>', html, re.S)
    assert match, "no player on the page"
    return match.group(0)


def test_the_player_carries_the_dosing_and_stays_hidden_until_its_script_runs(client):
    stretch = make_stretch(
        make_source(), hold_seconds=60, repetitions=3, sides="each", steps="Sit tall.\nTurn.\nHold.\nTurn back."
    )
    html = client.get(stretch.get_absolute_url()).content.decode()
    section = player(html)
    opening = section.split(">", 1)[0]
    assert " hidden" in opening
    assert 'data-hold-seconds="60"' in opening
    assert 'data-repetitions="3"' in opening
    assert 'data-sides="each"' in opening
    assert 'data-steps="4"' in opening
    assert '<ol class="steps" id="stretch-steps"><li>Sit tall.</li>' in html
    for name in ["start", "pause", "reset", "prev", "next"]:
        assert re.search(rf'<button type="button" [^>]*id="player-{name}" data-player="{name}"', section), name
    assert 'id="player-status" role="status" aria-live="polite"' in section
    assert 'id="player-side"' in section
    assert "Stop if the pain gets worse." in section


@pytest.mark.parametrize(
    ("steps", "hold_step"),
    [
        ("Hold one knee.\nPull it in.\nHold for 5 seconds.\nLet go.", "2"),  # a grip is not the timed hold
        ("Sit tall.\nTurn.", None),
    ],
)
def test_the_player_knows_which_step_is_the_timed_hold(client, steps, hold_step):
    stretch = make_stretch(make_source(), steps=steps)
    opening = player(client.get(stretch.get_absolute_url()).content.decode()).split(">", 1)[0]
    found = re.search(r'data-hold-step="(\d+)"', opening)
    assert (found and found.group(1)) == hold_step


def test_the_when_to_start_advice_comes_before_the_steps_and_the_player(client):
    stretch = make_stretch(make_source(), dosing="Start once the worst pain has eased.")
    html = client.get(stretch.get_absolute_url()).content.decode()
    assert (
        html.index("Start once the worst pain has eased.")
        < html.index('id="stretch-steps"')
        < html.index('id="stretch-player"')
    )


def test_the_script_is_our_own_file_deferred_and_nothing_runs_inline(client):
    stretch = make_stretch(make_source(), sides="none")
    html = client.get(stretch.get_absolute_url()).content.decode()
    assert re.search(r'<script src="/static/js/stretch-player\.js" defer></script>', html)
    # JSON-LD is data, never run: the only script without a src.
    assert not re.search(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")', html), "inline script"
    assert not re.search(r"\s(style|on[a-z]+)=", html), "inline style or event handler"
    assert 'id="player-side"' not in player(html)


def test_without_javascript_the_steps_and_dosing_are_all_on_the_page(client):
    stretch = make_stretch(make_source(), hold_seconds=5, repetitions=5, dosing="Start with 5 repetitions.")
    html = client.get(stretch.get_absolute_url()).content.decode()
    visible = html.replace(player(html), "")
    assert "<li>Lie on your back.</li><li>Bend one knee.</li>" in visible
    assert "5 seconds" in visible
    assert "5 times" in visible
    assert "Start with 5 repetitions." in visible
    assert "Stop if the pain gets worse." in visible


@pytest.mark.parametrize(
    ("position", "linked"),
    [("lying", True), ("kneeling", True), ("sitting", False), ("standing", False)],
)
def test_floor_and_bed_stretches_link_to_getting_down_and_up(client, position, linked):
    stretch = make_stretch(make_source(), position=position)
    html = client.get(stretch.get_absolute_url()).content.decode()
    assert (f'href="{reverse("guide:movement_guides")}"' in html) is linked


def test_movement_guides_show_steps_in_order_with_their_drawings(client, htmx_client):
    source = make_source(short_name="NHS inform")
    guide = make_movement_guide(source, steps=3, title="Get up from the floor")
    url = reverse("guide:movement_guides")
    assert url == "/stretches/getting-down-and-up/"
    html = client.get(url).content.decode()
    assert re.findall(r"<p>(Do step \d\.)</p>", html) == ["Do step 1.", "Do step 2.", "Do step 3."]
    assert f'<img src="{guide.steps.get(order=2).get_drawing_url()}" alt="A dot."' in html
    assert 'href="#' + guide.slug + '"' in html
    assert "NHS inform" in html
    partial = htmx_client.get(url).content.decode()
    assert "<html" not in partial
    assert "Get up from the floor" in partial


def test_step_drawings_are_served_as_sandboxed_images(client):
    guide = make_movement_guide(make_source(), steps=1)
    response = client.get(guide.steps.get().get_drawing_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "sandbox" in response["Content-Security-Policy"]
    assert client.get(reverse("guide:movement_step_drawing", args=[guide.slug, 9])).status_code == 404


def test_every_shipped_stretch_has_both_drawings_alt_text_and_a_player(client, guide_content):
    for stretch in Stretch.objects.published():
        html = client.get(stretch.get_absolute_url()).content.decode()
        for position, alt in [("start", stretch.start_alt), ("held", stretch.held_alt)]:
            drawing = reverse("guide:stretch_illustration", args=[stretch.slug, position])
            assert len(alt) > 20, stretch.slug
            assert f'<img src="{drawing}" alt="{alt}"' in html, (stretch.slug, position)
            assert client.get(drawing).status_code == 200
        assert f'data-hold-seconds="{stretch.hold_seconds}"' in player(html)
