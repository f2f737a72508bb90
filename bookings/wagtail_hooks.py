"""The consultation requests inbox in the admin, its dashboard panel and audit log actions."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from bookings import actions
from bookings.blocks import RetentionPeriodBlock
from bookings.records import ConsultationRequest
from bookings.viewsets import NewRequestsPanel, consultation_request_viewset


@hooks.register("register_admin_viewset")
def register_consultation_request_viewset():
    return consultation_request_viewset


@hooks.register("insert_global_admin_css")
def requests_admin_css():
    # The request list and screen (templates/bookings/admin/): a stylesheet, no inline style.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-requests.css"))


@hooks.register("construct_homepage_panels")
def add_new_requests_panel(request, panels):
    panel = NewRequestsPanel(request)
    if panel.is_shown():
        panels.append(panel)


@hooks.register("register_log_actions")
def register_consultation_log_actions(registry):
    statuses = dict(ConsultationRequest.Status.choices)

    registry.register_action(actions.ACTION_VIEW, "View consultation request", "Viewed")
    registry.register_action(actions.ACTION_NOTE, "Add note", "Note added")
    registry.register_action(actions.ACTION_EXPORT, "Export consultation requests", "Exported")
    registry.register_action(
        actions.ACTION_PURGE, "Purge consultation request", "Deleted after the retention period"
    )

    @registry.register_action(actions.ACTION_STATUS)
    class StatusChangeFormatter(LogFormatter):
        label = "Change status"

        def format_message(self, log_entry):
            old = statuses.get(log_entry.data.get("old"), log_entry.data.get("old"))
            new = statuses.get(log_entry.data.get("new"), log_entry.data.get("new"))
            return f"Status changed from {old} to {new}"


@hooks.register("standard_page_blocks")
def lend_retention_period_block():
    """The privacy policy says how long requests are kept (healinghaven.blocks.PageBodyBlock)."""
    return [("retention_period", RetentionPeriodBlock())]
