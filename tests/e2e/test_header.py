"""The header on a 375 px phone: at most 120 px tall, Call and Request one tap away, the
navigation and a labelled search behind Menu, and no second pair of buttons below it."""

import re

import pytest
from playwright.sync_api import expect

from tests.bookings.helpers import build_booking_site
from tests.e2e.browser_checks import AXE_TAGS, axe_violations, describe
from tests.e2e.page_types import BY_NAME

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 800}
MAX_HEADER_HEIGHT = 120
MAIN_PAGE_TYPES = [
    BY_NAME[name]
    for name in (
        "home",
        "service-index",
        "service",
        "condition",
        "blog-index",
        "blog-post",
        "standard-about",
        "team",
        "consultation",
        "search-results",
    )
]

# Links in the first screen below the header that go where the header's Call and Request
# already go.
REPEATED_BELOW = """() => {
  const target = (link) => { const url = new URL(link.href); return url.protocol + url.pathname; };
  const header = new Set([...document.querySelectorAll(".site-header__actions a")].map(target));
  return [...document.querySelectorAll("main a[href]")].filter((link) => {
    const box = link.getBoundingClientRect();
    return box.height > 0 && box.top < innerHeight && header.has(target(link));
  }).map((link) => link.textContent.trim());
}"""


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def expect_call_and_request_in_view(page, *names):
    header = page.get_by_role("banner")
    for name in [re.compile(r"^Call \(587\)"), *names]:
        link = header.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["y"] + box["height"] <= MAX_HEADER_HEIGHT and box["height"] >= 44, name


@pytest.mark.parametrize("page_type", MAIN_PAGE_TYPES, ids=lambda page_type: page_type.name)
def test_phone_header_is_compact_with_call_and_request_one_tap_away(visit, page_type):
    page, _ = visit(page_type, **PHONE)

    assert header_height(page) <= MAX_HEADER_HEIGHT
    expect_call_and_request_in_view(page, "Request a consultation")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("search", name="Site search")).to_be_hidden()
    assert page.evaluate(REPEATED_BELOW) == []


def test_search_is_behind_menu_with_a_visible_label(visit):
    """Opening and closing the menu by keyboard: test_keyboard.py."""
    page, problems = visit(BY_NAME["service"], **PHONE)
    page.get_by_role("button", name="Menu").click()

    expect(page.get_by_text("Search this website", exact=True)).to_be_visible()
    violations = axe_violations(page, AXE_TAGS)
    assert violations == [], describe(violations)
    page.get_by_label("Search this website").fill("needling")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=needling$"))
    assert not problems.collect(page), problems.report()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_online_booking_the_phone_header_still_fits_three_buttons(live_server, page):
    site = build_booking_site()
    site.clinic.online_booking_url = "https://healinghaven.janeapp.example/"
    site.clinic.save()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + site.services["dry-needling"].url)

    assert header_height(page) <= MAX_HEADER_HEIGHT
    # "Request" on screen; the whole name for screen readers (the label is in the name).
    expect_call_and_request_in_view(page, "Book online", "Request a consultation")
    request = page.get_by_role("banner").get_by_role("link", name="Request a consultation")
    expect(request).to_have_attribute("href", re.compile(r"/book/\?service=dry-needling&from=\d+$"))
