"""What makes cached pages stale, and how every app server learns it at once.

Cached pages carry the *page version* they were rendered under: a token in the shared
cache. A change to anything a page shows sets a new token once committed, and a page of
another version is never served again, on any server. What counts as shown is derived,
not listed: publishing, unpublishing, moving or deleting a page, and saving or deleting
a row of any snippet, site setting, image or document model (with their inline rows),
a Site or a page's privacy.

When the shared cache does not answer, the change cannot be told to it: a task on the
database queue sets the new token as soon as it answers again, and a process that saw
the outage sets one itself when the cache comes back (`shared_cache_recovered`), before
it reads a page. So no page older than the last change is served after an outage.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.tasks import task
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.registry import registry as setting_models
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .backend import shared_cache_recovered

VERSION_KEY = "pages:version"
RETRY_AFTER = timedelta(seconds=30)


def current_version() -> str | None:
    """The page version, started if the cache has none; None while the cache is down."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump() -> bool:
    """A new page version: every cached page is stale. False when the cache did not take it."""
    token = str(time.time_ns())
    cache.set(VERSION_KEY, token, timeout=None)
    return cache.get(VERSION_KEY) == token


@task()
def bump_when_cache_answers() -> None:
    """Tell the shared cache of a change it missed, trying every RETRY_AFTER until it answers."""
    if not bump():
        bump_when_cache_answers.using(run_after=timezone.now() + RETRY_AFTER).enqueue()


def tell_cache() -> None:
    if not bump():
        bump_when_cache_answers.enqueue()


def pages_changed(**kwargs) -> None:
    """Now (this process never serves the old page) and again once committed (a page
    rendered while the change was being written is not kept)."""
    tell_cache()
    transaction.on_commit(tell_cache)


def shown_on_pages() -> set[type]:
    """Every model whose rows public pages show besides a page's own revision."""
    models = {
        *get_snippet_models(),
        *setting_models,
        get_image_model(),
        get_document_model(),
        Site,
        PageViewRestriction,
    }
    inline_rows = {
        relation.related_model
        for model in models
        for relation in model._meta.related_objects
        if isinstance(relation.remote_field, ParentalKey)
    }
    return models | inline_rows


def row_saved(sender, **kwargs) -> None:
    if sender in shown_on_pages():
        pages_changed()


def row_deleted(sender, **kwargs) -> None:
    if issubclass(sender, Page) or sender in shown_on_pages():
        pages_changed()


def cache_recovered(**kwargs) -> None:
    bump()


def connect() -> None:
    page_published.connect(pages_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(pages_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(pages_changed, dispatch_uid="page-cache-moved")
    post_save.connect(row_saved, dispatch_uid="page-cache-row-saved")
    post_delete.connect(row_deleted, dispatch_uid="page-cache-row-deleted")
    shared_cache_recovered.connect(cache_recovered, dispatch_uid="page-cache-recovered")
