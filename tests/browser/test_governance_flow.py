"""The whole review flow through the admin, in Chromium, by two people signing in with a password and a
second factor, as production runs it: a writer drafts a change, the public site does not show it, a
clinical reviewer reads the diff and the preview, approves, and the page shows who reviewed it.
Screenshots of each step go to docs/screenshots/governance-*.png."""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.server import running_site, server_environment
from tests.browser.toolchain import BASE_DIR

pytestmark = pytest.mark.browser

SHOTS = BASE_DIR / "docs" / "screenshots"
SLOW = 60_000  # ms: each step saves, checks the safety gate or renders a preview on a shared, busy machine
DRAFT = "Anti-inflammatory tablets can ease the pain for a few days; ask a pharmacist first."
NOTE = "Say to ask a pharmacist first (NICE NG59)"
MAKE_PEOPLE = """
import django, sys
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
call_command("add_editor", "wendy", "writer", name="Wendy Writer")
call_command("add_editor", "priya", "reviewer", name="Priya Shah", job="Physiotherapist")
for username in ("wendy", "priya"):
    user = get_user_model().objects.get(username=username)
    user.set_password("a long test password " + username)
    user.save()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    print(username, device.key)
"""


def sign_in(page: Page, base_url: str, username: str, key: str) -> None:
    page.context.set_default_timeout(SLOW)
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a long test password " + username)
    token = TOTP(bytes.fromhex(key), step=30, digits=6)
    page.fill("#id_otp_token", f"{token.token():06d}")
    page.get_by_role("button", name=re.compile("Log in|Sign in", re.I)).click()
    expect(page.locator("#editors-home")).to_be_visible()


@pytest.fixture
def site_with_two_editors():
    with tempfile.TemporaryDirectory(prefix="backcare-governance-") as tmp:
        database = f"sqlite:///{Path(tmp) / 'site.sqlite3'}"
        with running_site({"DATABASE_URL": database}) as base_url:
            env = server_environment(Path(tmp), {"DATABASE_URL": database})
            made = subprocess.run(
                [sys.executable, "-c", MAKE_PEOPLE], env=env, cwd=BASE_DIR, check=True, capture_output=True, text=True
            )
            keys = dict(line.split() for line in made.stdout.splitlines() if line.startswith(("wendy", "priya")))
            yield base_url, keys


def test_a_writer_drafts_a_reviewer_approves_and_only_then_readers_see_it(new_context, site_with_two_editors):
    base_url, keys = site_with_two_editors
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader = new_context().new_page()
    reader.context.set_default_timeout(SLOW)

    writer = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(writer, base_url, "wendy", keys["wendy"])
    writer.goto(base_url + "/admin/guide/treatment/?q=NSAID")
    writer.get_by_role("link", name=re.compile("NSAID", re.I)).first.click()
    writer.fill("#id_summary", DRAFT)
    writer.fill("#id_change_note", NOTE)
    writer.locator("input[name=_save]").first.click()
    expect(writer.get_by_text("Saved as a draft")).to_be_visible()
    writer.screenshot(path=SHOTS / "governance-1-draft-saved.png", full_page=True)

    reader.goto(base_url + "/treatments/nsaids/")
    expect(reader.locator("main")).not_to_contain_text(DRAFT)

    reviewer = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(reviewer, base_url, "priya", keys["priya"])
    expect(reviewer.locator("#waiting-for-review")).to_contain_text(NOTE)
    reviewer.screenshot(path=SHOTS / "governance-2-reviewers-home.png", full_page=True)
    reviewer.locator("#waiting-for-review a").first.click()
    expect(reviewer.locator("#diff")).to_contain_text(DRAFT)
    reviewer.screenshot(path=SHOTS / "governance-3-review-diff.png", full_page=True)

    preview = new_context(viewport={"width": 390, "height": 844}, storage_state=reviewer.context.storage_state())
    preview.set_default_timeout(SLOW)
    preview_page = preview.new_page()
    preview_page.goto(base_url + reviewer.locator("#preview-link").get_attribute("href"))
    expect(preview_page.get_by_text("Preview of a draft: not live")).to_be_visible()
    expect(preview_page.locator("main")).to_contain_text(DRAFT)
    preview_page.screenshot(path=SHOTS / "governance-4-preview.png", full_page=True)

    reader.goto(base_url + "/treatments/nsaids/")
    expect(reader.locator("main")).not_to_contain_text(DRAFT)

    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.get_by_text("is live")).to_be_visible()

    # A new reader (no copy in their browser's cache), after every worker has re-read the version (1 s).
    reviewer.wait_for_timeout(1500)
    reader = new_context().new_page()
    reader.context.set_default_timeout(SLOW)
    reader.goto(base_url + "/treatments/nsaids/")
    expect(reader.locator("main")).to_contain_text(DRAFT)
    expect(reader.locator("main")).to_contain_text("Reviewed by Priya Shah, Physiotherapist")
    reader.screenshot(path=SHOTS / "governance-5-live-with-reviewer.png", full_page=True)
    reader.goto(base_url + "/whats-changed/")
    expect(reader.locator("main")).to_contain_text(NOTE)
    reader.screenshot(path=SHOTS / "governance-6-whats-changed.png", full_page=True)
