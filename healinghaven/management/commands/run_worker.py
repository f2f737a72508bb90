"""The task worker for every environment: django-tasks-db's worker, kept alive.

- Runs the tasks of every queue in the configured database backend: ours (consultation
  emails) and Wagtail's (search and reference indexing, image focal points, ...).
- Comes back on its own after a database error (e.g. a PostgreSQL restart): logs the
  error class, waits with back-off (1 s doubling to 30 s), reconnects, carries on.
- Every few minutes runs the periodic jobs: the notification sweep, the retention purge
  and Wagtail's `publish_scheduled`.

`--batch` runs the periodic jobs once, works the queue until it is empty, then exits (after
five database errors in a row it gives up with the error).
"""

import contextlib
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import Error as DatabaseError
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_backend_name,
    valid_interval,
)

from bookings import conf
from healinghaven.periodic import run_periodic_jobs

logger = logging.getLogger("bookings.worker")

BATCH_MAX_RESTARTS = 5
RESTART_DELAY_MIN = 1.0
RESTART_DELAY_MAX = 30.0
# A worker that ran this long before failing starts its back-off again from the minimum.
HEALTHY_RUN_SECONDS = 60.0


def close_connections() -> None:
    """Drop this thread's database connections (broken ones included) to reconnect."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class Command(BaseCommand):
    help = (
        "Run the background task worker and the periodic jobs; survives database restarts. "
        "`make run` starts it beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when the queue is empty (default: 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the periodic jobs once, work the queue until it is empty, then exit.",
        )
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to work, comma-separated; '*' for all (default).",
        )
        parser.add_argument(
            "--backend",
            dest="backend_name",
            type=valid_backend_name,
            default="default",
            help="The TASKS backend to work (default: 'default').",
        )
        parser.add_argument(
            "--periodic-interval",
            type=float,
            default=None,
            help="Seconds between runs of the periodic jobs "
            "(default: the CONSULTATION_PERIODIC_SECONDS setting, 300).",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Do not run the periodic jobs in this worker.",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="Unique id of this worker (default: random).",
        )

    def handle(
        self,
        *,
        interval,
        batch,
        queue_name,
        backend_name,
        periodic_interval,
        periodic,
        worker_id,
        verbosity,
        **options,
    ):
        self.configure_logging(verbosity)
        self.worker_id = worker_id or get_random_string(32)
        self.worker = None
        self.worker_options = {
            "queue_names": queue_name.split(","),
            "interval": interval,
            "batch": batch,
            "backend_name": backend_name,
            "startup_delay": not batch,
            "max_tasks": None,
            "worker_id": self.worker_id,
            "excluded_queue_names": [],
        }
        if periodic_interval is None:
            periodic_interval = float(conf.get("CONSULTATION_PERIODIC_SECONDS"))

        if batch:
            if periodic:
                run_periodic_jobs()
            self.run_worker_until_done()
            return

        self.configure_signals()
        if periodic:
            self.start_periodic_thread(periodic_interval)
        logger.info("Task worker %s started (queues: %s)", self.worker_id, queue_name)
        self.run_worker_until_done()

    def configure_logging(self, verbosity: int) -> None:
        level = logging.WARNING if verbosity == 0 else logging.INFO
        for name in ("bookings", "django_tasks_db", "django.tasks", "django_tasks"):
            logging.getLogger(name).setLevel(level)
        if not logging.getLogger().hasHandlers():
            logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s %(message)s")

    def configure_signals(self) -> None:
        """Ctrl-C / SIGTERM: let a running task finish, then stop (twice: stop now)."""

        def shutdown(signum, frame):
            if self.worker is not None:
                self.worker.shutdown(signum, frame)  # exits unless a task is running
            else:
                raise SystemExit(0)

        signal.signal(signal.SIGINT, shutdown)
        signal.signal(signal.SIGTERM, shutdown)

    def run_worker_until_done(self) -> None:
        """Run django-tasks-db's worker; after a database error, reconnect and run it again."""
        delay = RESTART_DELAY_MIN
        failures = 0
        while True:
            started = time.monotonic()
            self.worker = Worker(**self.worker_options)
            try:
                self.worker.run()
                return
            except DatabaseError as exc:
                if time.monotonic() - started > HEALTHY_RUN_SECONDS:
                    delay, failures = RESTART_DELAY_MIN, 0
                failures += 1
                if self.worker_options["batch"] and failures > BATCH_MAX_RESTARTS:
                    raise
                # The class only: a database error's text can quote the data.
                logger.error(
                    "Task worker %s lost the database (%s); reconnecting in %.0f s",
                    self.worker_id,
                    type(exc).__name__,
                    delay,
                )
                close_connections()
                time.sleep(delay)
                delay = min(delay * 2, RESTART_DELAY_MAX)

    def start_periodic_thread(self, every: float) -> threading.Thread:
        def loop():
            while True:
                run_periodic_jobs(lock_seconds=max(1, int(every * 0.9)))
                close_connections()
                time.sleep(every)

        thread = threading.Thread(target=loop, name="periodic-jobs", daemon=True)
        thread.start()
        return thread
