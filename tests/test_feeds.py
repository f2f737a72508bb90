"""RSS and Atom feeds of the blog and of each category, read by a real feed parser."""

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests import factories
from tests.test_seo import ROOT, page_urls

FEEDS = {
    "rss": ("/blog/feed/", "rss20", "application/rss+xml"),
    "atom": ("/blog/feed/atom/", "atom10", "application/atom+xml"),
}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.django_db
class TestBlogFeeds:
    @pytest.mark.parametrize("kind", FEEDS)
    def test_feed_parses_without_errors_newest_first(self, client, site, kind):
        url, version, content_type = FEEDS[kind]
        response, feed = parse(client, url)
        assert response["Content-Type"].startswith(content_type)
        assert feed.version == version
        assert feed.feed.title == "Healing Haven Physiotherapy: Blog"
        assert feed.feed.link == ROOT + "/blog/"
        assert [entry.title for entry in feed.entries] == [
            "Returning to work after a car accident",
            "Dry Needling 101",
        ]

    @pytest.mark.parametrize("kind", FEEDS)
    def test_entries_have_full_summary_image_author_dates_and_categories(self, client, site, kind):
        _, feed = parse(client, FEEDS[kind][0])
        entry = next(entry for entry in feed.entries if entry.title == "Dry Needling 101")
        assert entry.link == ROOT + "/blog/dry-needling-101/"
        assert entry.id == ROOT + "/blog/dry-needling-101/"
        assert site.post.intro in entry.summary  # the whole intro, not a cut
        assert entry.author == "Example Physiotherapist"
        assert entry.published_parsed[:3] == (2022, 10, 6)
        assert [tag.term for tag in entry.tags] == ["Dry needling"]

        rendition = site.post.hero_image.get_rendition("fill-1200x630")
        image_url = ROOT + rendition.url
        (enclosure,) = entry.enclosures
        assert enclosure.href == image_url
        assert enclosure.type == "image/png"
        assert int(enclosure.length) == rendition.file.size > 0
        (media,) = entry.media_content
        assert media["url"] == image_url
        assert (media["width"], media["height"]) == ("1200", "630")
        assert f'src="{image_url}"' in entry.summary
        assert site.post.hero_image.description in entry.summary  # the alt text

    def test_drafts_are_left_out(self, client, site):
        _, feed = parse(client, FEEDS["rss"][0])
        assert "Secret draft" not in [entry.title for entry in feed.entries]

    @pytest.mark.parametrize("kind", FEEDS)
    def test_category_feed_has_only_its_posts(self, client, site, kind):
        suffix = "feed/atom/" if kind == "atom" else "feed/"
        _, feed = parse(client, f"/blog/category/dry-needling/{suffix}")
        assert [entry.title for entry in feed.entries] == ["Dry Needling 101"]
        assert feed.feed.title == "Dry needling | Healing Haven Physiotherapy: Blog"
        assert feed.feed.link == ROOT + "/blog/category/dry-needling/"

    def test_unknown_category_feed_is_404(self, client, site):
        assert client.get("/blog/category/no-such/feed/").status_code == 404

    def test_feed_keeps_to_the_newest_twenty(self, client, site):
        for n in range(25):
            factories.BlogPageFactory(
                parent=site.blog_index,
                title=f"Extra post {n}",
                date=datetime.date(2026, 2, 1) + datetime.timedelta(days=n),
            )
        _, feed = parse(client, FEEDS["rss"][0])
        assert len(feed.entries) == 20
        assert feed.entries[0].title == "Extra post 24"


@pytest.mark.django_db
class TestFeedsAreAdvertised:
    def test_every_page_links_to_the_blog_feeds(self, client, site):
        for name, url in page_urls(site).items():
            soup = BeautifulSoup(client.get(url).content, "html.parser")
            links = {
                (link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")
            }
            assert ("application/rss+xml", "/blog/feed/") in links, name
            assert ("application/atom+xml", "/blog/feed/atom/") in links, name
            for link in soup.find_all("link", rel="alternate"):
                assert link["title"], name
                parse(client, link["href"])

    def test_category_page_also_links_to_its_own_feeds(self, client, site):
        soup = BeautifulSoup(client.get("/blog/category/dry-needling/").content, "html.parser")
        hrefs = [link["href"] for link in soup.find_all("link", rel="alternate")]
        assert hrefs == [
            "/blog/feed/",
            "/blog/feed/atom/",
            "/blog/category/dry-needling/feed/",
            "/blog/category/dry-needling/feed/atom/",
        ]

    def test_no_feed_links_without_a_blog(self, client, clinic, home):
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        assert soup.find_all("link", rel="alternate") == []
