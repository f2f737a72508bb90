"""A patient books from the dry-needling page in a real browser (Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from bookings.models import ConsultationRequest
from tests.bookings.helpers import build_booking_site
from tests.e2e.browser_checks import axe_violations, describe

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(transactional_db, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 1
    return build_booking_site()


def test_book_from_a_service_page_with_a_mistake_on_the_way(live_server, site, page):
    service = site.services["dry-needling"]
    page.goto(live_server.url + service.url)

    # The header's request link chooses the service of the page it is on.
    page.get_by_role("banner").get_by_role("link", name="Request a consultation").click()

    expect(page).to_have_url(re.compile(r"/book/\?service=dry-needling&from=\d+$"))
    service_select = page.get_by_label("Which service are you interested in?")
    expect(service_select).to_have_value("dry-needling")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("Full name").fill("Example Patient")
    page.get_by_label("Email address").fill("patient@example.com")
    page.get_by_label("Phone number").fill("735-6272")  # no area code: a mistake
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I agree that the clinic may contact me").check()
    page.wait_for_timeout(1100)  # a person takes longer than the minimum fill time
    page.get_by_role("button", name="Send request").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # autofocus: announced first, no script needed
    expect(summary.get_by_role("link")).to_have_text(re.compile("area code"))
    phone = page.get_by_label("Phone number")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Full name")).to_have_value("Example Patient")  # input kept
    expect(service_select).to_have_value("dry-needling")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    summary.get_by_role("link").click()
    expect(phone).to_be_focused()
    phone.fill("(587) 735-6272")
    page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url(re.compile(r"/book/thank-you/$"))
    stored = ConsultationRequest.objects.get()
    expect(page.get_by_role("main")).to_contain_text(stored.reference)
    assert stored.phone == "+15877356272"
    assert stored.service == service
    assert stored.contact_method == "email"


def test_a_fast_typer_sees_the_mistake_first_then_gets_through(live_server, site, page, settings):
    """At the production minimum fill time, a patient who fills the form in a second and
    makes a mistake sees the field error, not a refusal; sending it again works."""
    settings.CONSULTATION_MIN_FILL_SECONDS = 3
    page.goto(live_server.url + site.form_url)
    page.get_by_label("Full name").fill("Quick Patient")
    page.get_by_label("Email address").fill("quick.patient@")  # a mistake
    page.get_by_label("Phone number").fill("(780) 555-0123")
    page.get_by_label("Which service are you interested in?").select_option("dry-needling")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("I agree that the clinic may contact me").check()
    page.get_by_role("button", name="Send request").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(re.compile("email", re.IGNORECASE))
    expect(page.get_by_label("Full name")).to_have_value("Quick Patient")

    page.get_by_label("Email address").fill("quick.patient@example.com")
    page.get_by_role("button", name="Send request").click()
    if "thank-you" not in page.url:  # still within three seconds of loading the form
        notice = page.locator(".error-summary--gentle")
        expect(notice).to_have_text("Please check your details, then press “Send request” again.")
        expect(page.get_by_label("Email address")).to_have_value("quick.patient@example.com")
        assert axe_violations(page) == []
        page.get_by_role("button", name="Send request").click()

    expect(page).to_have_url(re.compile(r"/book/thank-you/$"))
    assert ConsultationRequest.objects.get().email == "quick.patient@example.com"
