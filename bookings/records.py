"""Consultation requests, their staff notes and status changes: the records themselves.

Health-related personal data: see DESIGN.md. Django finds these models through models.py;
this module imports nothing of the app but its settings and phone format.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.timesince import timesince

from bookings import conf
from bookings.phone import format_phone

# Letters and digits that cannot be mistaken for each other on the phone (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_PREFIX = "HH-"
REFERENCE_LENGTH = 6


def new_reference() -> str:
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


# Every time staff read, in the admin and in exports: the clinic's, in one format.
LOCAL_TIME_FORMAT = "Y-m-d H:i"


def local_time(value) -> str:
    return date_format(timezone.localtime(value), LOCAL_TIME_FORMAT) if value else ""


# Another request with the same email address or phone number this close in time is
# probably the same patient asking twice.
DUPLICATE_WINDOW = timedelta(days=7)


class ConsultationRequestQuerySet(models.QuerySet):
    def from_client(self, client_digest: str):
        """Requests this client had accepted within the rate limit's window."""
        _limit, window = conf.get("CONSULTATION_RATE_LIMIT")
        since = timezone.now() - timedelta(seconds=window)
        return self.filter(client_digest=client_digest, created_at__gte=since)

    def like(self, request) -> "ConsultationRequestQuerySet":
        """Other requests with the same email or phone, within a week either side."""
        return self.filter(
            models.Q(email__iexact=request.email) | models.Q(phone=request.phone),
            created_at__gte=request.created_at - DUPLICATE_WINDOW,
            created_at__lte=request.created_at + DUPLICATE_WINDOW,
        ).exclude(pk=request.pk)

    def with_flags(self, *, overdue_before):
        """Each with `possible_duplicate` and `overdue` (still new, received before the
        moment `overdue_before`: see replies.py), worked out in the same query."""
        like = ConsultationRequest.objects.filter(
            models.Q(email__iexact=models.OuterRef("email"))
            | models.Q(phone=models.OuterRef("phone")),
            created_at__gte=models.OuterRef("created_at") - DUPLICATE_WINDOW,
            created_at__lte=models.OuterRef("created_at") + DUPLICATE_WINDOW,
        ).exclude(pk=models.OuterRef("pk"))
        return self.annotate(
            possible_duplicate=models.Exists(like),
            overdue=models.Q(status=ConsultationRequest.Status.NEW)
            & models.Q(created_at__lt=overdue_before),
        )


class ConsultationRequest(models.Model):
    """A patient's request for a consultation. Health-related personal data: see DESIGN.md."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        BOOKED = "booked", "Booked"
        CLOSED = "closed", "Closed"
        DUPLICATE = "duplicate", "Closed as a duplicate"

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
    # Who sent it, for the rate limit only (spam.client_digest): erased after the window.
    client_digest = models.CharField(max_length=32, blank=True, editable=False, db_index=True)

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
    # The service, post or other page the patient was reading when they chose to ask (the
    # visits report counts requests per page); goes with the request.
    came_from = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="asked from the page",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "consultation request"
        verbose_name_plural = "consultation requests"

    def __str__(self) -> str:
        # Shown in the admin and the audit log: never personal data.
        return f"Request {self.reference}"

    @property
    def received_display(self) -> str:
        return local_time(self.created_at)

    received_display.fget.short_description = "Received"  # type: ignore[attr-defined]

    @property
    def waiting_display(self) -> str:
        """How long the request has waited: until now while it is new, else until staff
        first changed its status."""
        if self.status == self.Status.NEW or not self.status_changed_at:
            return f"waiting {timesince(self.created_at, depth=1)}"
        return f"answered after {timesince(self.created_at, self.status_changed_at, depth=1)}"

    waiting_display.fget.short_description = "Waited"  # type: ignore[attr-defined]

    @property
    def consent_display(self) -> str:
        return "Yes" if self.consent else "No"

    consent_display.fget.short_description = "Agreed to be contacted"  # type: ignore[attr-defined]

    @property
    def next_statuses(self) -> list[str]:
        """The statuses staff may move it to, the likeliest next first."""
        return NEXT_STATUSES[self.status]

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


Status = ConsultationRequest.Status
NEXT_STATUSES = {
    Status.NEW: [Status.CONTACTED, Status.BOOKED, Status.CLOSED, Status.DUPLICATE],
    Status.CONTACTED: [Status.BOOKED, Status.CLOSED, Status.DUPLICATE, Status.NEW],
    Status.BOOKED: [Status.CLOSED, Status.CONTACTED],
    Status.CLOSED: [Status.NEW],
    Status.DUPLICATE: [Status.NEW],
}


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
