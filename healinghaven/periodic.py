"""Jobs that `run_worker` runs every few minutes: nothing here needs a separate cron.

Site-wide, so it sits in the top layer and imports each app's jobs by name (pyproject.toml,
import-linter): bookings' sweep, purge and digests, and visits' fold and clean-up."""

import io
import logging

from django.core.cache import cache
from django.core.management import call_command

from bookings import actions, conf
from visits import counting

logger = logging.getLogger(__name__)

LOCK_KEY = "periodic-jobs"


def run_periodic_jobs(*, lock_seconds: int | None = None) -> dict[str, object]:
    """Sweep unsent notifications, purge old requests, publish scheduled pages, fold the
    visit counts into the daily totals and delete totals older than two years.

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
        "visit counts fold": counting.fold,
        "old visit totals": counting.delete_old_totals,
    }
    for name, job in jobs.items():
        try:
            results[name] = job()
        except Exception as exc:
            # The class only: a database error's text can quote the data.
            logger.error("Periodic job '%s' failed (%s)", name, type(exc).__name__)
            results[name] = exc
    return results
