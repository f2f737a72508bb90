"""Browser tests: Python Playwright driving Debian's Chromium against a live server.

The browser is the machine's own (`apt-get install chromium`); Playwright's download is
never used. CHROMIUM_PATH overrides where it is. Without it the tests skip, unless
REQUIRE_BROWSER is set (CI): then they fail.

Two ways to get a site to test:

- `live_server` (pytest-django) with a test's own small site, for flows that change data
  (test_booking_flow.py): each test gets a fresh database.
- `demo`: the clinic's demo content, loaded once behind one live server, for the tests
  that look at pages (pages, keyboard, HTML, CSP). They use no database fixture, so
  pytest-django runs them after this folder's database tests, one after the other, with
  one browser (`chromium`); the database is put back as the migrations left it when they
  are done. Under pytest-xdist this whole folder runs on one worker (tests/conftest.py).
"""

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from typing import Any, NamedTuple

import pytest

from tests import database
from tests.e2e.browser_checks import PageProblems
from tests.e2e.page_types import PageType

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--no-first-run",
    "--no-pings",
]

STAFF_USERNAME = "e2e-editor"
STAFF_PASSWORD = "e2e-editor-password-not-secret"  # noqa: S105


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def require_chromium() -> str:
    """The browser's path; skips the test without one, or fails it if REQUIRE_BROWSER is set."""
    executable = chromium_path()
    if not executable:
        message = "Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + ": REQUIRE_BROWSER is set, so browser tests may not skip")
        pytest.skip(message)
    return executable


@contextmanager
def launched_chromium():
    """The machine's Chromium under Playwright, off the network; closed with its connections.

    The test's own queries are plain synchronous ones, run beside Playwright's event loop,
    hence DJANGO_ALLOW_ASYNC_UNSAFE while it runs.
    """
    executable = require_chromium()
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                connections.close_all()
                browser.close()


# --- one test, one small site: pytest-django's live_server -------------------------------


@pytest.fixture
def browser(transactional_db):
    """A fresh Chromium per test, started after the database is set up.

    Playwright's sync API leaves an event loop running in this thread, and Django then keeps
    database connections per context rather than per thread: so the test database must be
    ready before it starts, and the connections
    opened while it runs are closed before it stops.
    """
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- the demo site, loaded once --------------------------------------------------------


@dataclass
class DemoSite:
    url: str
    page_ids: dict[str, int]  # by slug

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Tests of the demo site keep its media folder; the others get their own (as outside)."""
    if "demo" not in request.fixturenames:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content (`load_demo_content`), indexed for search, served by a live server.

    Loaded once for the tests of this folder that use it; they must use no database fixture
    (a transactional test's flush would empty it), so pytest-django runs them last. The
    database stays open to the server while they run (pytest-django otherwise blocks it, in
    every thread) and is put back as the migrations left it when they are done
    (tests/database.py). One staff member (STAFF_USERNAME) can sign in to the admin.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings
    from wagtail.models import Page

    from tests import factories

    overrides = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        CONSULTATION_MIN_FILL_SECONDS=1,
        CONSULTATION_RATE_LIMIT=(1000, 600),
    )
    with overrides, django_db_blocker.unblock(), pytest.MonkeyPatch.context() as monkeypatch:
        factories.smaller_demo_pictures(monkeypatch)
        call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
        _add_test_clinic_content()
        # Wagtail indexes pages for search through the task queue, as in production.
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        get_user_model().objects.create_superuser(
            STAFF_USERNAME, "editor@healinghaven.test", STAFF_PASSWORD
        )
        page_ids = dict(Page.objects.filter(depth__gt=1).values_list("slug", "id"))
        connection.close()  # the server's threads open their own

        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield DemoSite(url=f"http://127.0.0.1:{server.port}", page_ids=page_ids)
        finally:
            server.terminate()
            database.restore()
            connection.close()


def _add_test_clinic_content() -> None:
    """What the demo content leaves out, so every page type is checked with it: opening
    hours with a holiday, a notice showing now, and one made-up practitioner for the
    profile page type (the demo content itself invents no people)."""
    import datetime

    from django.utils import timezone
    from wagtail.models import Site

    from healinghaven.models import ClinicSettings, OpeningHours, SpecialOpeningHours
    from tests import factories

    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    OpeningHours.objects.create(
        settings=clinic, weekdays=[0, 1, 2, 3, 4], opens=datetime.time(8), closes=datetime.time(19)
    )
    SpecialOpeningHours.objects.create(
        settings=clinic,
        label="Test holiday",
        start_date=timezone.localdate() + datetime.timedelta(days=3),
        closed=True,
    )
    now = timezone.now()
    factories.SiteNoticeFactory(
        title="Test notice:",
        message="shown on every page while the browser tests run.",
        tone="closure",
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1),
    )
    activity = factories.RestrictedActivityFactory(name="Dry needling")
    practitioner = factories.PractitionerFactory(
        name="Test Practitioner",
        slug="test-practitioner",
        photo=factories.SiteImageFactory(description="A made-up practitioner for the tests"),
        bio="A profile made up for the browser tests.",
    )
    practitioner.restricted_activities.add(activity)


@pytest.fixture(scope="package")
def chromium(demo):
    """One Chromium for the demo-site tests, started after the demo site (see `browser`)."""
    with launched_chromium() as browser:
        yield browser


@pytest.fixture(scope="package")
def patient_state(chromium, demo) -> dict:
    """Cookies of a patient who has just sent a consultation request through the form.

    Contexts made with this state can open the thank-you page, as that patient would.
    """
    context = chromium.new_context(locale="en-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo("/book-a-consultation/?service=dry-needling"))
    page.get_by_label("Full name").fill("Example Patient")
    page.get_by_label("Email address").fill("patient@example.com")
    page.get_by_label("Phone number").fill("(587) 735-6272")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I agree that the clinic may contact me").check()
    page.wait_for_timeout(1100)  # longer than the minimum fill time
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/book-a-consultation/thank-you/")
    state = context.storage_state()
    context.close()
    return state


class Visit(NamedTuple):
    page: Any  # playwright.sync_api.Page
    problems: PageProblems


@pytest.fixture(scope="module")
def _browser_tabs(chromium, patient_state):
    """One browser tab per set of context options, reused by a module's tests (faster)."""
    tabs: dict[tuple, Visit] = {}
    yield tabs
    for tab in tabs.values():
        tab.page.context.close()


@pytest.fixture
def visit(chromium, demo, patient_state, _browser_tabs):
    """Open a page type: `visit(page_type, width=375, ...)` returns the page and its problems.

    Keyword arguments go to `new_context` (color_scheme, reduced_motion,
    device_scale_factor, ...). Tabs with the same options are reused from test to test;
    `fresh=True` opens a new one, for tests that change more than the document (print
    media, say). Every tab has the patient's cookies (for the thank-you page). Console
    errors, CSP violations and failed requests are collected from the first request on.
    """
    fresh_contexts = []

    def _visit(
        page_type: PageType, *, width: int = 1280, height: int = 900, fresh=False, **options
    ) -> Visit:
        key = (width, height, tuple(sorted(options.items())))
        tab = None if fresh else _browser_tabs.get(key)
        if tab is None:
            context = chromium.new_context(
                viewport={"width": width, "height": height},
                locale="en-CA",
                storage_state=patient_state,
                **options,
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            tab = Visit(page, PageProblems().watch(page))
            if fresh:
                fresh_contexts.append(context)
            else:
                _browser_tabs[key] = tab
        tab.problems.clear()
        url = demo(page_type.path)
        if page_type.status != 200:
            tab.problems.expect_status(url, page_type.status)
        response = tab.page.goto(url)
        assert response.status == page_type.status, f"{url} answered {response.status}"
        return tab

    yield _visit
    for context in fresh_contexts:
        context.close()
