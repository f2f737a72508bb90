"""Factories for the site's pages, snippets and images (factory_boy + wagtail-factories)."""

import datetime
import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from healinghaven.models import HomePage, SiteImage, SiteNotice, StandardPage
from services.models import Condition, FundingOption, ServiceIndexPage, ServicePage
from team.models import Practitioner, RestrictedActivity, TeamPage


def image_file(name: str = "test.png", size=(16, 9), colour=(40, 120, 110)) -> ImageFile:
    """A PNG, small by default: renditions are never larger than their image, and AVIF and
    WebP renditions of a large one take seconds to encode. Ask for a size where it counts."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return ImageFile(buffer, name=name)


def smaller_demo_pictures(monkeypatch, size=(960, 540)) -> None:
    """The demo content's pictures at 960x540 (or `size`), not 1600x900, for the tests that load it:
    they look at pages, headers and logs, not pixels, and each AVIF or WebP rendition of the
    full size takes seconds to make. Still wider than the 800 px renditions, so that every
    srcset lists distinct widths (valid HTML)."""
    from healinghaven.demo import images

    full_size = images.render

    def render(title: str, motif: str) -> bytes:
        picture = PILImage.open(io.BytesIO(full_size(title, motif))).resize(size)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=82)
        return buffer.getvalue()

    monkeypatch.setattr(images, "render", render)


class SiteImageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.Sequence(lambda n: f"A calm test picture number {n}")
    file = factory.LazyFunction(image_file)

    class Meta:
        model = SiteImage


def body(*paragraphs: str) -> list[tuple[str, object]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs] or [
        ("paragraph", "<p>Some words.</p>")
    ]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_heading = "Feel better, move better"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A page about the clinic."

    class Meta:
        model = StandardPage


class ServiceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Services"
    slug = "services"
    show_in_menus = True

    class Meta:
        model = ServiceIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    summary = "A treatment that helps."
    hero_image = factory.SubFactory(SiteImageFactory)
    body = factory.LazyFunction(lambda: body("What it is."))

    class Meta:
        model = ServicePage


class ConditionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    summary = "A condition."

    class Meta:
        model = Condition


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"
    show_in_menus = True

    class Meta:
        model = BlogIndexPage


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = BlogCategory


class AuthorFactory(factory.django.DjangoModelFactory):
    name = "Healing Haven Physiotherapy team"

    class Meta:
        model = Author


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post {n}")
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    intro = "A short introduction."
    hero_image = factory.SubFactory(SiteImageFactory)
    body = factory.LazyFunction(lambda: body("Words about recovery."))

    class Meta:
        model = BlogPage


class PractitionerFactory(factory.django.DjangoModelFactory):
    """A made-up practitioner for tests only: the demo content invents no people."""

    name = factory.Sequence(lambda n: f"Test Practitioner {n}")
    slug = factory.Sequence(lambda n: f"test-practitioner-{n}")
    designation = "Registered Physiotherapist"
    registration_number = factory.Sequence(lambda n: f"{10000 + n}")
    languages = "English, French"

    class Meta:
        model = Practitioner


class RestrictedActivityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Restricted activity {n}")

    class Meta:
        model = RestrictedActivity


class TeamPageFactory(wagtail_factories.PageFactory):
    title = "Our team"
    slug = "team"
    intro = "The physiotherapists who will treat you."

    class Meta:
        model = TeamPage


class FundingOptionFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Funding option {n}")
    kind = "other"

    class Meta:
        model = FundingOption


class SiteNoticeFactory(factory.django.DjangoModelFactory):
    title = "Closed today for snow"
    message = "We will call you to rebook."
    tone = "closure"
    starts_at = datetime.datetime(2026, 1, 12, 6, 0, tzinfo=datetime.UTC)
    ends_at = datetime.datetime(2026, 1, 13, 6, 0, tzinfo=datetime.UTC)

    class Meta:
        model = SiteNotice
