"""Clinic sites for tests, built without the demo loader: a home page as the default
site's root with its clinic settings (the `home` and `clinic` fixtures), opening hours,
and a small site with one of everything for the tests of what every page says (SEO, feeds,
search), which tests/conftest.py builds once per module (`site`)."""

import datetime
from types import SimpleNamespace

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from healinghaven.models import ClinicSettings, OpeningHours, SiteImage, SocialLink
from healinghaven.tasks import renditions_make
from tests import factories


def make_home():
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page
    root.refresh_from_db()
    home = factories.HomePageFactory(parent=root)
    Site.objects.create(
        is_default_site=True,
        hostname="localhost",
        port=80,
        root_page=home,
        site_name="Healing Haven",
    )
    return home


def make_clinic():
    settings = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Healing Haven Physiotherapy"
    settings.phone = "(587) 735-6272"
    settings.locality = "Edmonton"
    settings.region = "AB"
    settings.street_address = "123 Example Street"
    settings.save()
    return settings


def add_hours(clinic_settings, rows):
    for weekday, opens, closes in rows:
        OpeningHours.objects.create(
            settings=clinic_settings, weekdays=[weekday], opens=opens, closes=closes
        )


def big_image(**kwargs):
    """An image large enough for an exact 1200x630 social rendition."""
    return factories.SiteImageFactory(file=factories.image_file(size=(1600, 900)), **kwargs)


def publish(*pages):
    for page in pages:
        page.save_revision().publish()


def build_content() -> SimpleNamespace:
    """A small clinic site with one of everything, published as an editor would, its
    images' renditions made (as the upload task makes them)."""
    home = make_home()
    clinic = make_clinic()
    service_index = factories.ServiceIndexPageFactory(parent=home)
    blog_index = factories.BlogIndexPageFactory(parent=home)
    dry_needling = factories.ServicePageFactory(
        parent=service_index, title="Dry needling", slug="dry-needling"
    )
    add_hours(
        clinic,
        [(day, datetime.time(8), datetime.time(19)) for day in range(5)]
        + [(5, datetime.time(9), datetime.time(14))],
    )
    clinic.email = "hello@healinghaven.test"
    clinic.postal_code = "T5J 0N3"
    clinic.tagline = "Physiotherapy in Edmonton"
    clinic.map_url = "https://maps.example.com/healing-haven"
    clinic.save()
    SocialLink.objects.create(
        settings=clinic, network="facebook", url="https://www.facebook.com/healinghaven"
    )

    home.hero_image = big_image(description="A bright, calm treatment room")
    home.search_description = "Physiotherapy in Edmonton: dry needling and care after accidents."
    sciatica = factories.ConditionFactory(
        name="Sciatica",
        slug="sciatica",
        summary="Pain that runs from the lower back down the leg, along the sciatic nerve.",
    )
    untreated = factories.ConditionFactory(name="Frozen shoulder", slug="frozen-shoulder")

    dry_needling.summary = "Very thin needles release tight, knotted muscles to ease pain."
    dry_needling.hero_image = big_image(description="Thin needles in a teal circle")
    dry_needling.body = [
        ("paragraph", RichText("<p>Dry needling releases trigger points in tight muscles.</p>")),
        (
            "faq",
            {
                "heading": "Frequently asked questions",
                "questions": [
                    {
                        "question": "Does dry needling hurt?",
                        "answer": RichText("<p>Most people feel only a brief <b>twitch</b>.</p>"),
                    },
                    {
                        "question": "How is it different from acupuncture?",
                        "answer": RichText("<p>It focuses on tight, knotted muscles.</p>"),
                    },
                ],
            },
        ),
    ]
    dry_needling.conditions.add(sciatica)
    accident = factories.ServicePageFactory(
        parent=service_index,
        title="Car accident rehabilitation",
        slug="car-accident-rehabilitation",
        summary="Care after a motor vehicle accident: whiplash, back pain and more.",
        hero_image=big_image(),
    )
    accident.conditions.add(sciatica)

    needling_category = factories.BlogCategoryFactory(
        name="Dry needling", slug="dry-needling", description="Posts about dry needling."
    )
    accident_category = factories.BlogCategoryFactory(
        name="Car accident recovery", slug="car-accident-recovery"
    )
    physio = factories.AuthorFactory(
        name="Example Physiotherapist", role="Registered physiotherapist"
    )
    post = factories.BlogPageFactory(
        parent=blog_index,
        title="Dry Needling 101",
        slug="dry-needling-101",
        date=datetime.date(2022, 10, 6),
        author=physio,
        hero_image=big_image(description="Three thin needles over soft green shapes"),
        intro="Needles might make you nervous, but dry needling can relieve pain and help you heal.",
        body=factories.body(
            "Dry needling, sometimes also referred to as trigger point dry needling, uses thin "
            "needles. When these trigger points are released, they can often relieve pain."
        ),
    )
    post.categories.add(needling_category)
    post.related_services.add(dry_needling)
    work_post = factories.BlogPageFactory(
        parent=blog_index,
        title="Returning to work after a car accident",
        slug="returning-to-work",
        date=datetime.date(2026, 1, 27),
        intro="Our team helps you safely return to work after a car accident.",
        hero_image=big_image(),
        body=factories.body("A gradual return keeps setbacks away."),
    )
    work_post.categories.add(accident_category)
    draft = factories.BlogPageFactory(
        parent=blog_index, title="Secret draft", slug="secret-draft", live=False
    )

    about = factories.StandardPageFactory(
        parent=home,
        title="About",
        slug="about",
        intro="Healing Haven Physiotherapy is a physiotherapy clinic in Edmonton, Alberta.",
    )
    privacy = factories.StandardPageFactory(
        parent=home,
        title="Privacy policy",
        slug="privacy",
        intro="",
        body=factories.body("We keep what you tell us safe and use it only to care for you."),
    )
    publish(home, service_index, dry_needling, accident, blog_index, post, work_post, about)
    publish(privacy)
    for image in SiteImage.objects.all():
        renditions_make(image_id=image.pk)
    return SimpleNamespace(
        clinic=clinic,
        home=home,
        service_index=service_index,
        service=dry_needling,
        other_service=accident,
        condition=sciatica,
        untreated_condition=untreated,
        blog_index=blog_index,
        category=needling_category,
        post=post,
        other_post=work_post,
        draft=draft,
        about=about,
        privacy=privacy,
        author=physio,
    )
