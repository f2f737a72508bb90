"""The shared cache is a speed-up, never a single point of failure.

While Redis does not answer (refused, silent, or cut off and back), every page still
serves, rendered without it, the consultation form still keeps requests, the failure is
logged once a minute, a request waits at most one short timeout, and when Redis answers
again caching resumes with no page older than the last change.
"""

import contextlib
import logging
import os
import socket
import threading

import pytest
from django.core.cache import cache
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from bookings.models import ConsultationRequest
from healinghaven.caching import backend
from healinghaven.periodic import run_periodic_jobs
from tests import factories
from tests.bookings.helpers import aged_token, valid_data

REDIS = ("127.0.0.1", 6379)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fail_soft_cache(port: int, prefix: str = "outage") -> dict:
    return {
        "default": {
            "BACKEND": "healinghaven.caching.backend.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/12",
            "KEY_PREFIX": f"{prefix}-{os.getpid()}-{port}",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
        }
    }


class Clock:
    """This process's monotonic clock for the backend, moved on by the test."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(backend, "clock", fake)
    return fake


class SilentServer:
    """Accepts connections and never answers: a Redis behind a network that drops replies."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


class Proxy:
    """A TCP relay to the real Redis that can be cut and restored on the same port: Redis
    keeps its data meanwhile, as it does through a network split."""

    def __init__(self):
        self.port = free_port()
        self.listener = None
        self.sockets: list[socket.socket] = []
        self.restore()

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        for each in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                each.shutdown(socket.SHUT_RDWR)
            each.close()
        self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(REDIS)
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass


@pytest.fixture
def redis_proxy():
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    proxy = Proxy()
    yield proxy
    proxy.cut()


def test_a_refused_cache_answers_as_a_miss_and_is_logged_once_a_minute(clock, caplog):
    with override_settings(CACHES=fail_soft_cache(free_port())):
        with caplog.at_level(logging.WARNING, logger="healinghaven.caching.backend"):
            for _ in range(3):
                assert cache.get("page:x", "fallback") == "fallback"
                assert cache.get_many(["a", "b"]) == {}
                cache.set("page:x", b"<p>kept</p>", 60)  # stores nothing, raises nothing
                assert cache.add("lock", True) is False
                with pytest.raises(ValueError):
                    cache.incr("count")
                clock.now += backend.RETRY_SECONDS + 1  # tried again each time, and fails
            assert len(caplog.records) == 1
            assert "Shared cache unavailable" in caplog.records[0].getMessage()
            clock.now += backend.LOG_EVERY_SECONDS
            cache.get("page:x")
            assert len(caplog.records) == 2
        assert cache.available is False


def test_a_silent_cache_costs_one_short_wait_then_none_until_the_retry(clock):
    silent = SilentServer()
    try:
        with override_settings(CACHES=fail_soft_cache(silent.port)):
            for _ in range(20):
                assert cache.get("page:x") is None
            assert len(silent.connections) == 1  # one attempt, timed out, then none
            clock.now += backend.RETRY_SECONDS + 1
            cache.get("page:x")
            assert len(silent.connections) >= 2  # tried again after the pause
    finally:
        silent.close()


@pytest.mark.django_db
def test_every_page_type_serves_and_readyz_stays_ready_while_the_cache_is_down(
    clock, client, clinic, home, service_index, blog_index, dry_needling
):
    post = factories.BlogPageFactory(parent=blog_index, title="Dry needling 101")
    about = factories.StandardPageFactory(parent=home, title="About us")
    with override_settings(CACHES=fail_soft_cache(free_port())):
        for page in (home, about, service_index, dry_needling, blog_index, post):
            for _ in range(2):
                response = client.get(page.url)
                assert response.status_code == 200, page.url
                assert page.title.encode() in response.content
                assert "X-Page-Cache" not in response
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok", "cache": "unavailable"}


@pytest.mark.django_db
def test_requests_are_kept_and_still_rate_limited_while_the_cache_is_down(
    clock, client, settings, django_capture_on_commit_callbacks
):
    from tests.bookings.helpers import build_booking_site

    site = build_booking_site()
    settings.CONSULTATION_RATE_LIMIT = (2, 600)
    with override_settings(CACHES=fail_soft_cache(free_port())):
        statuses = []
        for n in range(3):
            data = {**valid_data(full_name=f"Patient {n}"), "form_token": aged_token()}
            with django_capture_on_commit_callbacks(execute=True):
                statuses.append(client.post(site.form_url, data).status_code)
    assert statuses == [303, 303, 429]
    assert ConsultationRequest.objects.count() == 2


@pytest.mark.django_db
def test_the_periodic_jobs_run_while_the_cache_is_down(clock):
    """Their lock lives in the shared cache: without it every worker runs them."""
    with override_settings(CACHES=fail_soft_cache(free_port())):
        results = run_periodic_jobs(lock_seconds=60)
    assert "retention purge" in results


@pytest.mark.django_db
def test_after_an_outage_no_page_older_than_the_last_change_is_served(
    redis_proxy, clock, client, clinic, blog_index, django_capture_on_commit_callbacks
):
    post = factories.BlogPageFactory(parent=blog_index, title="Before the outage")
    with override_settings(CACHES=fail_soft_cache(redis_proxy.port)):
        client.get(post.url)
        assert client.get(post.url)["X-Page-Cache"] == "hit"

        redis_proxy.cut()
        post.title = "Published during the outage"
        with django_capture_on_commit_callbacks(execute=True):
            post.save_revision().publish()
        response = client.get(post.url)
        assert b"Published during the outage" in response.content
        assert "X-Page-Cache" not in response  # rendered, not stored
        # The change waits on the database queue for the cache to answer again.
        assert DBTaskResult.objects.filter(task_path__endswith="bump_when_cache_answers").exists()

        redis_proxy.restore()
        clock.now += backend.RETRY_SECONDS + 1
        response = client.get(post.url)
        assert b"Published during the outage" in response.content
        assert response["X-Page-Cache"] == "miss"
        assert client.get(post.url)["X-Page-Cache"] == "hit"  # caching resumed by itself


@pytest.mark.django_db
def test_a_change_the_cache_missed_is_told_by_the_worker_to_servers_that_saw_no_outage(
    redis_proxy, clock, client, clinic, blog_index, run_queue, django_capture_on_commit_callbacks
):
    """Another server kept reaching Redis while this one could not: the queued task makes
    that server's copy stale once the worker runs it."""
    post = factories.BlogPageFactory(parent=blog_index, title="Before the split")
    caches = fail_soft_cache(redis_proxy.port)
    with override_settings(CACHES=caches):
        client.get(post.url)
        assert client.get(post.url)["X-Page-Cache"] == "hit"
        redis_proxy.cut()
        post.title = "Published on the cut-off server"
        with django_capture_on_commit_callbacks(execute=True):
            post.save_revision().publish()
        redis_proxy.restore()
    # The other server reaches the same Redis by another name and never saw it fail.
    other_server = {"default": {**caches["default"]}}
    other_server["default"]["LOCATION"] = f"redis://localhost:{redis_proxy.port}/12"
    with override_settings(CACHES=other_server):
        assert client.get(post.url)["X-Page-Cache"] == "hit"  # stale, until the worker runs
        run_queue()
        response = client.get(post.url)
        assert b"Published on the cut-off server" in response.content
        assert response["X-Page-Cache"] == "miss"
