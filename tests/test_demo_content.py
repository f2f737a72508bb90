"""The demo-content loader: what it builds on a fresh database, and that it runs twice safely."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from bookings.models import ConsultationPage
from healinghaven.blocks import stream_strings
from healinghaven.models import ClinicSettings, HomePage, SiteImage, StandardPage
from services.models import Condition, ServiceIndexPage, ServicePage
from tests import factories

# The seed's posts: date and the description of each post's photo (its alt text).
SEED_POSTS = {
    datetime.date(2026, 1, 27): "Woman at desk, holding her back in pain, looking at a computer.",
    datetime.date(2026, 1, 21): (
        "Woman in car clutching lower back, indicating pain. Red highlight, brown seat."
    ),
    datetime.date(2026, 1, 13): (
        "Man in black attire bends over, touching knee, possibly injured, on a paved path with "
        "trees in the background."
    ),
    datetime.date(2026, 1, 7): (
        "A physical therapist guides a woman using a resistance band in a therapy session."
    ),
    datetime.date(2025, 12, 23): (
        "Man in wheelchair lifts weights with help of caregiver. Blue walls, neutral setting."
    ),
    datetime.date(2025, 12, 17): "Woman holding her jaw in pain, gray shirt, light background.",
    datetime.date(2025, 12, 9): "Physical therapist examining a woman's neck in a clinic.",
    datetime.date(2025, 12, 3): (
        "A physical therapist assisting a woman with a leg stretch on an examination table."
    ),
    datetime.date(2025, 11, 25): (
        "Person's back with acupuncture needles attached to red and black alligator clips, "
        "likely for electroacupuncture therapy."
    ),
    datetime.date(2025, 11, 19): (
        "Man in car clutching shoulder, appearing in pain after a car accident."
    ),
}

DRY_NEEDLING_CONDITIONS = {
    "Chronic pain",
    "Tension headaches",
    "Migraines",
    "Joint pain",
    "Muscle spasms",
    "Sciatica",
    "Tennis elbow",
    "Plantar fasciitis",
    "Carpal tunnel syndrome",
}

# Words the College of Physiotherapists of Alberta's advertising rules (and plain honesty) rule out.
FORBIDDEN = re.compile(r"\b(best|top|leading|guarantee\w*|free)\b|#1", re.IGNORECASE)


def load() -> str:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "images": SiteImage.objects.count(),
        "conditions": Condition.objects.count(),
        "categories": BlogCategory.objects.count(),
        "authors": Author.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "settings": ClinicSettings.objects.count(),
    }


@pytest.mark.django_db
def test_builds_the_site_on_a_fresh_database():
    assert Page.objects.filter(depth=2).get().specific_class is Page  # Wagtail's welcome page

    output = load()

    assert "Created 27 pages" in output
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.slug == "home"
    assert home.live
    assert home.featured_services.first().service.slug == "dry-needling"

    menu = home.get_children().live().in_menu().order_by("path")
    assert [page.title for page in menu] == ["Services", "Blog", "About", "Our team"]

    services = ServiceIndexPage.objects.child_of(home).get(slug="services")
    dry_needling = ServicePage.objects.child_of(services).get(slug="dry-needling")
    assert {c.name for c in dry_needling.conditions.all()} == DRY_NEEDLING_CONDITIONS
    sciatica = ServicePage.objects.get(slug="sciatica-and-nerve-pain")
    assert sciatica.conditions.filter(slug="sciatica").exists()
    assert ServicePage.objects.live().filter(hero_image__isnull=False).count() == 8

    blog = BlogIndexPage.objects.child_of(home).get(slug="blog")
    posts = BlogPage.objects.child_of(blog).live().select_related("hero_image", "author")
    assert {post.date for post in posts} == {datetime.date(2022, 10, 6), *SEED_POSTS}
    assert posts.count() == 11
    for post in posts:
        assert post.author.name == "Healing Haven Physiotherapy team"
        assert post.categories.exists()
        if post.date in SEED_POSTS:
            assert post.hero_image.description == SEED_POSTS[post.date]
    article = posts.get(slug="dry-needling-101")
    assert article.date == datetime.date(2022, 10, 6)
    assert article.hero_image.description
    assert article.related_services.filter(slug="dry-needling").exists()
    block_types = [block.block_type for block in article.body]
    assert {"heading", "paragraph", "call_to_action"} <= set(block_types)
    assert any("<li>Carpal tunnel syndrome</li>" in str(b.value) for b in article.body)

    privacy = StandardPage.objects.child_of(home).get(slug="privacy-policy")
    clinic = ClinicSettings.objects.get(site=site)
    assert clinic.phone == "(587) 735-6272"
    assert (clinic.locality, clinic.region) == ("Edmonton", "AB")
    assert clinic.privacy_page_id == privacy.pk
    booking = ConsultationPage.objects.child_of(home).get()
    assert clinic.booking_page_id == booking.pk
    assert any(block.block_type == "retention_period" for block in privacy.specific.body)
    statement = StandardPage.objects.child_of(home).get(slug="accessibility")
    assert clinic.accessibility_page_id == statement.pk
    assert "WCAG) 2.2 at level AA" in str(statement.body)
    assert any(block.block_type == "clinic_contact" for block in statement.body)
    # One exercise video, its still drawn here, with a transcript.
    (video,) = [
        block.value
        for block in ServicePage.objects.get(slug="sports-recovery").body
        if block.block_type == "video"
    ]
    assert video.video.host == "YouTube"
    assert video["poster"].title == "Calf stretch against a wall"
    assert "Hold for 30 seconds" in str(video["transcript"])
    assert not (clinic.email or clinic.street_address or clinic.opening_hours.exists())

    # Every page was published through a revision, as an editor would.
    for page in Page.objects.filter(depth__gt=1):
        assert page.live and page.latest_revision_id and page.live_revision_id

    # Images: small, with alt text, written to the test media folder (not the repo's media/).
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root != (Path(settings.BASE_DIR) / "media").resolve()
    assert SiteImage.objects.count() == 21
    for image in SiteImage.objects.all():
        path = Path(image.file.path).resolve()
        assert path.is_relative_to(media_root)
        assert path.stat().st_size < 150 * 1024
        assert (image.width, image.height) == (1600, 900)
        assert image.description


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    load()
    before = snapshot()
    home_revision = HomePage.objects.get().latest_revision_id

    output = load()

    assert "Nothing to create" in output
    assert snapshot() == before
    assert HomePage.objects.get().latest_revision_id == home_revision


@pytest.mark.django_db
def test_pages_an_editor_changed_are_left_alone():
    load()
    about = StandardPage.objects.get(slug="about")
    about.title = "About our clinic"
    about.save_revision().publish()
    ServicePage.objects.get(slug="sports-recovery").delete()

    output = load()

    assert StandardPage.objects.get(slug="about").title == "About our clinic"
    assert ServicePage.objects.filter(slug="sports-recovery").exists()
    assert "Created 1 page, 0 images" in output  # its image was still there


@pytest.mark.django_db
def test_content_has_no_superlatives_or_promises():
    load()

    texts = []
    for page in Page.objects.filter(depth__gt=1).specific():
        texts += [page.title, page.seo_title, page.search_description]
        for name in ("intro", "summary", "hero_heading", "hero_text", "featured_services_intro"):
            texts.append(getattr(page, name, ""))
        for name in ("body", "facts"):
            if hasattr(page, name):
                texts += stream_strings(getattr(page, name).raw_data)
    texts += Condition.objects.values_list("summary", flat=True)
    texts += BlogCategory.objects.values_list("description", flat=True)
    texts += SiteImage.objects.values_list("title", flat=True)

    assert len(texts) > 200
    offending = [text for text in texts if FORBIDDEN.search(text or "")]
    assert offending == []


@pytest.mark.django_db
def test_every_page_asks_for_a_request_not_a_booking(client, monkeypatch):
    """There is no online booking in the demo: the buttons, texts, titles and meta
    descriptions say "Request a consultation", never "Book a consultation"."""
    factories.smaller_demo_pictures(monkeypatch)
    load()

    for page in Page.objects.filter(depth__gt=1).live():
        html = client.get(page.url).content.decode()
        assert "Request a consultation" in html, page.url
        assert not re.search(r"(book|schedule) a consultation|book online", html, re.I), page.url
