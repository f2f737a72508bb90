"""How soon the clinic replies: when a request's reply is due, and which are past it.

The clinic promises a reply within some business days (the clinic settings), counted on
the days it is open (its weekly and special hours). A request still "new" past its
deadline is waiting too long: marked in the list, counted on the dashboard and in the
menu.
"""

from datetime import datetime

from django.utils import timezone

from bookings.records import ConsultationRequest
from healinghaven.hours import overdue_before, reply_deadline
from healinghaven.models import ClinicSettings


def reply_due(request: ConsultationRequest, clinic: ClinicSettings) -> datetime:
    return reply_deadline(
        request.created_at,
        clinic.reply_business_days,
        clinic.opening_hours_list,
        clinic.special_hours_list,
    )


def overdue_cutoff(clinic: ClinicSettings, now: datetime | None = None) -> datetime:
    """New requests received before this moment are past their reply's deadline."""
    return overdue_before(
        now or timezone.now(),
        clinic.reply_business_days,
        clinic.opening_hours_list,
        clinic.special_hours_list,
    )


def waiting(clinic: ClinicSettings | None = None) -> dict[str, int]:
    """How many requests are new, and how many of those are waiting too long."""
    clinic = clinic or ClinicSettings.for_default_site()
    new = ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW)
    return {
        "new": new.count(),
        "overdue": new.filter(created_at__lt=overdue_cutoff(clinic)).count(),
    }
