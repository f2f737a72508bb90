"""The consultation requests inbox in the admin, its dashboard panel and audit log actions."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import actions
from .models import ConsultationRequest
from .viewsets import NewRequestsPanel, consultation_request_viewset


@hooks.register("register_admin_viewset")
def register_consultation_request_viewset():
    return consultation_request_viewset


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
