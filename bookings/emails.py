"""The two emails a request sends: the staff notification and the patient confirmation.

The staff email carries no personal or health information (Alberta's Health Information
Act): the reference, when it came in and a link to the request in the admin. The
confirmation never echoes the patient's message.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from bookings import conf
from bookings.records import ConsultationRequest
from healinghaven.models import ClinicSettings

MAILER = "default"


class NoRecipients(Exception):
    """Nobody to notify: the clinic settings and CONSULTATION_NOTIFY_EMAILS are empty."""


def one_line(text: str) -> str:
    """Collapse whitespace, line breaks included: safe for a header."""
    return " ".join(str(text).split())


def clinic_settings() -> ClinicSettings:
    return ClinicSettings.for_default_site()


def staff_recipients(clinic: ClinicSettings) -> list[str]:
    return clinic.recipient_list or list(conf.get("CONSULTATION_NOTIFY_EMAILS"))


def admin_url(consultation_request: ConsultationRequest) -> str:
    path = reverse("consultation_requests:inspect", args=[consultation_request.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _message(*, template: str, subject: str, to: list[str], context: dict, reply_to=None):
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=text,
        to=to,
        reply_to=reply_to or None,
    )
    message.attach_alternative(html, "text/html")
    return message


def staff_notification(
    *, consultation_request: ConsultationRequest, clinic: ClinicSettings
) -> EmailMultiAlternatives:
    recipients = staff_recipients(clinic)
    if not recipients:
        raise NoRecipients
    context = {
        "reference": consultation_request.reference,
        "received_at": consultation_request.created_at,
        "admin_url": admin_url(consultation_request),
        "clinic": clinic,
    }
    return _message(
        template="consultation_staff_notification",
        subject=f"New consultation request {consultation_request.reference}",
        to=recipients,
        context=context,
    )


def patient_confirmation(
    *, consultation_request: ConsultationRequest, clinic: ClinicSettings
) -> EmailMultiAlternatives:
    context = {
        "reference": consultation_request.reference,
        "received_at": consultation_request.created_at,
        "contact_method": consultation_request.contact_method,
        "clinic": clinic,
        "retention_days": conf.get("CONSULTATION_RETENTION_DAYS"),
    }
    return _message(
        template="consultation_patient_confirmation",
        subject=f"We have your consultation request {consultation_request.reference} – "
        f"{clinic.name}",
        to=[consultation_request.email],
        context=context,
        reply_to=[clinic.email] if clinic.email else None,
    )


def send(message: EmailMultiAlternatives) -> None:
    """Send through the configured mailer (MAILERS, with its timeout); raise on failure."""
    message.send(using=MAILER)
