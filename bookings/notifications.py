"""Sending a request's emails: each once, retried with back-off until it goes.

Run by the task in tasks.py (which queues the retries); the sweep in actions.py queues
what a lost task left behind. Failures are described without personal data.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bookings import conf, emails
from bookings.records import ConsultationRequest

logger = logging.getLogger(__name__)

Delivery = ConsultationRequest.Delivery
UNSENT = [Delivery.PENDING, Delivery.FAILED]


def safe_error(exc: BaseException) -> str:
    """Describe a failure without personal data: the class and codes, never the message
    (SMTP errors quote the addresses)."""
    text = type(exc).__name__
    if isinstance(exc, smtplib.SMTPResponseException):
        text += f" {exc.smtp_code}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        text += " " + ",".join(str(code) for code in codes)
    elif isinstance(exc, OSError) and exc.errno:
        text += f" errno {exc.errno}"
    return text[:200]


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... up to the cap (6 hours by default)."""
    base = conf.get("CONSULTATION_NOTIFY_RETRY_BASE_SECONDS")
    cap = conf.get("CONSULTATION_NOTIFY_RETRY_MAX_SECONDS")
    return timedelta(seconds=min(cap, base * 2 ** max(0, min(attempts - 1, 30))))


def unsent() -> Q:
    return Q(staff_notification__in=UNSENT) | Q(patient_confirmation__in=UNSENT)


def unlocked(now: datetime) -> Q:
    return Q(notification_lock_until__isnull=True) | Q(notification_lock_until__lt=now)


def _claim(request_id: int, now: datetime) -> ConsultationRequest | None:
    """Take the request for this worker, if its emails are due and nobody else has it.

    The row lock (where the database has SKIP LOCKED) and the conditional update of the
    lease together make sure only one worker sends; the lease is released at the end, and
    expires by itself if a worker dies while sending.
    """
    lease_until = now + timedelta(seconds=conf.get("CONSULTATION_NOTIFY_LEASE_SECONDS"))
    with transaction.atomic():
        rows = ConsultationRequest.objects.filter(pk=request_id)
        if (
            connection.features.has_select_for_update_skip_locked
            and rows.select_for_update(skip_locked=True).only("pk").first() is None
        ):
            return None  # another worker holds the row
        claimed = rows.filter(unsent(), unlocked(now), next_notification_at__lte=now).update(
            notification_lock_until=lease_until
        )
    if not claimed:
        return None
    return ConsultationRequest.objects.get(pk=request_id)


@dataclass
class DeliveryResult:
    outcome: str  # "sent", "retry", "gave up" or "skipped"
    sent: list[str]
    failed: list[str]
    next_at: datetime | None = None  # when to try again (the task queues it)


def deliver(*, request_id: int) -> DeliveryResult:
    """Send each email of the request that is not sent yet; mark each sent at once.

    On failure, record the attempt and when to try again, with back-off: the task queues
    that retry (tasks.py).
    """
    now = timezone.now()
    consultation_request = _claim(request_id, now)
    if consultation_request is None:
        return DeliveryResult("skipped", [], [])

    rows = ConsultationRequest.objects.filter(pk=request_id)
    sent: list[str] = []
    failures: list[tuple[str, BaseException]] = []
    try:
        clinic = emails.clinic_settings()
        jobs = [
            ("staff", "staff_notification", "staff_notified_at", emails.staff_notification),
            (
                "patient",
                "patient_confirmation",
                "patient_confirmed_at",
                emails.patient_confirmation,
            ),
        ]
        for name, status_field, sent_at_field, build in jobs:
            if getattr(consultation_request, status_field) == Delivery.SENT:
                continue
            try:
                message = build(consultation_request=consultation_request, clinic=clinic)
                emails.send(message)
            except Exception as exc:
                failures.append((name, exc))
                rows.update(**{status_field: Delivery.FAILED})
                continue
            # Recorded at once, in its own statement: a later failure cannot undo it.
            rows.update(**{status_field: Delivery.SENT, sent_at_field: timezone.now()})
            sent.append(name)
    except Exception as exc:  # e.g. the clinic settings could not be read
        failures.append(("all", exc))

    attempts = consultation_request.notification_attempts + 1
    if not failures:
        rows.update(
            notification_attempts=attempts,
            next_notification_at=None,
            notification_error="",
            notification_lock_until=None,
        )
        logger.info(
            "Consultation request %s: emails sent (%s)",
            consultation_request.reference,
            ", ".join(sent) or "none left",
        )
        return DeliveryResult("sent", sent, [])

    error = "; ".join(f"{name}: {safe_error(exc)}" for name, exc in failures)[:200]
    max_attempts = conf.get("CONSULTATION_NOTIFY_MAX_ATTEMPTS")
    if max_attempts and attempts >= max_attempts:
        next_at = None
        outcome = "gave up"
    else:
        next_at = timezone.now() + retry_delay(attempts)
        outcome = "retry"
    rows.update(
        notification_attempts=attempts,
        next_notification_at=next_at,
        notification_error=error,
        notification_lock_until=None,
    )
    logger.warning(
        "Consultation request %s: email attempt %s failed (%s); %s",
        consultation_request.reference,
        attempts,
        error,
        f"next try at {next_at:%Y-%m-%d %H:%M:%S%z}" if next_at else "giving up",
    )
    return DeliveryResult(outcome, sent, [name for name, _ in failures], next_at)
