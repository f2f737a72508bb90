"""Clinical review: "Reviewed by ... on ..." on the page, reviewedBy and lastReviewed in its
JSON-LD, validation, and the admin report of pages whose review is overdue."""

import datetime
import json

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from healinghaven.editorial.review import overdue_review_pages
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def json_ld(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def of_type(items, type_name):
    return [item for item in items if item.get("@type") == type_name]


@pytest.fixture
def reviewer(home):
    factories.TeamPageFactory(parent=home)
    return factories.PractitionerFactory(
        name="Test Reviewer", slug="test-reviewer", registration_number="12345"
    )


def reviewed(page, reviewer, *, last, next_review=None):
    page.reviewed_by = reviewer
    page.last_reviewed = last
    page.next_review = next_review
    page.save_revision().publish()
    return page


def test_service_page_shows_and_describes_its_review(client, clinic, dry_needling, reviewer):
    reviewed(dry_needling, reviewer, last=datetime.date(2026, 3, 2))
    html = client.get(dry_needling.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    line = soup.select_one(".clinical-review")
    assert " ".join(line.get_text().split()) == (
        "Clinically reviewed by Test Reviewer, Registered Physiotherapist, on March 2, 2026"
    )
    assert line.a["href"] == "/team/test-reviewer/"
    web_page = of_type(json_ld(html), "MedicalWebPage")[0]
    assert web_page["lastReviewed"] == "2026-03-02"
    assert web_page["reviewedBy"]["@type"] == "Person"
    assert web_page["reviewedBy"]["name"] == "Test Reviewer"
    assert web_page["reviewedBy"]["url"] == "http://localhost/team/test-reviewer/"
    assert web_page["reviewedBy"]["hasCredential"]["identifier"] == "12345"


def test_blog_post_review_goes_on_its_web_page(client, clinic, blog_index, reviewer):
    post = factories.BlogPageFactory(parent=blog_index, title="Whiplash")
    reviewed(post, reviewer, last=datetime.date(2026, 1, 5))
    html = client.get(post.url).content.decode()
    assert "Clinically reviewed by" in html
    posting = of_type(json_ld(html), "BlogPosting")[0]
    page = posting["mainEntityOfPage"]
    assert page["@type"] == "WebPage" and page["@id"].endswith(post.url)
    assert page["lastReviewed"] == "2026-01-05"
    assert page["reviewedBy"]["name"] == "Test Reviewer"


def test_pages_without_a_review_say_nothing_about_one(client, clinic, dry_needling):
    html = client.get(dry_needling.url).content.decode()
    assert "Clinically reviewed" not in html
    assert "reviewedBy" not in html


def test_review_needs_a_reviewer_and_a_date_in_order(dry_needling, reviewer):
    dry_needling.reviewed_by = reviewer
    with pytest.raises(ValidationError) as error:
        dry_needling.full_clean()
    assert "last_reviewed" in error.value.message_dict

    dry_needling.last_reviewed = datetime.date(2026, 3, 2)
    dry_needling.next_review = datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError) as error:
        dry_needling.full_clean()
    assert "next_review" in error.value.message_dict

    dry_needling.reviewed_by = None
    dry_needling.next_review = None
    with pytest.raises(ValidationError) as error:
        dry_needling.full_clean()
    assert "reviewed_by" in error.value.message_dict


def test_only_registered_physiotherapists_can_review(dry_needling, reviewer):
    unregistered = factories.PractitionerFactory(registration_number="")
    form_class = type(dry_needling).get_edit_handler().get_form_class()
    form = form_class(instance=dry_needling, for_user=None)
    choices = list(form.fields["reviewed_by"].queryset)
    assert reviewer in choices
    assert unregistered not in choices


def test_overdue_report_lists_only_pages_past_their_next_review(
    client, admin_user, clinic, service_index, blog_index, reviewer
):
    overdue_service = reviewed(
        factories.ServicePageFactory(parent=service_index, title="Overdue service"),
        reviewer,
        last=datetime.date(2025, 1, 10),
        next_review=datetime.date(2026, 1, 10),
    )
    overdue_post = reviewed(
        factories.BlogPageFactory(parent=blog_index, title="Overdue post"),
        reviewer,
        last=datetime.date(2025, 6, 1),
        next_review=datetime.date(2026, 6, 14),
    )
    reviewed(
        factories.BlogPageFactory(parent=blog_index, title="Due today"),
        reviewer,
        last=datetime.date(2025, 6, 1),
        next_review=TODAY,
    )
    factories.ServicePageFactory(parent=service_index, title="Never scheduled")

    assert {page.pk for page in overdue_review_pages(TODAY)} == {
        overdue_service.pk,
        overdue_post.pk,
    }

    client.force_login(admin_user)
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)):
        response = client.get(reverse("overdue_reviews"))
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    titles = [row.a.get_text() for row in rows]
    assert titles == ["Overdue service", "Overdue post"]  # most overdue first
    assert "156 days ago" in rows[0].get_text()
    assert rows[0].a["href"] == reverse("wagtailadmin_pages:edit", args=[overdue_service.pk])


def test_overdue_report_is_for_editors_only(client, clinic, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("desk", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("overdue_reviews"))
    assert response.status_code in (302, 403)
