"""What happens to a consultation request, as plain functions with keyword-only arguments.

Logs carry references and ids only: never a name, address, phone number or message.
"""

import logging
import smtplib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from . import conf, emails
from .models import (
    ConsultationRequest,
    ConsultationRequestNote,
    ConsultationRequestStatusChange,
    new_reference,
)

logger = logging.getLogger(__name__)

Delivery = ConsultationRequest.Delivery
UNSENT = [Delivery.PENDING, Delivery.FAILED]

# Audit log actions (registered in wagtail_hooks.py).
ACTION_VIEW = "bookings.request.view"
ACTION_STATUS = "bookings.request.status"
ACTION_NOTE = "bookings.request.note"
ACTION_EXPORT = "bookings.request.export"
ACTION_PURGE = "bookings.request.purge"


# Creating a request ---------------------------------------------------------------------


def consultation_request_create(
    *, form_data: Mapping[str, Any], submission_token: str
) -> tuple[ConsultationRequest, bool]:
    """Store a request and queue its emails once it is committed.

    Returns (request, created). A token that was already used returns the request it
    created (a double click, a refresh or a resubmission), and nothing new is stored.
    """
    service = form_data.get("service")
    for _ in range(5):
        try:
            with transaction.atomic():
                consultation_request = ConsultationRequest.objects.create(
                    reference=new_reference(),
                    submission_token=submission_token,
                    full_name=form_data["full_name"],
                    email=form_data["email"],
                    phone=form_data["phone"],
                    service=service,
                    service_title=service.title if service else "",
                    contact_method=form_data["contact_method"],
                    preferred_times=form_data.get("preferred_times", ""),
                    message=form_data.get("message", ""),
                    consent=bool(form_data["consent"]),
                    next_notification_at=timezone.now(),
                )
                transaction.on_commit(
                    lambda pk=consultation_request.pk: consultation_notifications_enqueue(
                        request_id=pk
                    )
                )
        except IntegrityError:
            existing = ConsultationRequest.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                logger.info("Consultation request %s submitted again", existing.reference)
                return existing, False
            continue  # the reference was taken: draw another
        logger.info(
            "Consultation request %s received (id %s)",
            consultation_request.reference,
            consultation_request.pk,
        )
        return consultation_request, True
    raise RuntimeError("Could not draw an unused consultation request reference.")


# Staff: status and notes ----------------------------------------------------------------


def consultation_request_update(
    *,
    consultation_request: ConsultationRequest,
    user: AbstractBaseUser,
    status: str,
    note: str = "",
) -> ConsultationRequest:
    """Change the status and/or add a note; each change is recorded with who and when."""
    log_uuid = uuid.uuid4()
    with transaction.atomic():
        locked = ConsultationRequest.objects.select_for_update().get(pk=consultation_request.pk)
        now = timezone.now()
        if status != locked.status:
            ConsultationRequestStatusChange.objects.create(
                request=locked,
                changed_by=user,
                changed_at=now,
                old_status=locked.status,
                new_status=status,
            )
            log(
                locked,
                ACTION_STATUS,
                user=user,
                uuid=log_uuid,
                data={"old": locked.status, "new": status},
                content_changed=True,
            )
            locked.status = status
            locked.status_changed_at = now
            locked.save(update_fields=["status", "status_changed_at"])
        note = note.strip()
        if note:
            created = ConsultationRequestNote.objects.create(
                request=locked, author=user, created_at=now, text=note
            )
            log(
                locked,
                ACTION_NOTE,
                user=user,
                uuid=log_uuid,
                data={"note_id": created.pk},
                content_changed=True,
            )
    return locked


def consultation_request_log_view(
    *, consultation_request: ConsultationRequest, user: AbstractBaseUser
) -> None:
    log(consultation_request, ACTION_VIEW, user=user)


def consultation_requests_log_export(
    *, consultation_requests: QuerySet, user: AbstractBaseUser, file_format: str
) -> int:
    """One audit log entry per exported request, written in bulk."""
    rows = list(consultation_requests.order_by().values_list("pk", "reference"))
    _log_in_bulk(rows, action=ACTION_EXPORT, data={"format": file_format}, user=user)
    return len(rows)


def _log_in_bulk(
    rows: list[tuple[int, str]],
    *,
    action: str,
    data: dict,
    user: AbstractBaseUser | None = None,
    deleted: bool = False,
) -> None:
    """Audit log entries for many requests at once, (pk, reference) each: no personal data."""
    content_type = ContentType.objects.get_for_model(ConsultationRequest)
    now = timezone.now()
    log_uuid = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                object_id=str(pk),
                label=f"Request {reference}",
                action=action,
                data=data,
                timestamp=now,
                uuid=log_uuid,
                user=user,
                deleted=deleted,
            )
            for pk, reference in rows
        ],
        batch_size=500,
    )


# Notifications --------------------------------------------------------------------------


def consultation_notifications_enqueue(*, request_id: int, run_after: datetime | None = None):
    """Queue the task that sends a request's emails. Never raises: the sweep is the net."""
    from .tasks import send_consultation_notifications

    task = send_consultation_notifications
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return None  # the sweep will queue it when it is due
            task = task.using(run_after=run_after)
        return task.enqueue(request_id=request_id)
    except Exception as exc:
        logger.warning(
            "Could not queue the emails of consultation request id %s (%s); "
            "the sweep will queue them",
            request_id,
            safe_error(exc),
        )
        return None


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


def _unsent() -> Q:
    return Q(staff_notification__in=UNSENT) | Q(patient_confirmation__in=UNSENT)


def _unlocked(now: datetime) -> Q:
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
        claimed = rows.filter(_unsent(), _unlocked(now), next_notification_at__lte=now).update(
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


def consultation_notifications_deliver(*, request_id: int) -> DeliveryResult:
    """Send each email of the request that is not sent yet; mark each sent at once.

    On failure, record the attempt and queue a retry with back-off. Run by the task.
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
    if next_at is not None:
        consultation_notifications_enqueue(request_id=request_id, run_after=next_at)
    return DeliveryResult(outcome, sent, [name for name, _ in failures])


def consultation_notifications_sweep(*, grace_seconds: int = 60) -> int:
    """Queue the emails of every request whose attempt is overdue (a lost or failed task).

    Overdue means due more than `grace_seconds` ago, so a task that is about to run is
    not doubled. A doubled task is harmless anyway: it finds nothing due and stops.
    """
    now = timezone.now()
    due_ids = list(
        ConsultationRequest.objects.filter(
            _unsent(),
            _unlocked(now),
            next_notification_at__lte=now - timedelta(seconds=grace_seconds),
        ).values_list("pk", flat=True)
    )
    for request_id in due_ids:
        consultation_notifications_enqueue(request_id=request_id)
    if due_ids:
        logger.info("Notification sweep queued %s consultation request(s)", len(due_ids))
    return len(due_ids)


# Retention ------------------------------------------------------------------------------


@dataclass
class PurgeResult:
    cutoff: datetime
    references: list[str]
    dry_run: bool


def consultation_requests_purge(
    *, retention_days: int | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete requests received more than `retention_days` ago (the setting by default).

    Each deletion leaves an audit log entry with the reference only.
    """
    days = conf.get("CONSULTATION_RETENTION_DAYS") if retention_days is None else retention_days
    cutoff = timezone.now() - timedelta(days=days)
    old = ConsultationRequest.objects.filter(created_at__lt=cutoff).order_by("created_at")
    rows = list(old.values_list("pk", "reference"))
    references = [reference for _, reference in rows]
    if dry_run or not rows:
        return PurgeResult(cutoff, references, dry_run)

    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        with transaction.atomic():
            _log_in_bulk(batch, action=ACTION_PURGE, data={"retention_days": days}, deleted=True)
            ConsultationRequest.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
    logger.info("Purged %s consultation request(s) received before %s", len(rows), cutoff.date())
    return PurgeResult(cutoff, references, dry_run)
