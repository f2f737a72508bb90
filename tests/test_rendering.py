"""Every public page type renders, with the clinic's details, and editors can edit them."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from healinghaven.models import SiteImage
from tests import factories
from tests.content import add_hours


@pytest.fixture
def tree(clinic, service_index, blog_index, dry_needling):
    condition = factories.ConditionFactory(name="Sciatica", slug="sciatica")
    other = factories.ServicePageFactory(parent=service_index, title="Sciatica and nerve pain")
    dry_needling.conditions.add(condition)
    dry_needling.save_revision().publish()
    other.conditions.add(condition)
    other.save_revision().publish()
    category = factories.BlogCategoryFactory(name="Dry needling", slug="dry-needling")
    post = factories.BlogPageFactory(
        parent=blog_index,
        title="Dry Needling 101",
        slug="dry-needling-101",
        date=datetime.date(2022, 10, 6),
        author=factories.AuthorFactory(),
    )
    post.categories.add(category)
    post.related_services.add(dry_needling)
    post.save_revision().publish()
    about = factories.StandardPageFactory(parent=clinic.site.root_page, title="About", slug="about")
    return {
        "service": dry_needling,
        "other_service": other,
        "condition": condition,
        "post": post,
        "category": category,
        "about": about,
    }


@pytest.mark.django_db
class TestPublicPages:
    def test_every_page_type_renders(self, client, tree, home, service_index, blog_index):
        urls = [
            home.url,
            service_index.url,
            tree["service"].url,
            service_index.url + "conditions/",
            service_index.url + "conditions/sciatica/",
            blog_index.url,
            blog_index.url + "category/dry-needling/",
            tree["post"].url,
            tree["about"].url,
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"Healing Haven Physiotherapy" in response.content, url

    def test_pretty_urls(self, tree):
        assert tree["service"].url == "/services/dry-needling/"
        assert tree["post"].url == "/blog/dry-needling-101/"

    def test_post_shows_date_author_reading_time_and_links(self, client, tree):
        html = client.get(tree["post"].url).content.decode()
        assert "October 6, 2022" in html
        assert 'datetime="2022-10-06"' in html
        assert "Healing Haven Physiotherapy team" in html
        assert "1 min read" in html
        assert tree["service"].url in html  # related service
        assert "/blog/category/dry-needling/" in html  # category link
        assert tree["post"].hero_image.description in html  # hero alt text

    def test_service_page_lists_conditions_linking_to_other_services(self, client, tree):
        html = client.get(tree["service"].url).content.decode()
        assert "Sciatica" in html
        assert "/services/conditions/sciatica/" in html
        assert tree["other_service"].url in html
        assert tree["post"].url in html  # related post
        assert 'href="tel:+15877356272"' in html

    def test_condition_page_lists_every_service_that_treats_it(self, client, tree, service_index):
        html = client.get(service_index.url + "conditions/sciatica/").content.decode()
        assert tree["service"].url in html
        assert tree["other_service"].url in html

    def test_unknown_condition_and_category_are_404(self, client, tree, service_index, blog_index):
        assert client.get(service_index.url + "conditions/no-such/").status_code == 404
        assert client.get(blog_index.url + "category/no-such/").status_code == 404

    def test_draft_pages_are_not_shown(self, client, tree, blog_index):
        draft = factories.BlogPageFactory(parent=blog_index, title="Secret draft", live=False)
        assert client.get(draft.url or "/blog/secret-draft/").status_code == 404
        assert b"Secret draft" not in client.get(blog_index.url).content


@pytest.mark.django_db
class TestFooterAndHeader:
    def test_footer_shows_clinic_settings(self, client, clinic, home):
        add_hours(
            clinic,
            [(day, datetime.time(8), datetime.time(19)) for day in range(5)]
            + [(5, datetime.time(9), datetime.time(14))],
        )
        clinic.email = "hello@example.com"
        clinic.save()
        html = client.get(home.url).content.decode()
        assert "(587) 735-6272" in html
        assert 'href="tel:+15877356272"' in html
        assert "123 Example Street" in html
        assert "Edmonton" in html
        assert "Monday – Friday" in html
        assert "8 a.m." in html or "8:00 a.m." in html
        assert "Saturday" in html
        assert "hello@example.com" in html

    def test_changed_settings_show_at_once(self, client, clinic, home):
        clinic.phone = "(780) 555-0100"
        clinic.save()
        html = client.get(home.url).content.decode()
        assert "(780) 555-0100" in html
        assert 'href="tel:+17805550100"' in html

    def test_header_has_skip_link_and_menu(self, client, tree, home):
        html = client.get(home.url).content.decode()
        assert 'href="#main"' in html
        assert 'id="main"' in html
        assert "/services/" in html and "/blog/" in html


@pytest.mark.django_db
def test_missing_page_gets_the_friendly_404(client, clinic):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1" in html
    assert "(587) 735-6272" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_reading_time_follows_the_body(blog_index):
    words = " ".join(["word"] * 1000)
    post = factories.BlogPageFactory(
        parent=blog_index, body=[("paragraph", f"<p>{words}</p>")], intro="Short."
    )
    post.refresh_from_db()
    assert post.reading_minutes == 6  # 1001 words at 200 a minute, rounded up


@pytest.mark.django_db
class TestEditorsCanWorkWithEveryPageType:
    """The admin's edit view and the preview work for each page type."""

    @pytest.fixture
    def pages(self, tree, home, service_index, blog_index):
        return [home, service_index, tree["service"], blog_index, tree["post"], tree["about"]]

    def test_edit_views_load(self, admin_client, pages):
        for page in pages:
            response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert response.status_code == 200, page

    def test_previews_render(self, pages):
        for page in pages:
            response = page.specific.make_preview_request()
            assert response.status_code == 200, page
            assert page.title in response.content.decode()

    def test_editor_creates_and_publishes_a_post(self, admin_client, tree, blog_index):
        image = factories.SiteImageFactory()
        data = nested_form_data(
            {
                "title": "Moving well after a car accident",
                "slug": "moving-well",
                "date": "2026-02-01",
                "hero_image": image.pk,
                "intro": "Gentle movement helps recovery.",
                "body": streamfield([("paragraph", rich_text("<p>Start slowly.</p>"))]),
                "action-publish": "publish",
            }
        )
        data["categories"] = [tree["category"].pk]
        data["related_services"] = [tree["service"].pk]
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        post = BlogPage.objects.get(slug="moving-well")
        assert post.live and post.reading_minutes == 1
        assert list(post.related_services.all()) == [tree["service"]]

    def test_post_needs_a_hero_image_and_intro(self, admin_client, blog_index):
        data = nested_form_data(
            {
                "title": "No picture",
                "slug": "no-picture",
                "date": "2026-02-01",
                "hero_image": "",
                "intro": "",
                "body": streamfield([("paragraph", rich_text("<p>Words.</p>"))]),
                "action-publish": "publish",
            }
        )
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert not BlogPage.objects.filter(slug="no-picture").exists()
        errors = response.context["form"].errors
        assert "hero_image" in errors and "intro" in errors


@pytest.mark.django_db
def test_image_alt_text_is_required(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Treatment room", "file": factories.image_file(), "description": ""},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not SiteImage.objects.exists()
