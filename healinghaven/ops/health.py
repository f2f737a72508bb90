"""Health endpoints for load balancers and container platforms.

`/healthz`: the process is alive and serving (no database). `/readyz`: the database answers
and every migration is applied; it also says whether the shared cache answers, but stays
200 without it, because pages are served without it (a cache outage must not take every
app server out of the load balancer). Both say only "ok" or "unavailable": nothing an
outsider could use. They are answered by a middleware at the top of the stack, before host checks
and HTTPS redirects, because probes call the container by its own address over plain HTTP.
"""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"


def _word(ok: bool) -> str:
    return "ok" if ok else "unavailable"


def _answer(ok: bool, **parts: bool) -> JsonResponse:
    body = {"status": _word(ok), **{name: _word(part) for name, part in parts.items()}}
    response = JsonResponse(body, status=200 if ok else 503)
    add_never_cache_headers(response)
    return response


class MigrationState:
    """Remembers once every migration is applied: checking it costs a graph load."""

    def __init__(self) -> None:
        self.all_applied = False

    def check(self) -> bool:
        if not self.all_applied:
            connection = connections[DEFAULT_DB_ALIAS]
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            self.all_applied = not plan
        return self.all_applied


migration_state = MigrationState()


def cache_answers() -> bool:
    """Whether the shared cache answers (local memory always does); see caching/backend.py."""
    cache.has_key("readyz")
    return getattr(cache, "available", True)


def database_ready() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return migration_state.check()
    except DatabaseError as exc:
        logger.warning("Readiness check failed: %s", type(exc).__name__)
        return False


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == HEALTH_PATH:
                return _answer(True)
            if request.path == READY_PATH:
                return _answer(database_ready(), cache=cache_answers())
        return self.get_response(request)
