"""Public pages render in a fixed number of SQL queries, with 10 posts as with 200.

Counted with the page cache off: every request finds its page (Wagtail's routing: two
queries a level), checks its privacy, reads the clinic settings, the menu and the notices,
then its own content. The images' renditions exist (they are made when an image is
uploaded). The first request of a process also reads what the process then keeps: the
content types and Wagtail's site root paths.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPage
from healinghaven.tasks import renditions_make
from tests import factories

QUERY_BUDGET = 24
# What a new process reads once and keeps: content types, Wagtail's site root paths.
FIRST_REQUEST_EXTRA = 6


def figure(image):
    return ("image", {"image": {"image": image, "alt_text": "", "decorative": True}})


def add_posts(blog_index, count, *, image, category, service, start=0):
    for n in range(start, start + count):
        post = BlogPage(
            title=f"Post {n}",
            slug=f"post-{n}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            intro="Words.",
            hero_image=image,
            body=[
                ("paragraph", "<p>Body.</p>"),
                figure(image),
            ],
            categories=[category],
            related_services=[service],
        )
        blog_index.add_child(instance=post)


def queries_for(client, url) -> int:
    client.get(url)  # what a process reads once (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def site_content(settings, clinic, home, service_index, blog_index):
    settings.PAGE_CACHE_ENABLED = False
    image = factories.SiteImageFactory()
    renditions_make(image_id=image.pk)
    home.hero_image = image
    home.save_revision().publish()
    category = factories.BlogCategoryFactory(slug="recovery")
    conditions = [factories.ConditionFactory() for _ in range(3)]
    services = []
    for n in range(3):
        service = factories.ServicePageFactory(parent=service_index, hero_image=image, slug=f"s{n}")
        service.conditions.add(*conditions)
        service.save()
        services.append(service)
    home.featured_services.create(service=services[0])
    home.featured_services.create(service=services[1])
    about = factories.StandardPageFactory(parent=home, slug="about")
    add_posts(blog_index, 10, image=image, category=category, service=services[0])
    first_post = BlogPage.objects.order_by("date").first()
    urls = {
        "home": home.url,
        "standard": about.url,
        "service index": service_index.url,
        "service": services[0].url,
        "conditions": service_index.url + "conditions/",
        "condition": service_index.url + f"conditions/{conditions[0].slug}/",
        "blog index": blog_index.url,
        "blog page 2": blog_index.url + "?page=2",
        "category": blog_index.url + "category/recovery/",
        "post": first_post.url,
        "search": "/search/?q=needling",
    }
    return {
        "urls": urls,
        "image": image,
        "category": category,
        "services": services,
        "conditions": conditions,
    }


@pytest.mark.django_db
def test_every_page_type_stays_within_the_budget_with_10_and_200_posts(
    client, site_content, blog_index, service_index
):
    urls = site_content["urls"]
    small = {name: queries_for(client, url) for name, url in urls.items()}
    over = {name: count for name, count in small.items() if count > QUERY_BUDGET}
    assert not over, f"over {QUERY_BUDGET} queries with 10 posts: {over}"

    add_posts(
        blog_index,
        190,
        image=site_content["image"],
        category=site_content["category"],
        service=site_content["services"][0],
        start=10,
    )
    tagged = BlogPage.objects.filter(
        categories=site_content["category"], related_services=site_content["services"][0]
    )
    assert tagged.count() == 200  # every post with its category and service, as cards show
    for n in range(3, 12):
        service = factories.ServicePageFactory(
            parent=service_index, hero_image=site_content["image"], slug=f"s{n}"
        )
        service.conditions.add(*site_content["conditions"])
        service.save()

    large = {name: queries_for(client, url) for name, url in urls.items()}
    assert large == small


@pytest.mark.django_db
def test_the_first_request_of_a_new_process_reads_a_few_more(client, site_content):
    """A new process has no content types and no site root paths yet."""
    from django.contrib.contenttypes.models import ContentType

    url = site_content["urls"]["post"]
    again = queries_for(client, url)
    ContentType.objects.clear_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert again < len(captured) <= again + FIRST_REQUEST_EXTRA


@pytest.mark.django_db
def test_a_post_with_more_figures_asks_no_more_queries(client, site_content):
    """The renditions of a body's figures come in one query, however many figures, when
    Wagtail's rendition cache (in the shared cache) does not have them: after a restart of
    Redis, or while it is down."""

    def queries_without_cached_renditions(url) -> int:
        client.get(url)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    post = BlogPage.objects.order_by("date").first()
    one = queries_without_cached_renditions(post.url)
    images = [factories.SiteImageFactory() for _ in range(3)]
    for image in images:
        renditions_make(image_id=image.pk)
    post.body = [("paragraph", "<p>Body.</p>"), *map(figure, images)]
    post.save_revision().publish()
    assert queries_without_cached_renditions(post.url) == one
