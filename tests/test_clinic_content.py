"""Booking online beside the consultation form, funding and billing on service pages, and
the health notes on condition pages and posts."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from healinghaven.models import SpecialOpeningHours
from tests import factories
from tests.content import add_hours

pytestmark = pytest.mark.django_db

JANE = "https://healinghaven.janeapp.example/"


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def button_texts(element):
    return [" ".join(link.get_text().split()) for link in element.select("a.button")]


def test_without_online_booking_only_the_consultation_form_is_offered(client, clinic, dry_needling):
    soup = soup_of(client, dry_needling.url)
    assert "Book online" not in soup.get_text()
    assert "Book a consultation" not in soup.get_text()
    header = soup.select_one(".site-header__actions")
    assert button_texts(header) == ["Call (587) 735-6272", "Request a consultation"]
    cta = soup.select_one("main .cta")
    assert button_texts(cta) == ["Request a consultation", "Call (587) 735-6272"]


def test_online_booking_appears_beside_request_a_consultation(client, clinic, dry_needling):
    clinic.online_booking_url = JANE
    clinic.save()
    soup = soup_of(client, "/")
    header = soup.select_one(".site-header__actions")
    assert button_texts(header) == ["Call (587) 735-6272", "Book online", "Request a consultation"]
    assert header.find("a", string="Book online")["href"] == JANE
    footer_links = [a.get_text() for a in soup.select(".site-footer a")]
    assert "Book online" in footer_links and "Request a consultation" in footer_links


def test_a_service_can_have_its_own_online_booking_link(client, clinic, dry_needling):
    clinic.online_booking_url = JANE
    clinic.save()
    dry_needling.online_booking_url = JANE + "#/discipline/1/treatment/2"
    dry_needling.save_revision().publish()
    soup = soup_of(client, dry_needling.url)
    for buttons in soup.select(".site-header__actions, main .cta"):
        book = next(link for link in buttons.select("a.button") if "Book online" in link.get_text())
        assert book["href"] == JANE + "#/discipline/1/treatment/2"
        assert "Request a consultation" in button_texts(buttons)


def test_a_service_link_alone_offers_no_online_booking(client, clinic, dry_needling):
    dry_needling.online_booking_url = JANE
    dry_needling.save_revision().publish()
    assert "Book online" not in soup_of(client, dry_needling.url).get_text()


def test_service_page_lists_its_funding_options(client, clinic, dry_needling):
    mva = factories.FundingOptionFactory(
        name="Motor vehicle accident claims",
        kind="motor_vehicle",
        description="Bring your claim number.",
        sort_order=1,
    )
    wcb = factories.FundingOptionFactory(name="WCB", kind="wcb", sort_order=2)
    factories.FundingOptionFactory(name="Not on this page")
    dry_needling.funding_options = [wcb, mva]
    dry_needling.save_revision().publish()
    section = soup_of(client, dry_needling.url).find(
        "section", attrs={"aria-labelledby": "funding-title"}
    )
    names = [p.get_text() for p in section.select(".funding-list__name")]
    assert names == ["Motor vehicle accident claims", "WCB"]
    assert "Bring your claim number." in section.get_text()


def test_no_funding_section_without_options(client, clinic, dry_needling):
    assert soup_of(client, dry_needling.url).find(id="funding-title") is None


def test_condition_pages_and_posts_carry_the_health_notes(client, clinic, dry_needling, blog_index):
    clinic.health_disclaimer = "General information only."
    clinic.urgent_care_note = "Call 911 in an emergency."
    clinic.save()
    sciatica = factories.ConditionFactory(name="Sciatica", slug="sciatica")
    dry_needling.conditions = [sciatica]
    dry_needling.save_revision().publish()
    post = factories.BlogPageFactory(parent=blog_index)
    for url in ("/services/conditions/sciatica/", post.url):
        notes = soup_of(client, url).select_one(".health-notes")
        text = " ".join(notes.get_text().split())
        assert "General information only." in text, url
        assert "When to seek urgent care: Call 911 in an emergency." in text, url


def test_health_notes_default_and_can_be_emptied(client, clinic, blog_index):
    post = factories.BlogPageFactory(parent=blog_index)
    assert "Health Link at 811" in soup_of(client, post.url).select_one(".health-notes").get_text()
    clinic.health_disclaimer = ""
    clinic.urgent_care_note = ""
    clinic.save()
    assert soup_of(client, post.url).select_one(".health-notes") is None


def test_clinic_json_ld_has_special_opening_hours(client, clinic):
    add_hours(clinic, [(0, datetime.time(8), datetime.time(19))])
    SpecialOpeningHours.objects.create(
        settings=clinic,
        label="Christmas Day",
        start_date=datetime.date(2099, 12, 25),
        closed=True,
    )
    SpecialOpeningHours.objects.create(
        settings=clinic,
        label="Christmas Eve",
        start_date=datetime.date(2099, 12, 24),
        opens=datetime.time(9),
        closes=datetime.time(12),
    )
    SpecialOpeningHours.objects.create(
        settings=clinic, label="Long past", start_date=datetime.date(2000, 1, 1), closed=True
    )
    soup = soup_of(client, "/")
    clinic_data = next(
        data
        for data in (
            json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")
        )
        if data.get("@type") == "Physiotherapy"
    )
    assert clinic_data["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "name": "Christmas Eve",
            "validFrom": "2099-12-24",
            "validThrough": "2099-12-24",
            "opens": "09:00",
            "closes": "12:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "name": "Christmas Day",
            "validFrom": "2099-12-25",
            "validThrough": "2099-12-25",
            "opens": "00:00",
            "closes": "00:00",
        },
    ]
