"""Structured logs: one JSON object a line on stdout, each tagged with the request's id.

`RequestIDMiddleware` gives every request an id: the incoming `X-Request-ID` when a proxy set
a sane one, otherwise a new random one. It is returned in the response's `X-Request-ID` and
added to every log record written while the request runs, so one request's lines can be
found together (and matched with the proxy's and gunicorn's access log).

No personal data goes into these lines: no form fields, no query strings, no email or IP
addresses. Records carry only the fields named here, never the whole `request` object that
Django attaches to its own error records.
"""

import contextvars
import json
import logging
import re
import traceback
import uuid
from datetime import UTC, datetime

from gunicorn import glogging

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and a few separators, up to 128 characters: a UUID, a hex trace id, or a
# proxy's own format. Anything else (spaces, quotes, newlines, very long values) is replaced.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{8,128}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from(value: str | None) -> str:
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIDMiddleware:
    """Set `request.request_id`, log with it, and return it in `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


# Fields a record may carry into the JSON line through `extra={"fields": {...}}`.
ALLOWED_FIELDS = {"method", "path", "status", "duration_ms", "bytes", "request_id", "worker"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message, request id, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if k in ALLOWED_FIELDS})
        if record.exc_info:
            exc_type, exc, tb = record.exc_info
            entry["error"] = {
                "type": exc_type.__name__ if exc_type else None,
                # The stack, without the exception's message: messages can quote user input.
                "stack": "".join(traceback.format_tb(tb)) if tb else "",
            }
        return json.dumps(entry, default=str)


class GunicornLogger(glogging.Logger):
    """gunicorn's access log as JSON: method, path (no query string), status, time, id.

    The client's address, user agent, referrer and query string are left out: they can
    identify a patient. The request id is the one the application returned.
    """

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        headers = {name.lower(): value for name, value in resp.headers}
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status) if str(status).isdigit() else status,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": getattr(resp, "sent", None),
            "request_id": headers.get(REQUEST_ID_HEADER.lower(), "-"),
        }
        self.access_log.info("request", extra={"fields": fields})


def logging_config(level: str, *, readable: bool = False) -> dict:
    """The LOGGING setting: JSON lines on stdout for everything, or for a local run
    (`readable`) one plain line a record: "14:34:05 INFO wagtail: Page created: ..."."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "healinghaven.ops.logs.JsonFormatter"},
            "readable": {
                "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
                "datefmt": "%H:%M:%S",
            },
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "readable" if readable else "json",
            },
            # A logger with no handler at all would fall back to Python's plain-text
            # "last resort" on stderr.
            "nowhere": {"class": "logging.NullHandler"},
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Naming it drops the console handler Django gives it when DEBUG is on, which
            # printed every django.* record (each task's state) a second time.
            "django": {"handlers": []},
            # Django logs each 4xx/5xx with the request attached; the formatter keeps only
            # the message ("Not Found: /path"), which has no query string.
            "django.request": {"level": "WARNING"},
            # django-axes announces itself at every start; its warnings (lockouts) stay.
            "axes.apps": {"level": "WARNING"},
            # Invalid Host headers are noise from scanners, not an operator's problem.
            "django.security.DisallowedHost": {"handlers": ["nowhere"], "propagate": False},
        },
    }
