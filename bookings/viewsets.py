"""The staff inbox in the Wagtail admin: list, filters, search, detail, status, notes, export.

Only users with the model's view permission see requests; viewing a request, changing it
and exporting are written to Wagtail's audit log with who and when.
"""

import re

import django_filters
from django import forms
from django.contrib.auth import get_permission_codename
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from bookings import actions, replies
from bookings.forms import ConsultationRequestUpdateForm
from bookings.records import ConsultationRequest, local_time
from healinghaven.models import ClinicSettings
from services.models import ServicePage

# Text a spreadsheet would run as a formula (CSV injection), full-width forms included
# (some spreadsheets read them as the ASCII ones); such a value starts with a quote.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Control characters but tab and line feed (line breaks become line feeds): XLSX cannot
# hold them, nor can most programs.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FlagsColumn(Column):
    """Tags for what needs a look: waiting too long, a possible duplicate."""

    cell_template_name = "bookings/admin/flags_cell.html"

    def get_value(self, instance):
        return [
            label
            for flag, label in (
                ("overdue", "Waiting too long"),
                ("possible_duplicate", "Possible duplicate"),
            )
            if getattr(instance, flag, False)
        ]


class CheckboxFilter(django_filters.BooleanFilter):
    """A yes-only filter: ticked narrows the list, unticked is no filter at all.

    BooleanFilter's own field (NullBooleanField) reads an unticked box as "False", which
    Wagtail then shows as an active filter on every visit to the inbox.
    """

    field_class = forms.BooleanField


class DateFields(django_filters.widgets.DateRangeWidget):
    """Two of the browser's own date fields, "from" and "to", with Django's own template."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        for widget, label in zip(self.widgets, ("From", "To"), strict=True):
            widget.attrs["aria-label"] = label


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
    # The browser's own date fields: Wagtail's date picker writes an inline script, which
    # this screen's strict policy (healinghaven/staff/csp.py) does not run.
    created_at = django_filters.DateFromToRangeFilter(
        label="Received (Edmonton dates)",
        widget=DateFields(attrs={"type": "date"}),
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


def sanitised(value):
    """A value as a spreadsheet may hold it: no control characters (a patient can type any;
    XLSX refuses most), and text a spreadsheet would run as a formula starts with a quote."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class ConsultationRequestIndexView(generic.IndexView):
    any_permission_required = ["view"]

    def get_edit_url(self, instance):
        # A request opens in its screen (which is audit-logged), from its reference.
        return reverse(self.inspect_url_name, args=[instance.pk])

    def get_base_queryset(self):
        cutoff = replies.overdue_cutoff(ClinicSettings.for_default_site())
        return (
            super().get_base_queryset().select_related("service").with_flags(overdue_before=cutoff)
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        actions.consultation_requests_log_export(
            consultation_requests=queryset,
            user=self.request.user,
            file_format=spreadsheet_format,
        )
        return response

    def preprocess_field_value(self, field, value, export_format):
        return sanitised(super().preprocess_field_value(field, value, export_format))


class ConsultationRequestInspectView(generic.InspectView):
    """The screen a receptionist works from: the request in plain words, the patient's
    phone and email to tap, the status as buttons, notes beside the history."""

    any_permission_required = ["view"]
    template_name = "bookings/admin/inspect.html"

    def get(self, request, *args, **kwargs):
        actions.consultation_request_log_view(consultation_request=self.object, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.object)

    def get_page_subtitle(self):
        return ""

    def get_edit_url(self):
        if self.edit_url_name and self.user_has_permission("change"):
            return reverse(self.edit_url_name, args=[self.object.pk])
        return None

    @cached_property
    def header_more_buttons(self):
        # The status buttons and the note form are on the screen itself.
        return [button for button in super().header_more_buttons if button.label != "Edit"]

    def get_fields(self):
        return []

    def rows(self) -> list[dict]:
        """What the request says, in the words staff use; empty rows left out."""
        request = self.object
        rows = [
            ("Received", f"{request.received_display} ({request.waiting_display})", ""),
            ("Status", request.get_status_display(), ""),
            ("Name", request.full_name, ""),
            ("Phone", request.phone_display, f"tel:{request.phone}"),
            ("Email", request.email, f"mailto:{request.email}"),
            ("Prefers", request.get_contact_method_display(), ""),
            ("Days and times", request.preferred_times, ""),
            ("Service", request.service_display, ""),
            ("Asked from the page", request.came_from.title if request.came_from else "", ""),
            ("Message", request.message, ""),
            ("Agreed to be contacted", request.consent_display, ""),
            ("Emails", request.notifications_display, ""),
            ("Email problem", request.notification_error, ""),
        ]
        return [
            {"label": label, "value": value, "href": href} for label, value, href in rows if value
        ]

    def history(self) -> list[dict]:
        """Notes and status changes, newest first, ending with the request's arrival."""
        request = self.object
        entries = [
            {"at": note.created_at, "who": note.author, "note": note.text}
            for note in request.notes.select_related("author")
        ] + [
            {
                "at": change.changed_at,
                "who": change.changed_by,
                "change": f"{change.get_old_status_display()} → {change.get_new_status_display()}",
            }
            for change in request.status_changes.select_related("changed_by")
        ]
        entries.sort(key=lambda entry: entry["at"], reverse=True)
        entries.append({"at": request.created_at, "who": None, "change": "Received"})
        for entry in entries:
            entry["when"] = local_time(entry["at"])
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        clinic = ClinicSettings.for_default_site()
        due = replies.reply_due(request, clinic)
        context.update(
            rows=self.rows(),
            history=self.history(),
            duplicates=list(ConsultationRequest.objects.like(request).order_by("-created_at")),
            reply_due=local_time(due),
            overdue=request.status == ConsultationRequest.Status.NEW and timezone.now() > due,
            reply_promise=clinic.reply_promise,
            update_url=self.get_edit_url(),
            next_statuses=[
                (value, ConsultationRequest.Status(value).label) for value in request.next_statuses
            ],
            inspect_url_name="consultation_requests:inspect",
        )
        return context


class ConsultationRequestEditView(generic.EditView):
    """Change the status and/or add a note (the request itself is never edited).

    The request screen's status buttons and note form post here; this page itself is
    seen only when a note is refused (too long, say), with the error beside it."""

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


class RequestsMenuItem(MenuItem):
    """ "Requests", with the number of new ones (and of those waiting too long) beside it."""

    def render_component(self, request):
        counts = replies.waiting()
        label = self.label
        if counts["new"]:
            label += f" ({counts['new']} new"
            label += f", {counts['overdue']} late)" if counts["overdue"] else ")"
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


class ConsultationRequestViewSet(ModelViewSet):
    model = ConsultationRequest
    name = "consultation_requests"
    url_prefix = "consultation-requests"
    icon = "mail"
    menu_label = "Requests"
    menu_order = 210
    add_to_admin_menu = True
    menu_item_class = RequestsMenuItem

    index_view_class = ConsultationRequestIndexView
    inspect_view_class = ConsultationRequestInspectView
    edit_view_class = ConsultationRequestEditView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    list_display = [
        TitleColumn(
            "reference",
            label="Request",
            url_name="consultation_requests:inspect",
            classname="request-list__nowrap",
        ),
        Column(
            "received_display",
            label="Received",
            sort_key="created_at",
            classname="request-list__nowrap",
        ),
        Column("waiting_display", label="Waited"),
        Column("full_name", label="Name"),
        Column("service_display", label="Service"),
        Column("get_contact_method_display", label="Prefers"),
        Column("preferred_times", label="Days and times"),
        Column("get_status_display", label="Status"),
        FlagsColumn("flags", label="Needs a look"),
        Column("notifications_display", label="Emails"),
    ]
    filterset_class = ConsultationRequestFilterSet
    search_fields = ["reference", "full_name", "email", "phone"]
    search_backend_name = None  # plain database search: requests are never indexed
    ordering = ["-created_at"]
    list_per_page = 50

    list_export = [
        "reference",
        "received_display",
        "get_status_display",
        "full_name",
        "email",
        "phone_display",
        "service_display",
        "get_contact_method_display",
        "preferred_times",
        "message",
        "consent_display",
    ]
    export_headings = {
        "reference": "Reference",
        "received_display": "Received (Edmonton time)",
        "get_status_display": "Status",
        "full_name": "Name",
        "email": "Email",
        "phone_display": "Phone",
        "service_display": "Service",
        "get_contact_method_display": "Preferred contact",
        "preferred_times": "Preferred days and times",
        "message": "Message",
        "consent_display": "Agreed to be contacted",
    }
    export_filename = "consultation-requests"

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
        clinic = ClinicSettings.for_default_site()
        new = ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW)
        cutoff = replies.overdue_cutoff(clinic)
        return {
            "new_count": new.count(),
            "overdue_count": new.filter(created_at__lt=cutoff).count(),
            "reply_promise": clinic.reply_promise,
            "new_requests": list(
                new.select_related("service")
                .with_flags(overdue_before=cutoff)
                .order_by("-created_at")[:5]
            ),
            "failed_count": ConsultationRequest.objects.filter(
                staff_notification=ConsultationRequest.Delivery.FAILED
            ).count(),
            "index_url": reverse("consultation_requests:index"),
            "inspect_url_name": "consultation_requests:inspect",
        }


consultation_request_viewset = ConsultationRequestViewSet()
