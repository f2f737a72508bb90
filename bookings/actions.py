"""What happens to a consultation request, as plain functions with keyword-only arguments.

Logs carry references and ids only: never a name, address, phone number or message.
"""

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page

from bookings import conf, notifications, tasks
from bookings.records import (
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
    *,
    form_data: Mapping[str, Any],
    submission_token: str,
    client_digest: str = "",
    came_from_id: int | None = None,
) -> tuple[ConsultationRequest, bool]:
    """Store a request and queue its emails once it is committed.

    Returns (request, created). A token that was already used returns the request it
    created (a double click, a refresh or a resubmission), and nothing new is stored.
    """
    service = form_data.get("service")
    # The page the form was opened from, unless it was deleted since.
    came_from = Page.objects.filter(pk=came_from_id).first() if came_from_id else None
    for _ in range(5):
        try:
            with transaction.atomic():
                consultation_request = ConsultationRequest.objects.create(
                    reference=new_reference(),
                    submission_token=submission_token,
                    client_digest=client_digest,
                    full_name=form_data["full_name"],
                    email=form_data["email"],
                    phone=form_data["phone"],
                    service=service,
                    service_title=service.title if service else "",
                    contact_method=form_data["contact_method"],
                    preferred_times=form_data.get("preferred_times", ""),
                    message=form_data.get("message", ""),
                    consent=bool(form_data["consent"]),
                    came_from=came_from,
                    next_notification_at=timezone.now(),
                )
                transaction.on_commit(
                    lambda pk=consultation_request.pk: tasks.consultation_notifications_enqueue(
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


def consultation_notifications_sweep(*, grace_seconds: int = 60) -> int:
    """Queue the emails of every request whose attempt is overdue (a lost or failed task).

    Overdue means due more than `grace_seconds` ago, so a task that is about to run is
    not doubled. A doubled task is harmless anyway: it finds nothing due and stops.
    """
    now = timezone.now()
    due_ids = list(
        ConsultationRequest.objects.filter(
            notifications.unsent(),
            notifications.unlocked(now),
            next_notification_at__lte=now - timedelta(seconds=grace_seconds),
        ).values_list("pk", flat=True)
    )
    for request_id in due_ids:
        tasks.consultation_notifications_enqueue(request_id=request_id)
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


def consultation_client_digests_erase() -> int:
    """Erase the rate limit's client digest from requests older than its window."""
    _limit, window = conf.get("CONSULTATION_RATE_LIMIT")
    since = timezone.now() - timedelta(seconds=window)
    return (
        ConsultationRequest.objects.filter(created_at__lt=since)
        .exclude(client_digest="")
        .update(client_digest="")
    )
