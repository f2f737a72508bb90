"""Consultation requests: the page with the form, the requests themselves, staff notes."""

import logging
import secrets

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from healinghaven.forms import ClinicPageForm
from healinghaven.previews import PreviewSizesMixin
from healinghaven.querysets import ViewRestrictionsMixin

from . import conf, spam
from .phone import format_phone

logger = logging.getLogger(__name__)

SESSION_REFERENCE_KEY = "bookings_reference"

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Letters and digits that cannot be mistaken for each other on the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "HH-"
REFERENCE_LENGTH = 6


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


class ConsultationPage(ViewRestrictionsMixin, PreviewSizesMixin, RoutablePageMixin, Page):
    """The consultation request form, its thank-you page and the texts around them."""

    intro = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>Tell us what you would like help with and how to reach you. "
            "We will contact you to find a time that suits you.</p>"
        ),
        help_text="Shown above the form.",
    )
    what_happens_next = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<ol><li>A member of our team reads your request.</li>"
            "<li>We call or email you, as you prefer, to find a time for your first visit.</li>"
            "<li>At your first visit your physiotherapist asks about your health, assesses "
            "you and explains the treatment plan. Wear comfortable clothes.</li></ol>"
        ),
        help_text="Shown beside the form and on the thank-you page.",
    )
    thank_you_text = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>Thank you. We have your request and will contact you soon. "
            "We are also sending you a confirmation by email.</p>"
        ),
        help_text="Shown on the thank-you page, above the reference.",
    )
    privacy_notice = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>We ask for these details only to arrange your consultation. Only our clinic "
            "team can see them. They are not shared or used for marketing.</p>"
        ),
        help_text=(
            "Why we collect the details and who sees them. The retention period from the "
            "site's settings is added after it."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("what_happens_next"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "The form's fields are fixed. Services come from the published "
                        "service pages, plus 'Not sure'."
                    )
                ),
                FieldPanel("privacy_notice"),
            ],
            heading="Form",
        ),
        FieldPanel("thank_you_text"),
    ]

    base_form_class = ClinicPageForm
    parent_page_types = ["healinghaven.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @path("")
    def form_view(self, request: HttpRequest) -> HttpResponse:
        """Show the form (GET) or take a request (POST, then redirect to the thank-you)."""
        from .forms import ConsultationForm

        if request.method == "POST":
            return self._take_request(request)
        form = ConsultationForm()
        service = request.GET.get("service", "")
        if service and form.has_service(service):
            form.initial["service"] = service
        return self._render_form(request, form=form, token=spam.FormToken.new())

    @path("thank-you/", name="thank_you")
    def thank_you_view(self, request: HttpRequest) -> HttpResponse:
        reference = request.session.get(SESSION_REFERENCE_KEY)
        if not reference:
            return private_response(HttpResponseRedirect(self.get_url(request)))
        response = self.render(
            request,
            template="bookings/consultation_page_thank_you.html",
            context_overrides={
                "reference": reference,
                "breadcrumb_current": "Request sent",
            },
        )
        return private_response(response)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = conf.get("CONSULTATION_RETENTION_DAYS")
        return context

    def _take_request(self, request: HttpRequest) -> HttpResponse:
        from . import actions
        from .forms import ConsultationForm

        expired = False
        try:
            token = spam.read_form_token(request.POST.get(spam.TOKEN_FIELD, ""))
        except spam.TokenExpired:
            token, expired = None, True

        if token is not None:
            # A double click, a refresh or a resubmission: the same request, not a new one.
            existing = (
                ConsultationRequest.objects.filter(submission_token=token.value)
                .values_list("reference", flat=True)
                .first()
            )
            if existing:
                return self._redirect_to_thank_you(request, existing)

        refusal, status = None, 200
        if spam.rate_limited(request):
            refusal, status = spam.Refusal.RATE_LIMITED, 429
        elif spam.honeypot_filled(request.POST) or (token is None and not expired):
            refusal, status = spam.Refusal.REJECTED, 400
        elif expired:
            refusal = spam.Refusal.EXPIRED
        elif spam.filled_too_fast(token):
            refusal = spam.Refusal.TOO_FAST
        if refusal is not None:
            logger.info("Consultation form refused (%s)", refusal.value)
            # Keep what the patient typed, without judging it yet.
            form = ConsultationForm(initial=kept_input(request.POST))
            next_token = token if refusal is spam.Refusal.TOO_FAST else spam.FormToken.new()
            return self._render_form(
                request, form=form, token=next_token, refusal=refusal, status=status
            )

        form = ConsultationForm(request.POST)
        if not form.is_valid():
            return self._render_form(request, form=form, token=token)
        consultation_request, _ = actions.consultation_request_create(
            form_data=form.cleaned_data, submission_token=token.value
        )
        return self._redirect_to_thank_you(request, consultation_request.reference)

    def _render_form(self, request, *, form, token, refusal=None, status=200) -> HttpResponse:
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "form_token": token.sign(),
                "token_field": spam.TOKEN_FIELD,
                "honeypot_field": spam.HONEYPOT_FIELD,
                "refusal_message": spam.REFUSAL_MESSAGES[refusal] if refusal else "",
                "error_summary": error_summary(form) if form.is_bound else [],
            },
        )
        response.status_code = status
        return private_response(response)

    def _redirect_to_thank_you(self, request, reference: str) -> HttpResponse:
        request.session[SESSION_REFERENCE_KEY] = reference
        response = HttpResponseRedirect(self.get_url(request) + self.reverse_subpage("thank_you"))
        response.status_code = 303  # See Other: the browser GETs the thank-you page
        return private_response(response)


def private_response(response: HttpResponse) -> HttpResponse:
    """Never cached, by the browser or anything between: it holds personal data."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def kept_input(data) -> dict:
    """The patient's input to show again in a refused form (not the spam-check fields)."""
    fields = [
        "full_name",
        "email",
        "phone",
        "service",
        "contact_method",
        "preferred_times",
        "message",
        "consent",
    ]
    return {name: data.get(name, "")[:1000] for name in fields if name in data}


def error_summary(form) -> list[dict]:
    """The errors in field order, each with the id of the field to jump to."""
    items = [{"href": "", "message": error} for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        target = field.id_for_label or field.auto_id
        if getattr(field.field.widget, "input_type", None) == "radio":
            target = f"{field.auto_id}_0"
        items.extend({"href": f"#{target}", "message": error} for error in field.errors)
    return items


class ConsultationRequest(models.Model):
    """A patient's request for a consultation. Health-related personal data: see DESIGN.md."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        CLOSED = "closed", "Closed"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        EITHER = "either", "Either is fine"

    class Delivery(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    reference = models.CharField(max_length=12, unique=True, editable=False)
    # The hidden per-render token of the form: a resubmission finds this request again.
    submission_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("received", default=timezone.now, db_index=True)

    full_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=16, help_text="International form, e.g. +15877356272.")
    service = models.ForeignKey(
        "services.ServicePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_title = models.CharField(
        "service asked for", max_length=255, blank=True, help_text="Empty when 'Not sure'."
    )
    contact_method = models.CharField(
        "preferred contact", max_length=10, choices=ContactMethod.choices
    )
    preferred_times = models.CharField("preferred days and times", max_length=200, blank=True)
    message = models.TextField(max_length=1000, blank=True)
    consent = models.BooleanField("consented to be contacted", default=False)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    # Notifications: each email is sent once; failures are retried with back-off.
    staff_notification = models.CharField(
        max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    staff_notified_at = models.DateTimeField(null=True, blank=True)
    patient_confirmation = models.CharField(
        max_length=10, choices=Delivery.choices, default=Delivery.PENDING
    )
    patient_confirmed_at = models.DateTimeField(null=True, blank=True)
    notification_attempts = models.PositiveIntegerField(default=0)
    # When the next attempt is due; empty once everything is sent or retries are used up.
    next_notification_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The last failure, without personal data (e.g. "ConnectionRefusedError").
    notification_error = models.CharField(max_length=200, blank=True)
    # A worker sending this request's emails holds it until then.
    notification_lock_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "consultation request"
        verbose_name_plural = "consultation requests"

    def __str__(self) -> str:
        # Shown in the admin and the audit log: never personal data.
        return f"Request {self.reference}"

    @property
    def service_display(self) -> str:
        return self.service_title or "Not sure"

    service_display.fget.short_description = "Service"  # type: ignore[attr-defined]

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)

    phone_display.fget.short_description = "Phone"  # type: ignore[attr-defined]

    @property
    def notifications_display(self) -> str:
        text = (
            f"Staff: {self.get_staff_notification_display().lower()}, "
            f"patient: {self.get_patient_confirmation_display().lower()}"
        )
        if self.has_unsent_notifications:
            if self.next_notification_at:
                when = timezone.localtime(self.next_notification_at)
                text += f" (next try {when:%Y-%m-%d %H:%M})"
            elif self.notification_attempts:
                text += f" (gave up after {self.notification_attempts} attempts)"
        return text

    notifications_display.fget.short_description = "Emails"  # type: ignore[attr-defined]

    @property
    def has_unsent_notifications(self) -> bool:
        return (
            self.staff_notification != self.Delivery.SENT
            or self.patient_confirmation != self.Delivery.SENT
        )


class ConsultationRequestNote(models.Model):
    """A staff note on a request."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "note"

    def __str__(self) -> str:
        return f"Note on {self.request}"


class ConsultationRequestStatusChange(models.Model):
    """Who changed a request's status, when, from what to what."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    old_status = models.CharField(max_length=10, choices=ConsultationRequest.Status.choices)
    new_status = models.CharField(max_length=10, choices=ConsultationRequest.Status.choices)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"{self.request}: {self.old_status} → {self.new_status}"
