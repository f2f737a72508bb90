"""The visits report under Reports, its stylesheet and the dashboard panel."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from visits.report import user_can_see_visits
from visits.views import VisitsPanel, VisitsReportView


@hooks.register("register_admin_urls")
def visits_report_url():
    return [path("reports/visits/", VisitsReportView.as_view(), name="visits_report")]


class VisitsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_see_visits(request.user)


@hooks.register("register_reports_menu_item")
def visits_menu_item():
    return VisitsMenuItem("Visits", reverse("visits_report"), name="visits", icon_name="view")


@hooks.register("insert_global_admin_css")
def visits_admin_css():
    # The report's charts and the dashboard panel: a stylesheet, no inline style.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-visits.css"))


@hooks.register("construct_homepage_panels")
def add_visits_panel(request, panels):
    panel = VisitsPanel(request)
    if panel.is_shown():
        panels.append(panel)
