"""Jobs that `run_worker` runs every few minutes: nothing here needs a separate cron."""

import io
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils.module_loading import import_string

from bookings import actions, conf

logger = logging.getLogger(__name__)

LOCK_KEY = "bookings:periodic-jobs"


def run_periodic_jobs(*, lock_seconds: int | None = None) -> dict[str, object]:
    """Sweep unsent notifications, purge old requests, publish scheduled pages, and run
    the jobs other apps name in PERIODIC_APP_JOBS (their names and dotted paths).

    With `lock_seconds`, a worker that finds another one ran the jobs within that time
    (shared cache) skips them; while the shared cache does not answer, every worker runs
    them (each job is safe to run twice). Each job's failure is logged and does not stop
    the others.
    """
    taken = lock_seconds and not cache.add(LOCK_KEY, True, timeout=lock_seconds)
    if taken and getattr(cache, "available", True):
        return {}
    results: dict[str, object] = {}
    jobs = {
        "notification sweep": lambda: actions.consultation_notifications_sweep(
            grace_seconds=conf.get("CONSULTATION_NOTIFY_SWEEP_GRACE_SECONDS")
        ),
        "retention purge": lambda: len(actions.consultation_requests_purge().references),
        "rate-limit digests": actions.consultation_client_digests_erase,
        "publish_scheduled": lambda: call_command("publish_scheduled", stdout=io.StringIO()),
    } | {
        name: import_string(job) for name, job in getattr(settings, "PERIODIC_APP_JOBS", {}).items()
    }
    for name, job in jobs.items():
        try:
            results[name] = job()
        except Exception as exc:
            # The class only: a database error's text can quote the data.
            logger.error("Periodic job '%s' failed (%s)", name, type(exc).__name__)
            results[name] = exc
    return results
