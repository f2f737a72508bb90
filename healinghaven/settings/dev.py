"""Local development (`make run`): DEBUG on unless the environment turns it off."""

from healinghaven.ops.logs import logging_config

from .base import *  # noqa: F403
from .base import env_bool, env_str, require_secret_key

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    # Only ever used on a developer's machine with DEBUG on.
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405, S105
    # A person reads a local run's log: plain lines (JSON lines in production).
    LOGGING = logging_config(env_str("LOG_LEVEL", "INFO").upper(), readable=True)
else:
    require_secret_key(SECRET_KEY)  # noqa: F405

INTERNAL_IPS = ["127.0.0.1"]

# New consultation requests notify someone on a local run; the email shows in the console.
CONSULTATION_NOTIFY_EMAILS = CONSULTATION_NOTIFY_EMAILS or ["front-desk@localhost"]  # noqa: F405
