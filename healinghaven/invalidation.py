"""What makes cached pages stale: every change a public page can show bumps the content
generation (healinghaven.sitecache) once committed, on every app server at once."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .sitecache import bump_generation_on_commit

# Models (app_label.ModelName) whose rows show on public pages outside a page's own
# revision: snippets, images, the clinic settings and their inlines, sites, privacy.
SHOWN_ON_PAGES = [
    "healinghaven.SiteImage",
    "healinghaven.ClinicSettings",
    "healinghaven.OpeningHours",
    "healinghaven.SocialLink",
    "healinghaven.SpecialOpeningHours",
    "healinghaven.SiteNotice",
    "services.FundingOption",
    "team.Practitioner",
    "team.RestrictedActivity",
    "services.Condition",
    "blog.BlogCategory",
    "blog.Author",
    "wagtailcore.Site",
    "wagtaildocs.Document",
    "wagtailcore.PageViewRestriction",
]


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_generation_on_commit()


def connect() -> None:
    page_published.connect(bump_generation_on_commit, dispatch_uid="pagecache-published")
    page_unpublished.connect(bump_generation_on_commit, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(bump_generation_on_commit, dispatch_uid="pagecache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache-page-deleted")
    for label in SHOWN_ON_PAGES:
        model = apps.get_model(label)
        post_save.connect(bump_generation_on_commit, sender=model, dispatch_uid=f"pc-s-{label}")
        post_delete.connect(bump_generation_on_commit, sender=model, dispatch_uid=f"pc-d-{label}")
