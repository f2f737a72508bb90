"""Background tasks, run by the django-tasks-db worker (`manage.py run_worker`)."""

import logging
from datetime import datetime

from django.tasks import task

from bookings import notifications

logger = logging.getLogger(__name__)


@task()
def send_consultation_notifications(request_id: int) -> str:
    """Send a request's staff notification and patient confirmation; retry on failure."""
    result = notifications.deliver(request_id=request_id)
    if result.next_at is not None:
        consultation_notifications_enqueue(request_id=request_id, run_after=result.next_at)
    return result.outcome


def consultation_notifications_enqueue(*, request_id: int, run_after: datetime | None = None):
    """Queue the task that sends a request's emails. Never raises: the sweep is the net."""
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
            notifications.safe_error(exc),
        )
        return None
