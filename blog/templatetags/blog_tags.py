"""Template tags for the blog: the feed links in every page's head, a post's JSON-LD."""

from django import template
from django.utils.safestring import SafeString
from wagtail.models import Site

from blog import seo
from blog.models import BlogCategory, BlogIndexPage, BlogPage, site_blog_index
from healinghaven.images import CARD_RENDITIONS, attach_renditions
from healinghaven.seo import schema
from healinghaven.templatetags import seo_tags
from healinghaven.templatetags.site_tags import main_navigation

register = template.Library()

FEED_TYPES = {
    "rss": ("application/rss+xml", "RSS"),
    "atom": ("application/atom+xml", "Atom"),
}


def _blog_index(context):
    """The site's published blog: from the main menu, where it usually is, else looked up."""
    for page in main_navigation(context):
        if page.specific_class is BlogIndexPage:
            return page.specific_deferred  # its title and URL are all the feeds need
    request = context.get("request")
    return site_blog_index(Site.find_for_request(request)) if request else None


@register.inclusion_tag("blog/includes/feed_links.html", takes_context=True)
def blog_feed_links(context) -> dict:
    """<link rel="alternate"> for the blog's RSS and Atom feeds, plus the category's on a
    category page, so browsers and feed readers find them."""
    blog_index = _blog_index(context)
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


@register.simple_tag(takes_context=True)
def blog_posting_json_ld(context) -> SafeString:
    page = context["page"]
    request = context.get("request")
    base = seo_tags.root_url(request)
    parent = page.get_parent()
    return schema.json_ld(
        seo.blog_posting(
            page,
            url=page.get_full_url(request),
            clinic=context["clinic"],
            root_url=base,
            logo_url=seo_tags.logo_url(request),
            image=seo_tags.social_image(context),
            blog_url=parent.get_full_url(request) if parent else None,
            review=seo_tags.review(page, request),
        )
    )


@register.simple_tag
def latest_posts(count: int) -> list[BlogPage]:
    """The newest published, public posts, for the home page."""
    posts = list(BlogPage.objects.live().public().cards()[:count])
    attach_renditions([post.hero_image for post in posts], *CARD_RENDITIONS)
    return posts
