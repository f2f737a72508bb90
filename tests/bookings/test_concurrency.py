"""Many patients at once, against a live server: every request stored, notified once."""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

import pytest
from django.core import mail

from bookings import spam
from bookings.models import ConsultationRequest
from tests.bookings.helpers import STAFF_ADDRESS, valid_data

CLIENTS = 20
REQUESTS_PER_CLIENT = 10
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Patient:
    """One browser with its own cookies: loads the form once, then sends it again and again.

    Each send carries a fresh form token, as a fresh render of the page would.
    """

    def __init__(self, form_url):
        self.form_url = form_url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect)
        html = self.opener.open(self.form_url, timeout=30).read().decode()
        self.csrf_token = CSRF.search(html).group(1)
        assert TOKEN.search(html)

    def request(self, number):
        data = valid_data(
            full_name=f"Patient {number}",
            email=f"patient{number}@example.com",
            form_token=spam.FormToken.new().sign(),
            csrfmiddlewaretoken=self.csrf_token,
        )
        body = urlencode(data).encode()
        try:
            response = self.opener.open(self.form_url, data=body, timeout=30)
            return response.status
        except HTTPError as error:  # the 303 arrives as an "error" without redirects
            return error.code


# Transactional: the live server / the worker's reconnection see committed data. Wagtail's
# root page and locale come from migrations: tests/database.py puts them back after it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def booking_site(committed_booking_site):
    return committed_booking_site


def test_two_hundred_parallel_requests_make_two_hundred_requests_and_emails(
    live_server, booking_site, settings, run_queue
):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0  # clients here are fast, not bots
    settings.CONSULTATION_RATE_LIMIT = (0, 600)  # and all come from 127.0.0.1
    form_url = live_server.url + booking_site.form_url
    statuses = []
    lock = threading.Lock()

    def patient(index):
        client = Patient(form_url)
        for n in range(REQUESTS_PER_CLIENT):
            status = client.request(index * REQUESTS_PER_CLIENT + n)
            with lock:
                statuses.append(status)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(patient, range(CLIENTS)))
    elapsed = time.monotonic() - started

    total = CLIENTS * REQUESTS_PER_CLIENT
    assert statuses == [303] * total, {s: statuses.count(s) for s in set(statuses)}
    assert ConsultationRequest.objects.count() == total
    names = set(ConsultationRequest.objects.values_list("full_name", flat=True))
    assert names == {f"Patient {n}" for n in range(total)}
    assert len(set(ConsultationRequest.objects.values_list("reference", flat=True))) == total

    run_queue()

    staff = [m for m in mail.outbox if STAFF_ADDRESS in m.to]
    assert len(staff) == total
    assert len({m.subject for m in staff}) == total  # one per request, no duplicates
    assert not ConsultationRequest.objects.exclude(staff_notification="sent").exists()
    print(f"{total} requests from {CLIENTS} clients in {elapsed:.1f} s")
