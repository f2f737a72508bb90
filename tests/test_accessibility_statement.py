"""The accessibility statement: linked from every page's footer when the clinic settings
name it, and its "report a barrier" details taken from the settings."""

import pytest
from bs4 import BeautifulSoup

from healinghaven.blocks import PageBodyBlock
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(clinic, home):
    page = factories.StandardPageFactory(
        parent=home,
        title="Accessibility statement",
        slug="accessibility",
        body=PageBodyBlock().to_python(
            [
                {"type": "paragraph", "value": "<p>Tell us about a barrier:</p>"},
                {"type": "clinic_contact", "value": None},
            ]
        ),
    )
    clinic.accessibility_page = page
    clinic.email = "hello@clinic.example"
    clinic.save()
    return page


def footer_links(client, url) -> dict[str, str]:
    response = client.get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    return {link.get_text(strip=True): link["href"] for link in soup.select(".site-footer a")}


def test_every_page_type_links_the_statement_from_its_footer(
    client, statement, home, dry_needling, blog_index
):
    post = factories.BlogPageFactory(parent=blog_index)
    search = "/search/?q=needling"
    for url in [home.url, dry_needling.url, blog_index.url, post.url, statement.url, search]:
        assert footer_links(client, url)["Accessibility"] == "/accessibility/", url
    assert footer_links(client, "/no-such-page/")["Accessibility"] == "/accessibility/"


def test_no_link_when_the_settings_name_no_statement(client, clinic, home):
    assert "Accessibility" not in footer_links(client, home.url)


def test_the_statement_shows_the_phone_and_email_from_the_settings(client, statement, clinic):
    clinic.phone = "(780) 555-0100"
    clinic.save()
    soup = BeautifulSoup(client.get(statement.url).content, "html.parser")
    links = {a["href"]: a.get_text(strip=True) for a in soup.select("main a")}
    assert links["tel:+17805550100"] == "Call us at (780) 555-0100"
    assert links["mailto:hello@clinic.example"] == "Email hello@clinic.example"
