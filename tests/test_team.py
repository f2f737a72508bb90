"""The team page and practitioner profiles: registration, restricted activities,
languages, photo alt text, and the Person in JSON-LD."""

import json

import pytest
from bs4 import BeautifulSoup

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_page(home):
    return factories.TeamPageFactory(parent=home)


@pytest.fixture
def practitioner():
    dry_needling = factories.RestrictedActivityFactory(name="Dry needling")
    person = factories.PractitionerFactory(
        name="Test Practitioner",
        slug="test-practitioner",
        registration_number="54321",
        languages="English, Punjabi",
        photo=factories.SiteImageFactory(description="Test Practitioner smiling in the clinic"),
        bio="Treats neck pain and headaches.",
    )
    person.restricted_activities.add(dry_needling)
    return person


def test_team_page_lists_practitioners_shown_on_it(client, clinic, team_page, practitioner):
    hidden = factories.PractitionerFactory(name="Records Only", show_on_team_page=False)
    html = client.get(team_page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    names = [link.get_text() for link in soup.select(".practitioner-card h2 a")]
    assert names == ["Test Practitioner"]
    assert hidden.name not in html
    assert "registration 54321" in soup.get_text()


def test_team_page_without_people_shows_no_placeholder(client, clinic, team_page):
    html = client.get(team_page.url).content.decode()
    assert "will appear here" not in html
    assert "team-list" not in html
    assert "College of Physiotherapists of Alberta" in html


def test_the_team_link_shows_once_a_practitioner_is_on_the_team_page(client, clinic, team_page):
    team_page.show_in_menus = True
    team_page.save_revision().publish()

    def menu() -> list[str]:
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        return [link["href"] for link in soup.select(".site-nav a")]

    assert team_page.url not in menu()
    factories.PractitionerFactory(name="Records Only", show_on_team_page=False)
    assert team_page.url not in menu()
    factories.PractitionerFactory(name="Test Practitioner")
    assert team_page.url in menu()


def test_profile_shows_registration_activities_languages_and_photo(
    client, clinic, team_page, practitioner
):
    response = client.get("/team/test-practitioner/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Test Practitioner"
    facts = soup.select_one(".practitioner__facts").get_text(" ", strip=True)
    assert "College of Physiotherapists of Alberta, number 54321" in facts
    assert "Dry needling" in facts
    assert "English, Punjabi" in facts
    assert soup.select_one("img.practitioner__photo")["alt"] == (
        "Test Practitioner smiling in the clinic"
    )
    person = json.loads(
        soup.find("script", type="application/ld+json", string=lambda s: "Person" in s).string
    )
    assert person["@type"] == "Person"
    assert person["name"] == "Test Practitioner"
    assert person["knowsLanguage"] == ["English", "Punjabi"]
    assert person["hasCredential"]["identifier"] == "54321"
    assert person["worksFor"] == {"@id": "http://localhost/#clinic"}


def test_hidden_or_unknown_practitioner_has_no_profile(client, clinic, team_page):
    factories.PractitionerFactory(slug="records-only", show_on_team_page=False)
    assert client.get("/team/records-only/").status_code == 404
    assert client.get("/team/nobody/").status_code == 404


def test_profiles_are_in_the_sitemap(client, clinic, team_page, practitioner):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/team/test-practitioner/" in xml
    assert "http://localhost/team/" in xml
