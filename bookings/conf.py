"""The bookings settings, with their defaults, read when used (so tests can override them)."""

from django.conf import settings

DEFAULTS = {
    "CONSULTATION_RETENTION_DAYS": 365,
    "CONSULTATION_MIN_FILL_SECONDS": 3,
    "CONSULTATION_FORM_MAX_AGE_SECONDS": 24 * 60 * 60,
    "CONSULTATION_RATE_LIMIT": (20, 10 * 60),
    "CONSULTATION_NOTIFY_EMAILS": [],
    "CONSULTATION_NOTIFY_RETRY_BASE_SECONDS": 30,
    "CONSULTATION_NOTIFY_RETRY_MAX_SECONDS": 6 * 60 * 60,
    "CONSULTATION_NOTIFY_MAX_ATTEMPTS": None,  # None: retry until sent
    "CONSULTATION_NOTIFY_LEASE_SECONDS": 5 * 60,
    "CONSULTATION_PERIODIC_SECONDS": 5 * 60,
    "CONSULTATION_NOTIFY_SWEEP_GRACE_SECONDS": 60,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
