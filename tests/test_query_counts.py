"""Public pages cost the same number of SQL queries with 10 posts as with 200."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPage
from tests import factories


def add_posts(blog_index, count, *, image, category, service, start=0):
    for n in range(start, start + count):
        post = BlogPage(
            title=f"Post {n}",
            slug=f"post-{n}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            intro="Words.",
            hero_image=image,
            body=[("paragraph", "<p>Body.</p>")],
        )
        blog_index.add_child(instance=post)
        post.categories.add(category)
        post.related_services.add(service)
        post.save()


def queries_for(client, url) -> int:
    client.get(url)  # warm per-process caches (site root paths, renditions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_content(client, clinic, home, service_index, blog_index):
    image = factories.SiteImageFactory()
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
    add_posts(blog_index, 10, image=image, category=category, service=services[0])

    def page_urls():
        first_post = BlogPage.objects.order_by("date").first()
        return {
            "home": home.url,
            "service index": service_index.url,
            "service": services[0].url,
            "conditions": service_index.url + "conditions/",
            "condition": service_index.url + f"conditions/{conditions[0].slug}/",
            "blog index": blog_index.url,
            "blog page 2": blog_index.url + "?page=2",
            "category": blog_index.url + "category/recovery/",
            "post": first_post.url,
        }

    urls = page_urls()
    small = {name: queries_for(client, url) for name, url in urls.items()}

    add_posts(blog_index, 190, image=image, category=category, service=services[0], start=10)
    for n in range(3, 12):
        service = factories.ServicePageFactory(parent=service_index, hero_image=image, slug=f"s{n}")
        service.conditions.add(*conditions)
        service.save()

    large = {name: queries_for(client, url) for name, url in urls.items()}
    assert large == small
