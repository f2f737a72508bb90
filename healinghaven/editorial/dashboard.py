"""Dashboard panels for the clinic's editors: what changed, what goes live next, what is old.

Each panel shows only to staff who may edit pages (Front desk staff never see them).
"""

from datetime import timedelta

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision
from wagtail.permissions import policy_registry

from blog.models import BlogPage  # the dashboard sits above the apps: the blog never imports it

RECENT_LIMIT = 8
SCHEDULED_LIMIT = 10
STALE_LIMIT = 10
STALE_AFTER = timedelta(days=365)


def user_can_edit_pages(user) -> bool:
    policy = policy_registry.get_by_type(Page)
    return policy.user_has_any_permission(user, ["add", "change", "publish"])


class EditorPanel(Component):
    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return user_can_edit_pages(self.request.user)


class RecentlyEditedPagesPanel(EditorPanel):
    """The pages anyone changed last, with who and whether the change is live."""

    name = "recently_edited_pages"
    template_name = "wagtailadmin/home/recently_edited_pages.html"
    order = 240  # after the requests awaiting moderation, in place of "Your most recent edits"

    def get_context_data(self, parent_context):
        pages = (
            Page.objects.filter(latest_revision_created_at__isnull=False, depth__gt=1)
            .select_related("latest_revision__user")
            .order_by("-latest_revision_created_at", "-pk")[:RECENT_LIMIT]
        )
        return {"pages": list(pages)}


def scheduled_pages() -> list[tuple]:
    """Pages with a revision approved to go live later, soonest first: (when, page, who)."""
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        .select_related("user")
        .order_by("approved_go_live_at", "pk")[:SCHEDULED_LIMIT]
    )
    pages = Page.objects.in_bulk([int(revision.object_id) for revision in revisions])
    return [
        (revision.approved_go_live_at, pages[int(revision.object_id)], revision.user)
        for revision in revisions
        if int(revision.object_id) in pages
    ]


class ScheduledPagesPanel(EditorPanel):
    """Posts and pages scheduled to go live, soonest first."""

    name = "scheduled_pages"
    template_name = "wagtailadmin/home/scheduled_pages.html"
    order = 245

    def get_context_data(self, parent_context):
        return {"scheduled": scheduled_pages()}


def stale_pages(now=None):
    """Live pages (not blog posts, which carry their date) unchanged for a year, oldest first."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    return (
        Page.objects.live()
        .filter(depth__gt=1)
        .not_type(BlogPage)
        .annotate(updated_at=Coalesce(F("last_published_at"), F("first_published_at")))
        .filter(updated_at__lt=cutoff)
        .order_by("updated_at", "path")
    )


class StalePagesPanel(EditorPanel):
    """Pages nobody has updated in a year: check opening hours, prices and treatments."""

    name = "stale_pages"
    template_name = "wagtailadmin/home/stale_pages.html"
    order = 260

    def get_context_data(self, parent_context):
        pages = stale_pages()
        return {"pages": list(pages[:STALE_LIMIT]), "count": pages.count()}
