"""The site header and the cards, as HTML: one row of Call and Request, search with a
visible label behind Menu, no second pair of buttons below the header, and card images
first. Their sizes on a phone are measured in tests/e2e/test_header.py."""

import pytest
from bs4 import BeautifulSoup

from bookings.models import ConsultationPage
from tests import factories

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def booking(clinic, home):
    page = home.add_child(instance=ConsultationPage(title="Request a consultation", slug="book"))
    clinic.booking_page = page
    clinic.save()
    return page


def test_header_offers_call_and_request_with_navigation_and_search_behind_menu(
    client, booking, dry_needling
):
    header = soup_of(client, "/").select_one("header.site-header")
    menu = header.select_one("#site-menu")
    assert header.select_one("[data-nav-toggle]")["aria-controls"] == "site-menu"
    assert menu.select_one("nav[aria-label=Main]") and menu.select_one("form[role=search]")
    label = menu.select_one("label[for=site-search-q]")
    assert label.get_text() == "Search this website"
    assert "visually-hidden" not in label["class"]  # seen, not only read out

    call, request = header.select(".site-header__actions a")
    assert call["href"] == "tel:+15877356272"
    assert " ".join(call.get_text().split()) == "Call (587) 735-6272"
    home = booking.get_parent()
    assert request["href"] == f"{booking.url}?from={home.pk}"  # the page it was asked from
    assert request.get_text() == "Request a consultation"


def test_on_a_service_page_the_header_chooses_the_service_and_nothing_repeats_it(
    client, booking, dry_needling
):
    soup = soup_of(client, dry_needling.url)
    request = soup.select(".site-header__actions a")[-1]
    assert request["href"] == f"{booking.url}?service=dry-needling&from={dry_needling.pk}"
    assert soup.select(".page-header a.button") == []  # the header's buttons, not again


def test_cards_show_their_image_before_the_text(
    client, clinic, service_index, dry_needling, blog_index
):
    factories.BlogPageFactory(parent=blog_index, title="Dry needling 101")
    for url, selector in [(service_index.url, ".service-card"), (blog_index.url, ".post-card")]:
        card = soup_of(client, url).select_one(selector)
        first = card.find(True)
        assert first.name == "picture" and first.img["class"] == ["card__image"], url
