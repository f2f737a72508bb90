"""Retention: requests older than the setting are purged (by the worker), with a dry run."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings import actions
from bookings.models import ConsultationRequest, ConsultationRequestNote
from tests.bookings.test_admin import make_request


@pytest.fixture
def old_and_new(booking_site, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_request(booking_site, created_at=now - timedelta(days=31))
    ConsultationRequestNote.objects.create(request=old, text="Called back.")
    edge = make_request(booking_site, created_at=now - timedelta(days=29, hours=23))
    new = make_request(booking_site, created_at=now)
    return old, edge, new


def test_purge_deletes_only_requests_past_the_retention_period(old_and_new):
    old, edge, new = old_and_new

    result = actions.consultation_requests_purge()

    assert result.references == [old.reference]
    assert set(ConsultationRequest.objects.values_list("pk", flat=True)) == {edge.pk, new.pk}
    assert not ConsultationRequestNote.objects.exists()  # notes go with their request
    [entry] = ModelLogEntry.objects.filter(action=actions.ACTION_PURGE)
    assert entry.object_id == str(old.pk)
    assert entry.label == f"Request {old.reference}"  # the reference only
    assert entry.user is None


def test_dry_run_reports_and_deletes_nothing(old_and_new, capsys):
    old, _, _ = old_and_new

    call_command("purge_consultation_requests", "--dry-run")

    out = capsys.readouterr().out
    assert "Would delete 1 consultation request(s)" in out
    assert "(retention 30 days)" in out
    assert old.reference in out
    assert "Example Patient" not in out and "@" not in out  # references only
    assert ConsultationRequest.objects.count() == 3
    assert not ModelLogEntry.objects.filter(action=actions.ACTION_PURGE).exists()


def test_command_deletes_and_accepts_days(old_and_new, capsys):
    call_command("purge_consultation_requests", "--days", "400")
    assert "Deleted 0 consultation request(s)" in capsys.readouterr().out
    call_command("purge_consultation_requests")
    assert "Deleted 1 consultation request(s)" in capsys.readouterr().out
    assert ConsultationRequest.objects.count() == 2


def test_the_worker_purges_on_its_own(old_and_new, run_queue):
    run_queue(periodic=True)
    assert ConsultationRequest.objects.count() == 2
