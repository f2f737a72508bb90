"""The blog's schema.org types: a post as BlogPosting, by a Person or the clinic."""

import datetime

from django.utils import timezone
from django.utils.text import Truncator

from healinghaven.seo import schema


def author(post_author, *, clinic, root_url: str) -> dict:
    """A named physiotherapist is a Person; no author, or the team, is the clinic."""
    if post_author is not None and post_author.role:
        return {"@type": "Person", "name": post_author.name, "jobTitle": post_author.role}
    return {
        "@type": "Organization",
        "name": post_author.name if post_author is not None else f"{clinic.name} team",
        "url": root_url.rstrip("/") + "/",
    }


def published_at(post) -> datetime.datetime | datetime.date:
    """The post's date, with the time it went live when that was on the same day."""
    first = post.first_published_at
    if first and timezone.localdate(first) == post.date:
        return first
    return post.date


def blog_posting(
    post,
    *,
    url: str,
    clinic,
    root_url: str,
    logo_url: str,
    image: dict | None,
    blog_url: str | None,
    review: dict | None = None,
) -> dict:
    """A post as BlogPosting. A clinical review belongs to the page, so with one the post's
    `mainEntityOfPage` is a WebPage carrying `reviewedBy` and `lastReviewed`."""
    published = schema.iso_datetime(published_at(post))
    modified = schema.iso_datetime(post.last_published_at) or published
    if modified and published and modified < published:
        modified = published
    return schema.drop_empty(
        {
            "@context": schema.SCHEMA,
            "@type": "BlogPosting",
            "@id": url + "#article",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url, **review} if review else url,
            "url": url,
            "headline": Truncator(post.title).chars(110, truncate="…"),
            "description": schema.plain_text(post.intro),
            "inLanguage": schema.LANGUAGE,
            "datePublished": published,
            "dateModified": modified,
            "image": schema.image_object(image),
            "author": author(post.author, clinic=clinic, root_url=root_url),
            "publisher": schema.publisher(clinic, root_url=root_url, logo_url=logo_url),
            "articleSection": [category.name for category in post.category_list],
            "timeRequired": f"PT{post.reading_minutes}M",
            "isPartOf": schema.drop_empty({"@type": "Blog", "@id": blog_url, "url": blog_url}),
        }
    )
