"""One task backend and one worker for Wagtail's tasks and ours; the worker outlives the DB."""

import logging

import django_tasks
import pytest
from django.db import OperationalError
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from bookings.models import ConsultationRequest
from bookings.tasks import send_consultation_notifications
from healinghaven.management.commands import run_worker
from tests.bookings.helpers import staff_emails

OUR_TASK = "bookings.tasks.send_consultation_notifications"
WAGTAIL_TASK = "wagtail.tasks.update_reference_index_task"


def test_django_and_the_wagtail_backport_read_the_same_database_backend(settings):
    assert settings.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ours = send_consultation_notifications.get_backend()
    from wagtail.tasks import update_reference_index_task

    wagtails = update_reference_index_task.get_backend()
    assert isinstance(ours, DatabaseBackend)
    assert isinstance(wagtails, DatabaseBackend)
    assert isinstance(django_tasks.task_backends["default"], DatabaseBackend)
    assert ours.alias == wagtails.alias == "default"
    assert task_backends["default"] is ours


def test_wagtail_tasks_and_ours_go_through_one_queue_and_one_worker(
    booking_site, submit, run_queue, django_capture_on_commit_callbacks
):
    # Wagtail queues a reference-index update when a page is saved; we queue our emails.
    with django_capture_on_commit_callbacks(execute=True):
        booking_site.home.save_revision().publish()
    submit()

    queued = DBTaskResult.objects.filter(status="READY")
    paths = set(queued.values_list("task_path", flat=True))
    assert {OUR_TASK, WAGTAIL_TASK} <= paths
    assert set(queued.values_list("backend_name", flat=True)) == {"default"}

    run_queue()

    done = DBTaskResult.objects.filter(task_path__in=[OUR_TASK, WAGTAIL_TASK])
    assert set(done.values_list("status", flat=True)) == {"SUCCESSFUL"}
    worker_ids = {
        worker_id for ids in done.values_list("worker_ids", flat=True) for worker_id in ids
    }
    assert len(worker_ids) == 1  # the same worker ran both
    assert len(staff_emails()) == 1


class FlakyDatabase:
    """Makes the worker's first `failures` queue reads fail as if PostgreSQL restarted."""

    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    def install(self, monkeypatch):
        real_get_locked = DBTaskResult.objects.none().__class__.get_locked

        def get_locked(queryset):
            self.calls += 1
            if self.calls <= self.failures:
                raise OperationalError(
                    "terminating connection due to administrator command "
                    "(row for patient@example.com)"
                )
            return real_get_locked(queryset)

        monkeypatch.setattr(DBTaskResult.objects.none().__class__, "get_locked", get_locked)


def test_worker_comes_back_by_itself_after_a_database_error(submit, run_queue, monkeypatch, caplog):
    submit()
    sleeps = []
    monkeypatch.setattr(run_worker.time, "sleep", sleeps.append)
    closed = []
    monkeypatch.setattr(run_worker, "close_connections", lambda: closed.append(True))
    FlakyDatabase(failures=3).install(monkeypatch)

    with caplog.at_level(logging.ERROR, logger="bookings.worker"):
        run_queue()

    assert sleeps == [1.0, 2.0, 4.0]  # back-off between reconnections
    assert len(closed) == 3
    assert ConsultationRequest.objects.get().staff_notification == "sent"
    assert len(staff_emails()) == 1
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 3
    assert "lost the database (OperationalError)" in messages[0]
    assert not any("patient@example" in message for message in messages)  # never the error's text


def test_batch_worker_gives_up_after_repeated_database_errors(db, run_queue, monkeypatch):
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(run_worker, "close_connections", lambda: None)
    FlakyDatabase(failures=100).install(monkeypatch)

    with pytest.raises(OperationalError):
        run_queue()


def test_batch_mode_runs_the_periodic_jobs(db, run_queue, monkeypatch):
    ran = []
    monkeypatch.setattr(
        "bookings.actions.consultation_notifications_sweep", lambda **kw: ran.append("sweep") or 0
    )
    monkeypatch.setattr("healinghaven.periodic.call_command", lambda name, **kw: ran.append(name))
    run_queue(periodic=True)
    assert ran == ["sweep", "publish_scheduled"]


def test_a_failing_periodic_job_does_not_stop_the_others(db, monkeypatch, caplog):
    from healinghaven import periodic

    def broken(**kwargs):
        raise OperationalError("secret detail about patient@example.com")

    monkeypatch.setattr("bookings.actions.consultation_notifications_sweep", broken)
    monkeypatch.setattr("healinghaven.periodic.call_command", lambda name, **kw: "published")
    with caplog.at_level(logging.ERROR):
        results = periodic.run_periodic_jobs()

    assert isinstance(results["notification sweep"], OperationalError)
    assert results["retention purge"] == 0
    assert results["publish_scheduled"] == "published"
    assert "patient@example" not in caplog.text
