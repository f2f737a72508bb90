"""The blog index: newest first, paginated, filtered by category."""

import datetime
import re

import pytest

from blog.models import POSTS_PER_PAGE
from tests import factories


@pytest.fixture
def posts(clinic, blog_index):
    image = factories.SiteImageFactory()
    wellness = factories.BlogCategoryFactory(name="Wellness", slug="wellness")
    made = []
    for n in range(POSTS_PER_PAGE + 2):
        post = factories.BlogPageFactory(
            parent=blog_index,
            title=f"Post number {n:02d}",
            date=datetime.date(2025, 11, 1) + datetime.timedelta(days=n),
            hero_image=image,
        )
        if n % 2 == 0:
            post.categories.add(wellness)
            post.save_revision().publish()
        made.append(post)
    return made


def titles(html: str) -> list[str]:
    return re.findall(r"Post number \d\d", html)


@pytest.mark.django_db
class TestBlogIndex:
    def test_newest_first_and_paginated(self, client, posts, blog_index):
        first = client.get(blog_index.url).content.decode()
        second = client.get(blog_index.url + "?page=2").content.decode()
        expected = [f"Post number {n:02d}" for n in reversed(range(len(posts)))]
        assert list(dict.fromkeys(titles(first))) == expected[:POSTS_PER_PAGE]
        assert list(dict.fromkeys(titles(second))) == expected[POSTS_PER_PAGE:]
        assert "?page=2" in first

    def test_dates_read_like_people_write_them(self, client, posts, blog_index):
        html = client.get(blog_index.url).content.decode()
        newest = posts[-1].date
        assert newest.strftime("%B %-d, %Y") in html
        assert f'datetime="{newest.isoformat()}"' in html

    def test_bad_page_numbers_do_not_break(self, client, posts, blog_index):
        assert client.get(blog_index.url + "?page=abc").status_code == 200
        last = client.get(blog_index.url + "?page=999").content.decode()
        assert "Post number 00" in last

    def test_category_filter(self, client, posts, blog_index):
        html = client.get(blog_index.url + "category/wellness/").content.decode()
        shown = set(titles(html))
        assert shown == {f"Post number {n:02d}" for n in range(0, len(posts), 2)}
        assert "Wellness" in html

    def test_category_links_on_index(self, client, posts, blog_index):
        html = client.get(blog_index.url).content.decode()
        assert "/blog/category/wellness/" in html

    def test_related_posts_share_a_category(self, posts):
        post = posts[0]
        related = post.related_posts()
        assert len(related) == 3
        assert all(
            any(category.slug == "wellness" for category in other.categories.all())
            for other in related
        )
        assert post not in related
