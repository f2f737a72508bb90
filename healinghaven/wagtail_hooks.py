"""The admin as the clinic's staff use it: content checks, dashboard, review before publishing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from healinghaven.editorial import advertising, guide
from healinghaven.editorial.checklist import GoLiveChecklistPanel
from healinghaven.editorial.dashboard import (
    RecentlyEditedPagesPanel,
    ScheduledPagesPanel,
    StalePagesPanel,
)
from healinghaven.editorial.reports import OverdueReviewsView, user_can_see_reviews
from healinghaven.forms import images_without_alt_text, missing_alt_text_message
from healinghaven.models import SiteNotice

# Content checks ---------------------------------------------------------------------------

# Alt text that is a file name, has underscores, or only says "image of" or "photo".
ALT_TEXT_PATTERN = (
    r"\.(avif|gif|jpg|jpeg|png|svg|webp)$|_"
    r"|^\s*(an? )?(image|photo|picture|graphic|img) of\b"
    r"|^\s*(image|photo|picture|graphic|img|dsc|screenshot)[\s\d-]*$"
)

CUSTOM_CHECKS = [
    {**check, "options": {"pattern": ALT_TEXT_PATTERN}}
    if check["id"] == "check-image-alt-text"
    else check
    for check in ContentCheckerItem.axe_custom_checks
] + advertising.axe_custom_checks()


class ClinicContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker, run on what editors write: headings, alt text, links.

    Shown in the editor's "Checks" panel and in the userbar on the site, with messages in
    the words the editor guide uses. Only the page's main content is checked: the header
    and footer come from templates, not from editors.

    In the preview it also checks the wording of the title, summary and body against the
    College's advertising standard (`advertising.py`): a warning that explains the rule,
    not a block on publishing.
    """

    axe_include = ["main"]

    axe_run_only = [
        # Headings: no empty headings, no skipped levels, no bold paragraphs as headings.
        "empty-heading",
        "heading-order",
        "p-as-heading",
        # Alt text: every image has it, and it describes the image.
        "image-alt",
        "image-redundant-alt",
        "alt-text-quality",
        # Link and button text.
        "link-name",
        "button-name",
        "input-button-name",
        # Tables and embedded frames.
        "empty-table-header",
        "frame-title",
        # Search engines and link previews.
        "empty-meta-description",
        # The profession's advertising rules.
        *(rule.axe_rule_id for rule in advertising.RULES),
    ]

    axe_custom_rules = [*ContentCheckerItem.axe_custom_rules, *advertising.axe_custom_rules()]
    axe_custom_checks = CUSTOM_CHECKS

    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "empty-heading": {
            "error_name": "Empty heading",
            "help_text": "Write the heading's text, or remove the heading block",
        },
        "heading-order": {
            "error_name": "A heading level is skipped",
            "help_text": "Start sections with an H2 heading and use H3 only inside them",
        },
        "p-as-heading": {
            "error_name": "Bold text used as a heading",
            "help_text": "Use a Heading block instead, so screen readers can find the section",
        },
        "image-alt": {
            "error_name": "An image has no alt text",
            "help_text": "Describe what the image shows, or mark it as decorative",
        },
        "image-redundant-alt": {
            "error_name": "Alt text repeats the text beside it",
            "help_text": "Describe what the image shows instead of repeating the caption",
        },
        "alt-text-quality": {
            "error_name": "Alt text looks like a file name",
            "help_text": "Describe in a sentence what the image shows; leave out 'image of'",
        },
        "link-name": {
            "error_name": "A link has no text",
            "help_text": "Use words that say where the link goes, such as 'Request a consultation'",
        },
        "empty-meta-description": {
            "error_name": "The search description is empty",
            "help_text": "Write one or two sentences under Promote > Search description",
        },
        **advertising.axe_messages(),
    }


@hooks.register("construct_wagtail_userbar")
def use_clinic_content_checker(request, items, page):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, ClinicContentChecker):
            items[index] = ClinicContentChecker(in_editor=item.in_editor)


# Site notices and the clinical review report -----------------------------------------------


class SiteNoticeViewSet(SnippetViewSet):
    model = SiteNotice
    icon = "warning"
    menu_label = "Site notices"
    list_display = ["title", "starts_at", "ends_at"]
    search_fields = ["title", "message"]
    ordering = ["-starts_at"]


register_snippet(SiteNoticeViewSet)


@hooks.register("register_admin_urls")
def overdue_reviews_url():
    return [path("reports/clinical-reviews/", OverdueReviewsView.as_view(), name="overdue_reviews")]


class OverdueReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_reviews(request.user)


@hooks.register("register_reports_menu_item")
def overdue_reviews_menu_item():
    return OverdueReviewsMenuItem(
        "Clinical reviews due",
        reverse("overdue_reviews"),
        name="clinical-reviews-due",
        icon_name="warning",
        order=50,
    )


# Dashboard --------------------------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    """The clinic's panels for editors, in place of Wagtail's "Your most recent edits"."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "recent_edits"]
    for panel_class in (RecentlyEditedPagesPanel, ScheduledPagesPanel, StalePagesPanel):
        panel = panel_class(request)
        if panel.is_shown():
            panels.append(panel)


# Review before publishing -----------------------------------------------------------------
# Wagtail lets anyone with the publish permission publish a page directly, even when a
# workflow applies to it. For this site, a workflow means review: where one applies (the
# "Post review" workflow, once assigned to the blog), only its reviewers and superusers
# publish directly; everyone else submits the page for review.


def user_can_publish_past_workflow(user, page) -> bool:
    """Whether `user` may publish `page` (or a new page below it) without review."""
    if user.is_superuser:
        return True
    workflow = page.get_workflow() if page is not None else None
    if workflow is None:
        return True
    return any(
        any(action == "approve" for action, _label, _modal in task.specific.get_actions(page, user))
        for task in workflow.tasks.filter(active=True)
    )


@hooks.register("construct_page_action_menu")
def offer_review_instead_of_publishing(menu_items, request, context):
    workflow_page = context.get("page")
    if context.get("view") == "create" or workflow_page is None or not workflow_page.pk:
        workflow_page = context.get("parent_page")
    if not user_can_publish_past_workflow(request.user, workflow_page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def submit_instead_of_publishing(request, workflow_page):
    """A "Publish" sent anyway (say, from an editor opened before review was switched on)
    submits the page for review instead: nothing the editor wrote is lost."""
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and not user_can_publish_past_workflow(request.user, workflow_page)
    ):
        data = request.POST.copy()
        del data["action-publish"]
        data["action-submit"] = "action-submit"
        request.POST = data
        messages.warning(
            request,
            "Posts here are reviewed before they go live, so “Publish” submits them for review.",
        )


@hooks.register("before_edit_page")
def check_publish_on_edit(request, page):
    submit_instead_of_publishing(request, page)


@hooks.register("before_create_page")
def check_publish_on_create(request, parent_page, page_class):
    submit_instead_of_publishing(request, parent_page)


@hooks.register("before_bulk_action")
def check_bulk_publishing(request, action_type, objects, action_class_instance):
    """Bulk "Publish" in the page list keeps the editor's rules: alt text, and review.

    If any chosen page (or, when asked, a draft below it) breaks one, nothing is published
    and the editor is told which page and why.
    """
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    pages = list(objects)
    if action_class_instance.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live().specific())
    problems = []
    for page in pages:
        if not user_can_publish_past_workflow(request.user, page):
            problems.append(
                f"“{page.get_admin_display_title()}”: posts here are reviewed before they go "
                "live, so open it and submit it for review."
            )
            continue
        latest = page.specific.get_latest_revision_as_object()
        problems.extend(
            f"“{page.get_admin_display_title()}”: {missing_alt_text_message(image)}"
            for image in images_without_alt_text(latest)
        )
    if not problems:
        return None
    messages.error(request, "Nothing was published. " + " ".join(problems))
    return redirect(action_class_instance.next_url)


# The clinic's own editor guide, in Help and on the dashboard; no "what's new in Wagtail"
# (its badge read as a count of new requests). --------------------------------------------


@hooks.register("register_admin_urls")
def register_editor_guide_urls():
    return [
        path("guide/", guide.editor_guide, name="clinic_editor_guide"),
        path("guide/img/<str:name>", guide.editor_guide_image, name="clinic_editor_guide_image"),
    ]


@hooks.register("construct_help_menu")
def clinic_help_menu(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if not item.name.startswith("whats-new-in-wagtail") and item.name != "editor-guide"
    ]
    menu_items.insert(
        0,
        MenuItem(
            "Editor guide",
            reverse("clinic_editor_guide"),
            name="clinic-editor-guide",
            icon_name="help",
            order=100,
        ),
    )


@hooks.register("construct_homepage_panels")
def add_go_live_checklist(request, panels):
    panel = GoLiveChecklistPanel(request)
    if panel.is_shown():
        panels.append(panel)
