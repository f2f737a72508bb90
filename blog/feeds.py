"""RSS 2.0 and Atom 1.0 feeds of the blog, and of each category.

Each entry carries the post's full summary (its intro) and its image three ways: in the
HTML summary, as an enclosure and as Media RSS (`media:content`), so every reader finds it.
The blog index serves the feeds from its own routes (`BlogIndexPage`), so they follow the
blog wherever editors move it.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import format_html

from healinghaven.images import SOCIAL_RENDITION
from healinghaven.models import ClinicSettings
from healinghaven.seo import schema

from .seo import published_at

MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"
FEED_LENGTH = 20


def _add_media_content(handler, item) -> None:
    image = item.get("image")
    if not image:
        return
    handler.startElement(
        "media:content",
        {
            "url": image["url"],
            "medium": "image",
            "type": image["type"],
            "width": str(image["width"]),
            "height": str(image["height"]),
        },
    )
    if image["alt"]:
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS images."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


class MediaAtomFeed(Atom1Feed):
    """Atom 1.0 with Media RSS images."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _add_media_content(handler, item)


class BlogFeed(Feed):
    """The newest posts of a blog index, or of one of its categories (RSS 2.0).

    Made for one request: `BlogIndexPage` creates it in its feed routes.
    """

    feed_type = MediaRssFeed

    def __init__(self, *, blog_index, category=None):
        super().__init__()
        self.blog_index = blog_index
        self.category = category
        self.request = None
        self.clinic = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.clinic = ClinicSettings.for_request(request)
        return self.blog_index

    def title(self, blog_index) -> str:
        name = f"{self.clinic.name}: {blog_index.title}"
        return f"{self.category.name} | {name}" if self.category else name

    def link(self, blog_index) -> str:
        if self.category:
            return schema.absolute_url(blog_index.category_url(self.category), self._root)
        return blog_index.get_full_url(self.request)

    def description(self, blog_index) -> str:
        if self.category and self.category.description:
            return self.category.description
        return blog_index.intro or f"News and advice from {self.clinic.name}."

    def feed_url(self, blog_index) -> str:
        return schema.absolute_url(self.request.path, self._root)

    def feed_copyright(self, blog_index) -> str:
        return f"© {self.clinic.name}"

    def items(self, blog_index):
        return blog_index.feed_posts(category=self.category)[:FEED_LENGTH]

    def item_title(self, post) -> str:
        return post.title

    def item_link(self, post) -> str:
        return post.get_full_url(self.request)

    def item_guid_is_permalink(self, post) -> bool:
        return True

    def item_description(self, post) -> str:
        image = self._image(post)
        picture = (
            format_html(
                '<p><img src="{}" alt="{}" width="{}" height="{}"></p>',
                image["url"],
                image["alt"],
                image["width"],
                image["height"],
            )
            if image
            else ""
        )
        return picture + format_html(
            '<p>{}</p><p><a href="{}">Read “{}”</a></p>',
            post.intro,
            self.item_link(post),
            post.title,
        )

    def item_pubdate(self, post):
        return schema.aware_datetime(published_at(post))

    def item_updateddate(self, post):
        return post.last_published_at or self.item_pubdate(post)

    def item_author_name(self, post) -> str:
        return post.author.name if post.author else f"{self.clinic.name} team"

    def item_categories(self, post) -> list[str]:
        return [category.name for category in post.category_list]

    def item_enclosures(self, post) -> list[Enclosure]:
        image = self._image(post)
        if not image:
            return []
        return [Enclosure(url=image["url"], length=str(image["length"]), mime_type=image["type"])]

    def item_extra_kwargs(self, post) -> dict:
        return {"image": self._image(post)}

    @property
    def _root(self) -> str:
        return schema.site_root_url(self.request)

    def _image(self, post) -> dict | None:
        """The post's image at the social size, once per post (several elements use it)."""
        cache = self.__dict__.setdefault("_images", {})
        if post.pk not in cache:
            cache[post.pk] = self._rendition(post)
        return cache[post.pk]

    def _rendition(self, post) -> dict | None:
        if post.hero_image is None:
            return None
        try:
            rendition = post.hero_image.get_rendition(SOCIAL_RENDITION)
            length = rendition.file.size
        except OSError:  # a missing or unreadable original (SourceImageIOError)
            return None
        return {
            "url": schema.absolute_url(rendition.url, self._root),
            "width": rendition.width,
            "height": rendition.height,
            "alt": post.hero_image.alt_text,
            "type": mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg",
            "length": length,
        }


class BlogAtomFeed(BlogFeed):
    """The same entries as Atom 1.0."""

    feed_type = MediaAtomFeed
    subtitle = BlogFeed.description
