"""The stretch player, followed lying on the floor: a countdown before each hold, steps that move on with
the timer, beeps and vibration if asked for, and the screen kept on while it runs. Without JavaScript
the numbered steps are the guide.

Time runs on Playwright's clock, and the browser's wake lock, vibration and audio are recorded.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import PHONE

pytestmark = pytest.mark.browser

STRETCH = "/stretches/knee-to-chest/"  # hold 5 seconds, 5 times, each side; step 5 is "Hold for 4 to 5 seconds."
GET_READY, HOLD, REST = 5_000, 5_000, 5_000

# Stand-ins that note each call: the wake lock (with its release), navigator.vibrate, and each tone played.
RECORD_CALLS = """
window.calls = [];
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {request: async (type) => {
  calls.push('lock ' + type);
  const listeners = [];
  return {addEventListener: (name, listener) => listeners.push(listener),
          release: async () => { calls.push('release'); listeners.forEach((listener) => listener()); }};
}}});
Object.defineProperty(navigator, 'vibrate', {
  configurable: true, value: (pattern) => { calls.push('vibrate'); return true; },
});
const start = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  calls.push('tone ' + this.frequency.value);
  return start.apply(this, args);
};
"""


@pytest.fixture
def player_page(new_context, base_url) -> Page:
    page = new_context(**PHONE).new_page()
    page.add_init_script(RECORD_CALLS)
    page.clock.install()
    page.goto(base_url + STRETCH)
    return page


def calls(page: Page) -> list[str]:
    return page.evaluate("() => calls")


def test_the_line_on_when_to_start_comes_before_the_player(player_page: Page):
    page = player_page
    player = page.locator("#stretch-player")
    expect(player).to_be_visible()
    when = page.get_by_text("Start once the worst pain has eased")
    assert when.bounding_box()["y"] < player.bounding_box()["y"]


def test_a_countdown_then_the_hold_and_the_steps_move_on_with_the_timer(player_page: Page):
    page = player_page
    phase, step = page.locator("#player-phase"), page.locator("#player-step-text")
    seconds = page.locator("#player-seconds")
    page.get_by_label("Beep").check()
    page.get_by_label("Vibrate").check()
    page.get_by_role("button", name="Start").tap()

    expect(phase).to_have_text("Get ready")
    expect(seconds).to_have_text("5")
    expect(step).to_have_text("Gently pull that knee towards your chest.")  # the step before the hold
    expect(page.get_by_text("Your screen stays on while the timer runs.")).to_be_visible()
    page.clock.run_for(GET_READY - 2_500)
    expect(seconds).to_have_text("3")
    assert calls(page)[0] == "lock screen"

    page.clock.run_for(2_600)
    expect(phase).to_have_text("Hold")
    expect(step).to_have_text("Hold for 4 to 5 seconds.")
    assert "vibrate" in calls(page) and "tone 880" in calls(page)
    assert calls(page).count("tone 660") == 3  # a tick on each of the last three seconds of the countdown

    page.clock.run_for(HOLD)
    expect(phase).to_have_text("Relax")
    expect(step).to_have_text("Lower the leg slowly.")
    expect(page.locator("#player-rep")).to_have_text("Repetition 1 of 5")
    page.clock.run_for(REST)
    expect(phase).to_have_text("Get ready")
    expect(page.locator("#player-rep")).to_have_text("Repetition 2 of 5")

    page.get_by_role("button", name="Pause").tap()
    expect(phase).to_have_text("Paused")
    expect(page.get_by_text("Your screen stays on while the timer runs.")).to_be_hidden()
    assert calls(page)[-1] == "release"


def test_a_whole_side_then_the_switch(player_page: Page):
    page = player_page
    page.get_by_role("button", name="Start").tap()
    page.clock.run_for(5 * (GET_READY + HOLD) + 4 * REST + 500)
    expect(page.locator("#player-phase")).to_have_text("Switch sides")
    expect(page.locator("#player-step-text")).to_have_text("Do the same with the other leg.")
    expect(page.locator("#player-side")).to_have_text(", other side")
    assert "vibrate" not in calls(page) and not any(call.startswith("tone") for call in calls(page)), "only if asked"


def test_without_javascript_every_step_stays_on_the_page(new_context, base_url):
    page = new_context(**PHONE, java_script_enabled=False).new_page()
    page.goto(base_url + STRETCH)
    expect(page.locator("#stretch-player")).to_be_hidden()
    expect(page.locator("#stretch-steps li")).to_have_count(8)
    expect(page.locator("#stretch-steps")).to_be_visible()
