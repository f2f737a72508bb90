"""The "Clinical reviews due" report: pages whose next clinical review date has passed."""

from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permissions import policy_registry

from healinghaven.editorial.review import overdue_review_pages


def user_can_see_reviews(user) -> bool:
    policy = policy_registry.get_by_type(Page)
    return policy.user_has_any_permission(user, ["add", "change", "publish"])


class OverdueReviewsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtailadmin/reports/overdue_reviews.html"
    page_title = "Clinical reviews due"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_see_reviews(request.user):
            from wagtail.admin.auth import permission_denied

            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        pages = sorted(overdue_review_pages(today), key=lambda page: (page.next_review, page.title))
        context["pages"] = [
            {"page": page, "days_overdue": (today - page.next_review).days} for page in pages
        ]
        context["today"] = today
        return context
