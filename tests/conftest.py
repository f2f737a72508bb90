"""Shared fixtures: a small site tree like the real one, built without the demo loader."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from healinghaven.models import ClinicSettings, OpeningHours
from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts and ends with empty caches: no page or chrome cached by an earlier
    test, and no rendition (Wagtail caches them by image id, and ids are reused once a
    test's rows are rolled back)."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page
    root.refresh_from_db()
    home = factories.HomePageFactory(parent=root)
    Site.objects.create(
        is_default_site=True,
        hostname="localhost",
        port=80,
        root_page=home,
        site_name="Healing Haven",
    )
    return home


@pytest.fixture
def clinic(home):
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Healing Haven Physiotherapy"
    settings.phone = "(587) 735-6272"
    settings.locality = "Edmonton"
    settings.region = "AB"
    settings.street_address = "123 Example Street"
    settings.save()
    return settings


@pytest.fixture
def service_index(home):
    return factories.ServiceIndexPageFactory(parent=home)


@pytest.fixture
def blog_index(home):
    return factories.BlogIndexPageFactory(parent=home)


@pytest.fixture
def dry_needling(service_index):
    return factories.ServicePageFactory(
        parent=service_index, title="Dry needling", slug="dry-needling"
    )


def add_hours(clinic_settings, rows):
    for weekday, opens, closes in rows:
        OpeningHours.objects.create(
            settings=clinic_settings, weekdays=[weekday], opens=opens, closes=closes
        )


@pytest.fixture
def posts_use_a_csp_nonce(monkeypatch):
    """Blog posts whose template asks for the CSP nonce, as one using {{ csp_nonce }} does:
    Django's CSP middleware then puts a nonce, new on every response, in the header."""
    from blog.models import BlogPage

    original = BlogPage.serve

    def serve_with_nonce(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        str(request._csp_nonce)
        return response

    monkeypatch.setattr(BlogPage, "serve", serve_with_nonce)


@pytest.fixture
def run_queue(monkeypatch):
    """Work the task queue with our worker in batch mode, in this process.

    Inside a test transaction the worker must not recycle the connection (that would end
    the test's transaction), so its connection check is switched off here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def _run(periodic: bool = False):
        args = ["run_worker", "--batch", "--verbosity", "0"]
        if not periodic:
            args.append("--no-periodic")
        call_command(*args)

    return _run
