"""Staff read the visits under Reports and on the dashboard: the right numbers, for the
staff allowed to see them, in tables with captions and charts with a text alternative."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.staff import consultation_request, is_denied, member
from visits.models import PageViews, Referrals

REPORT = "/admin/reports/visits/"


@pytest.fixture
def totals(clinic, dry_needling, blog_index):
    post = factories.BlogPageFactory(parent=blog_index, title="Dry needling 101", slug="dn-101")
    today = timezone.localdate()
    for days_ago, views in [(0, 4), (3, 6), (20, 10), (60, 100)]:
        day = today - timedelta(days=days_ago)
        PageViews.objects.create(day=day, path=dry_needling.url, page=dry_needling, views=views)
    PageViews.objects.create(day=today, path=post.url, page=post, views=3)
    PageViews.objects.create(day=today, path="/old-address/", views=2)
    Referrals.objects.create(day=today, domain="example.org", visits=7)
    Referrals.objects.create(day=today - timedelta(days=40), domain="example.net", visits=1)
    for came_from in (dry_needling, dry_needling, post, None):
        consultation_request(came_from=came_from)
    return {"service": dry_needling, "post": post}


def table(html, caption_start):
    soup = BeautifulSoup(html, "html.parser")
    found = next(
        t for t in soup.find_all("table") if t.caption and t.caption.text.startswith(caption_start)
    )
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in found.tbody.find_all("tr")
    ]


def test_the_report_shows_views_per_page_for_the_period_chosen(client, totals):
    client.force_login(member("Editors"))
    week = client.get(REPORT + "?days=7")
    assert week.status_code == 200
    rows = table(week.content.decode(), "Views per page")
    assert [row[0].split(" /")[0] for row in rows] == [
        "Dry needling",
        "Dry needling 101",
        "/old-address/",
    ]
    assert [row[1] for row in rows] == ["10", "3", "2"]
    month = table(client.get(REPORT).content.decode(), "Views per page")
    quarter = table(client.get(REPORT + "?days=90").content.decode(), "Views per page")
    assert month[0][1] == "20" and quarter[0][1] == "120"
    assert 'aria-current="page">Last 90 days' in client.get(REPORT + "?days=90").content.decode()


def test_the_charts_are_inline_svg_with_a_text_alternative(client, totals):
    client.force_login(member("Editors"))
    soup = BeautifulSoup(client.get(REPORT + "?days=7").content, "html.parser")
    svg = soup.find("svg", class_="visits-chart")
    assert svg["role"] == "img"
    assert svg.title.text == "Views each day over the last 7 days: at most 6 a day"
    heights = sorted(int(rect["height"]) for rect in svg.find_all("rect"))
    assert heights == [16, 24]  # 4 and 6 views, the highest day full height
    assert not soup.select("[style]")


def test_the_report_shows_referring_sites_and_requests_per_service_and_post(client, totals):
    client.force_login(member("Editors"))
    html = client.get(REPORT + "?days=7").content.decode()
    assert table(html, "Other sites") == [["example.org", "7"]]
    assert table(html, "Requests received") == [
        ["Service", "Dry needling", "2"],
        ["Post", "Dry needling 101", "1"],
        ["Not known", "Not known (the form was opened directly, or the page was deleted)", "1"],
    ]


def test_only_staff_allowed_see_the_report(client, totals):
    client.force_login(member("Front desk"))
    assert is_denied(client.get(REPORT))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Visits this week" not in dashboard


def test_the_dashboard_panel_shows_the_week(client, totals):
    client.force_login(member("Administrators"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Visits this week" in html
    assert "15 page views and 4 consultation requests in the last 7 days" in html
    rows = table(html, "Most viewed pages")
    assert [row[:2] for row in rows] == [
        ["Dry needling", "10"],
        ["Dry needling 101", "3"],
        ["/old-address/", "2"],
    ]
