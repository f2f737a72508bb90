"""The staff inbox in the Wagtail admin: list, filters, search, detail, status, notes, export.

Only users with the model's view permission see requests; viewing a request, changing it
and exporting are written to Wagtail's audit log with who and when.
"""

import django_filters
from django import forms
from django.contrib.auth import get_permission_codename
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from services.models import ServicePage

from . import actions
from .forms import ConsultationRequestUpdateForm
from .models import ConsultationRequest

# Values a spreadsheet would run as a formula (CSV injection); prefixed with a quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SAFE_EXPORT_FIELDS = {"reference", "created_at", "phone", "status", "service_display"}


class CheckboxFilter(django_filters.BooleanFilter):
    """A yes-only filter: ticked narrows the list, unticked is no filter at all.

    BooleanFilter's own field (NullBooleanField) reads an unticked box as "False", which
    Wagtail then shows as an active filter on every visit to the inbox.
    """

    field_class = forms.BooleanField


class ConsultationRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ConsultationRequest.Status.choices,
        widget=forms.RadioSelect,
        empty_label="All",
    )
    service = django_filters.ModelChoiceFilter(
        queryset=ServicePage.objects.order_by("title"),
        empty_label="All services",
    )
    not_sure = CheckboxFilter(
        field_name="service_title",
        label="Not sure of the service",
        method="filter_not_sure",
        widget=forms.CheckboxInput,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )
    staff_notification = django_filters.ChoiceFilter(
        label="Staff email",
        choices=ConsultationRequest.Delivery.choices,
        widget=forms.RadioSelect,
        empty_label="All",
    )

    class Meta:
        model = ConsultationRequest
        fields = ["status", "service", "not_sure", "created_at", "staff_notification"]

    def filter_not_sure(self, queryset, name, value):
        return queryset.filter(service_title="") if value else queryset


class ConsultationRequestIndexView(generic.IndexView):
    any_permission_required = ["view"]

    def get_edit_url(self, instance):
        # A request opens in its detail view (which is audit-logged); the status form is
        # reached from there.
        return None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("service")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        actions.consultation_requests_log_export(
            consultation_requests=queryset,
            user=self.request.user,
            file_format=spreadsheet_format,
        )
        return response

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if (
            export_format == self.FORMAT_CSV
            and field not in SAFE_EXPORT_FIELDS
            and isinstance(value, str)
            and value.startswith(FORMULA_PREFIXES)
        ):
            return "'" + value
        return value


class ConsultationRequestInspectView(generic.InspectView):
    any_permission_required = ["view"]
    template_name = "bookings/admin/inspect.html"

    def get(self, request, *args, **kwargs):
        actions.consultation_request_log_view(consultation_request=self.object, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_phone_display_value(self):
        return self.object.phone_display

    def get_edit_url(self):
        if self.edit_url_name and self.user_has_permission("change"):
            return reverse(self.edit_url_name, args=[self.object.pk])
        return None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for button in buttons:
            if button.label == "Edit":
                button.label = "Change status or add a note"
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notes"] = self.object.notes.select_related("author")
        context["status_changes"] = self.object.status_changes.select_related("changed_by")
        context["update_form"] = (
            ConsultationRequestUpdateForm(instance=self.object)
            if self.user_has_permission("change")
            else None
        )
        context["update_url"] = self.get_edit_url()
        return context


class ConsultationRequestEditView(generic.EditView):
    """Change the status and/or add a note (the request itself is never edited)."""

    page_title = "Change status or add a note"
    submit_button_label = "Save"
    success_message = "%(object)s updated."

    def save_instance(self):
        return actions.consultation_request_update(
            consultation_request=self.object,
            user=self.request.user,
            status=self.form.cleaned_data["status"],
            note=self.form.cleaned_data["note"],
        )

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_success_buttons(self):
        return []


class ConsultationRequestViewSet(ModelViewSet):
    model = ConsultationRequest
    name = "consultation_requests"
    url_prefix = "consultation-requests"
    icon = "mail"
    menu_label = "Consultation requests"
    menu_order = 210
    add_to_admin_menu = True

    index_view_class = ConsultationRequestIndexView
    inspect_view_class = ConsultationRequestInspectView
    edit_view_class = ConsultationRequestEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = [
        "reference",
        DateColumn("created_at", label="Received", sort_key="created_at"),
        "full_name",
        "service_display",
        "status",
        "notifications_display",
    ]
    filterset_class = ConsultationRequestFilterSet
    search_fields = ["reference", "full_name", "email", "phone"]
    search_backend_name = None  # plain database search: requests are never indexed
    ordering = ["-created_at"]
    list_per_page = 50

    list_export = [
        "reference",
        "created_at",
        "status",
        "full_name",
        "email",
        "phone",
        "service_display",
        "contact_method",
        "preferred_times",
        "message",
        "consent",
    ]
    export_headings = {
        "created_at": "Received",
        "service_display": "Service",
        "contact_method": "Preferred contact",
        "preferred_times": "Preferred days and times",
    }
    export_filename = "consultation-requests"

    inspect_view_fields = [
        "reference",
        "created_at",
        "status",
        "full_name",
        "email",
        "phone",
        "service_display",
        "contact_method",
        "preferred_times",
        "message",
        "consent",
        "notifications_display",
        "notification_error",
    ]

    def get_form_class(self, for_update=False):
        return ConsultationRequestUpdateForm

    def get_common_view_kwargs(self, **kwargs):
        # Requests come from the website only: no "Add" in the admin.
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if getattr(pattern, "name", None) not in {"add"}
        ]

    def get_permissions_to_register(self):
        add = get_permission_codename("add", self.model_opts)
        return super().get_permissions_to_register().exclude(codename=add)


class NewRequestsPanel(Component):
    """Dashboard: the newest requests with status "new", for staff who may see them."""

    name = "new_consultation_requests"
    template_name = "bookings/admin/new_requests_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        policy = policy_registry.get_by_type(ConsultationRequest)
        return policy.user_has_permission(self.request.user, "view")

    def get_context_data(self, parent_context):
        new = ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW)
        return {
            "new_count": new.count(),
            "new_requests": list(new.order_by("-created_at")[:5]),
            "failed_count": ConsultationRequest.objects.filter(
                staff_notification=ConsultationRequest.Delivery.FAILED
            ).count(),
            "index_url": reverse("consultation_requests:index"),
            "inspect_url_name": "consultation_requests:inspect",
        }


consultation_request_viewset = ConsultationRequestViewSet()
