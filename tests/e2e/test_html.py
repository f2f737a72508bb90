"""Valid HTML: the Nu HTML Checker (the `vnu-jar` npm package, run with the machine's Java)
finds no error on any public page type, as the server sends it.

`npm install --ignore-scripts` puts the checker in node_modules/ (package.json); VNU_JAR
points elsewhere. Without Java or the checker the test skips, unless REQUIRE_BROWSER is set
(CI): then it fails.
"""

import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.page_types import PAGE_TYPES

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")
FORM_PATH = "/book-a-consultation/"


def checker() -> list[str]:
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        message = (
            "the Nu HTML Checker needs Java and node_modules/vnu-jar "
            "(apt-get install default-jre-headless; npm install --ignore-scripts)"
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + ": REQUIRE_BROWSER is set, so this check may not skip")
        pytest.skip(message)
    # A big stack (the checker needs it) and the quick-starting compiler only: twice as fast.
    java_options = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    return [java, *java_options, "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


class Patient:
    """A browser without the browser: cookies kept, pages fetched as the server sends them."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base_url + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def send_form(self, path: str, fields: dict) -> tuple[int, str]:
        """Send the consultation form as shown, with these fields filled in."""
        _, form = self.get(path)
        hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))
        time.sleep(1.1)  # longer than the minimum fill time
        data = urllib.parse.urlencode({**hidden, **fields}).encode()
        try:
            with self.opener.open(self.base_url + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def pages(demo) -> dict[str, str]:
    """The HTML of every page type, and of the form showing its errors."""
    patient = Patient(demo.url)
    status, errors_page = patient.send_form(FORM_PATH, {"full_name": ""})
    assert status == 200 and "error-summary" in errors_page
    status, _ = patient.send_form(
        FORM_PATH,
        {
            "full_name": "Example Patient",
            "email": "patient@example.com",
            "phone": "(587) 735-6272",
            "service": "dry-needling",
            "contact_method": "email",
            "consent": "on",
        },
    )
    assert status == 200  # after the redirect: the thank-you page
    html = {"consultation-with-errors": errors_page}
    for page_type in PAGE_TYPES:
        status, html[page_type.name] = patient.get(page_type.path)
        assert status == page_type.status, f"{page_type.path} answered {status}"
    return html


def test_every_page_type_is_valid_html(pages, tmp_path):
    command = checker()
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)

    result = subprocess.run(  # noqa: S603 (our own arguments)
        [*command, *sorted(str(path) for path in tmp_path.glob("*.html"))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.stdout, result.stderr  # exit status 1 means errors: they are in the JSON
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).stem}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert len(pages) == len(PAGE_TYPES) + 1
    assert errors == [], "\n".join(errors)
