"""The "Visits" report under Reports, and the dashboard's week of visits."""

from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from visits import report


class VisitsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/report.html"
    page_title = "Visits"
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not report.user_can_see_visits(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.request.GET.get("days", "")
        days = int(days) if days in {str(period) for period in report.PERIODS} else 30
        today = timezone.localdate()
        return context | {
            "days": days,
            "periods": report.PERIODS,
            "since": report.first_day(days, today),
            "today": today,
            "pages": report.pages(days=days, today=today, limit=100),
            "referrers": report.referrers(days=days, today=today),
            "requests": report.requests_by_page(days=days, today=today),
        }


class VisitsPanel(Component):
    name = "visits"
    template_name = "visits/panel.html"
    order = 150

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return report.user_can_see_visits(self.request.user)

    def get_context_data(self, parent_context):
        return report.week(timezone.localdate())
