"""gunicorn's configuration: the Docker image's command and the smoke test use this file.

    gunicorn --config gunicorn.conf.py healinghaven.wsgi

Every value can be changed by an environment variable (docs/deploy.md), or by gunicorn's
own GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

import gunicorn.http.wsgi

from healinghaven.ops.logs import GunicornLogger, logging_config


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Listen on every interface of the container; the TLS proxy connects to this port.
bind = [f"0.0.0.0:{_int('PORT', 8000)}"]

# Workers: the usual 2 per CPU + 1, with a few threads each (requests wait on the database
# more than on the CPU). WEB_CONCURRENCY overrides, e.g. on a host whose CPU count is the
# machine's rather than the container's share.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A worker is restarted after this many requests (with jitter), so a slow leak cannot grow.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Django and the site are loaded once, in the master, and each worker is a fork of it: a
# worker restarted by max_requests starts in milliseconds instead of spending a second or
# more of CPU on imports, which under load took from the requests (GUNICORN_PRELOAD=0:
# each worker loads the site itself). Nothing opens a connection at import; pre_fork
# closes any the master holds all the same, so no worker inherits one.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in (
    "0",
    "false",
    "no",
    "off",
)


def pre_fork(server, worker):
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()


# Timeouts: a request stuck for longer than this is killed and its worker replaced; keep
# it below the proxy's timeout. Keep-alive stays short behind a proxy.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# The proxy in front sets X-Forwarded-Proto; gunicorn trusts it from any address only when
# told (FORWARDED_ALLOW_IPS: the proxy's address, or "*" on a private network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Request limits: gunicorn refuses oversized request lines and headers before Django runs.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Logs: JSON lines on stdout, the access log included (healinghaven.ops.logs.GunicornLogger:
# method, path without the query string, status, duration, request id; no client address).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logger_class = GunicornLogger
logconfig_dict = logging_config(loglevel.upper())
logconfig_dict["loggers"].update(
    {
        "gunicorn.error": {"level": loglevel.upper(), "propagate": True},
        "gunicorn.access": {"level": "INFO", "propagate": True},
    }
)

# The process title, and a temporary directory in memory for worker heartbeats (the
# container's file system may be read-only).
proc_name = "healinghaven"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# No control socket: nothing here manages gunicorn at run time, and the container's home
# folder is not writable.
control_socket_disable = True

# No Server header naming the software and its version: gunicorn writes its own name
# there and has no setting for it.
gunicorn.http.wsgi.SERVER = "healinghaven"
