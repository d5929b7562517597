"""The Nu HTML Checker finds no error in any page family, all checked in one Java call."""

import json
import subprocess

import pytest

from tests.browser import toolchain
from tests.browser.conftest import REPORT
from tests.browser.families import FAMILIES

pytestmark = pytest.mark.browser


def test_every_page_family_is_valid_html(new_context, base_url, tmp_path):
    # JavaScript off: the response is exactly the HTML the server sent, as a browser receives it.
    page = new_context(java_script_enabled=False).new_page()
    files = []
    for family in FAMILIES:
        files.append(tmp_path / f"{family.name}.html")
        files[-1].write_text(family.open(page, base_url).text())
    checked = subprocess.run(
        ["java", "-jar", str(toolchain.VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] != "info"
    ]
    REPORT.append(f"vnu: {len(errors)} errors in {len(files)} pages")
    assert errors == []
