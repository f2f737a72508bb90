"""Browser tests: Python Playwright driving Debian's Chromium against the live server.

The browser is the machine's own (`apt-get install chromium`); Playwright's download is
never used. CHROMIUM_PATH overrides where it is.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture
def browser(transactional_db, monkeypatch):
    """A fresh Chromium per test, started after the database is set up.

    Playwright's sync API leaves an event loop running in this thread, and Django then keeps
    database connections per context rather than per thread: so the test database must be
    ready (and restored, for serialized rollback) before it starts, and the connections
    opened while it runs are closed before it stops.
    """
    executable = chromium_path()
    if not executable:
        message = "Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + ": REQUIRE_BROWSER is set, so browser tests may not skip")
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The test's own queries are plain synchronous ones, run beside Playwright's loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (bundled with axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in violations
    )
