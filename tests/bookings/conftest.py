"""Fixtures for the consultation request tests: a small site, a form client, the queue."""

import pytest
from django.db import transaction

from bookings import spam
from bookings.models import ConsultationPage
from tests.bookings.helpers import BookingSite, aged_token, build_booking_site, valid_data


@pytest.fixture(scope="module")
def _module_booking_site(django_db_setup, django_db_blocker):
    """The site, built once per test module inside a transaction rolled back at its end.

    Each test runs in a savepoint inside it (as Django's setUpTestData does), so tests
    stay isolated without building nine pages each time.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_booking_site()
        yield site
        transaction.set_rollback(True)


@pytest.fixture
def booking_site(_module_booking_site, db) -> BookingSite:
    return _module_booking_site


@pytest.fixture
def committed_booking_site(transactional_db) -> BookingSite:
    """For tests whose data other threads or processes must see (live server)."""
    return build_booking_site()


@pytest.fixture(autouse=True)
def _bookings_settings(settings):
    """Predictable spam settings; each test asks for stricter ones when it needs them."""
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    settings.CONSULTATION_RATE_LIMIT = (1000, 600)
    settings.CONSULTATION_NOTIFY_EMAILS = []
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def submit(client, booking_site, django_capture_on_commit_callbacks):
    """POST the form with a valid, aged token; on-commit callbacks (the queueing) run.

    A transactional module overrides `booking_site` with `committed_booking_site`.
    """

    def _submit(token: str | None = None, **overrides):
        data = valid_data(**overrides)
        data.setdefault(spam.TOKEN_FIELD, token or aged_token())
        form_url = ConsultationPage.objects.get().url
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form_url, data)

    return _submit
