"""The worker outlives a real database failure: the connection dies under it, it reconnects.

Transactional (committed data, real connections), so kept apart from the other worker tests.
"""

import pytest
from django.core.management import call_command
from django.db import connection as db_connection
from django.db import connections
from django_tasks_db.management.commands import db_worker

from bookings.models import ConsultationRequest
from healinghaven.management.commands import run_worker

# Transactional: the live server / the worker's reconnection see committed data. Wagtail's
# root page and locale come from migrations: tests/database.py puts them back after it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def booking_site(committed_booking_site):
    return committed_booking_site


def test_real_database_errors_are_survived_by_reconnecting(submit, monkeypatch):
    """Without mocks: the worker's connection is killed under it (PostgreSQL) or closed."""
    submit()
    real_run = db_worker.Worker.run
    real_close_old_connections = db_worker.close_old_connections
    runs = []

    def run_after_losing_the_connection(worker):
        runs.append(worker)
        if len(runs) == 1:
            if db_connection.vendor == "postgresql":
                with db_connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pid = cursor.fetchone()[0]
                other = connections.create_connection("default")
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                other.close()
            else:
                db_connection.connection.close()  # the SQLite file handle goes away
        return real_run(worker)

    def close_old_connections():
        # The worker's health check at the top of its loop would quietly reconnect on the
        # first pass; skip it there, as if the database went away just after it.
        if len(runs) > 1:
            real_close_old_connections()

    monkeypatch.setattr(db_worker.Worker, "run", run_after_losing_the_connection)
    monkeypatch.setattr(db_worker, "close_old_connections", close_old_connections)
    monkeypatch.setattr(run_worker.time, "sleep", lambda seconds: None)

    call_command("run_worker", "--batch", "--no-periodic", "--verbosity", "0")

    assert len(runs) == 2
    assert ConsultationRequest.objects.get().staff_notification == "sent"
