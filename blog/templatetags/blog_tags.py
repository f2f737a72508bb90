"""Template tags for the blog that other pages use: the feed links in every page's head."""

from django import template
from wagtail.models import Site

from blog.models import BlogCategory, site_blog_index
from healinghaven.sitecache import chrome_part

register = template.Library()

FEED_TYPES = {
    "rss": ("application/rss+xml", "RSS"),
    "atom": ("application/atom+xml", "Atom"),
}


def _blog_index(request):
    """The site's published blog, looked up once per request."""
    if request is None:
        return None
    if not hasattr(request, "_blog_index"):
        request._blog_index = chrome_part(
            request, "blog_index", lambda: site_blog_index(Site.find_for_request(request))
        )
    return request._blog_index


@register.inclusion_tag("blog/includes/feed_links.html", takes_context=True)
def blog_feed_links(context) -> dict:
    """<link rel="alternate"> for the blog's RSS and Atom feeds, plus the category's on a
    category page, so browsers and feed readers find them."""
    blog_index = _blog_index(context.get("request"))
    if blog_index is None:
        return {"feeds": []}
    category = context.get("category")
    page = context.get("page")
    on_category_page = isinstance(category, BlogCategory) and getattr(page, "pk", None) == (
        blog_index.pk
    )
    clinic = context.get("clinic")
    prefix = f"{clinic.name}: " if clinic is not None else ""
    feeds = []
    for link in blog_index.feed_links(category if on_category_page else None):
        mime_type, label = FEED_TYPES[link["type"]]
        feeds.append(
            {"title": f"{prefix}{link['title']} ({label})", "type": mime_type, "url": link["url"]}
        )
    return {"feeds": feeds}
