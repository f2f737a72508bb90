"""The small site the consultation tests (and the browser test) run against, and helpers."""

import re
import time
from dataclasses import dataclass

from django.core import mail
from wagtail.models import Page, Site

from bookings import spam
from bookings.models import ConsultationPage
from healinghaven.models import ClinicSettings, HomePage, StandardPage
from services.models import ServiceIndexPage, ServicePage

STAFF_ADDRESS = "frontdesk@healinghaven.test"


@dataclass
class BookingSite:
    home: HomePage
    services: dict[str, ServicePage]
    consultation_page: ConsultationPage
    privacy_page: StandardPage
    clinic: ClinicSettings

    @property
    def form_url(self) -> str:
        return self.consultation_page.url

    @property
    def thank_you_url(self) -> str:
        return self.consultation_page.url + "thank-you/"


def build_booking_site() -> BookingSite:
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home-bookings", hero_heading="Feel better")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "HH"},
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()

    index = home.add_child(instance=ServiceIndexPage(title="Services", slug="services"))
    services = {}
    for title, slug in [
        ("Dry needling", "dry-needling"),
        ("Vestibular therapy", "vestibular-therapy"),
        ("Car-accident rehabilitation", "car-accident-rehabilitation"),
    ]:
        services[slug] = index.add_child(
            instance=ServicePage(
                title=title,
                slug=slug,
                summary=f"{title} helps.",
                body=[("paragraph", "<p>What it is.</p>")],
            )
        )
    draft = ServicePage(
        title="Draft service", slug="draft-service", summary="Not yet.", body=[], live=False
    )
    index.add_child(instance=draft)

    privacy = home.add_child(instance=StandardPage(title="Privacy policy", slug="privacy"))
    consultation_page = home.add_child(
        instance=ConsultationPage(title="Book a consultation", slug="book")
    )
    clinic = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    clinic.name = "Healing Haven Physiotherapy"
    clinic.phone = "(587) 735-6272"
    clinic.email = "hello@healinghaven.test"
    clinic.booking_page = consultation_page
    clinic.privacy_page = privacy
    clinic.consultation_recipients = STAFF_ADDRESS
    clinic.save()
    return BookingSite(home, services, consultation_page, privacy, clinic)


def valid_data(**overrides) -> dict:
    data = {
        "full_name": "Example Patient",
        "email": "patient@example.com",
        "phone": "(587) 735-6272",
        "service": "dry-needling",
        "contact_method": "phone",
        "preferred_times": "Weekday mornings",
        "message": "Sore shoulder after gardening.",
        "consent": "on",
        spam.HONEYPOT_FIELD: "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def aged_token(seconds: float = 10) -> str:
    """A form token issued `seconds` ago (as if the patient took that long to fill in)."""
    token = spam.FormToken.new()
    return spam.FormToken(value=token.value, issued_at=time.time() - seconds).sign()


TOKEN_PATTERN = re.compile(r'name="form_token" value="([^"]+)"')


def token_from(html: str) -> str:
    match = TOKEN_PATTERN.search(html)
    assert match, "the form has no token"
    return match.group(1)


def staff_emails(outbox=None):
    outbox = mail.outbox if outbox is None else outbox
    return [message for message in outbox if STAFF_ADDRESS in message.to]


def patient_emails(outbox=None, address="patient@example.com"):
    outbox = mail.outbox if outbox is None else outbox
    return [message for message in outbox if address in message.to]
