"""Settings for the test suite: fast and self-contained."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Plain static storage: no manifest needed to render templates in tests.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from the app folders: no collectstatic needed to serve them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# --- Tasks and the database (bookings) ---------------------------------------------------
# Tasks go through the same database queue as in production (TASKS from base.py): Wagtail's
# tasks and ours are queued there and run only when a test runs the worker
# (tests/bookings/conftest.py: `run_queue`). The immediate backend would hide what only the
# queue shows: arguments that must be JSON, deferred retries (it cannot defer), one worker.
#
# SQLite tests use a file, not memory: with an in-memory database the live server's threads
# share one connection, so parallel requests (the concurrency test) would corrupt each
# other's transactions. One file per test run (process), so parallel runs never meet.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"healinghaven-test-{os.getpid()}.sqlite3")
    }
# --- end of tasks and the database --------------------------------------------------------

# Local memory whatever REDIS_URL says: tests never share a cache with a running site.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "visits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "visits"},
}

WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
