"""Django's Redis cache, made optional: while Redis does not answer, the site goes on
without it.

Every call that fails to reach Redis is answered as a miss (`get` gives the default,
`set` stores nothing), and for the next `RETRY_SECONDS` this process does not try again,
so a request waits for Redis at most once, for the connect timeout set in OPTIONS. The
failure is logged once a minute, not once per request. The first call after that pause
tries again; when Redis answers, `shared_cache_recovered` is sent before the call goes
on, so the page cache can forget what it stored before the outage (a page may have been
published meanwhile).

    CACHES = {"default": {"BACKEND": "healinghaven.caching.backend.FailSoftRedisCache", ...}}
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
clock = time.monotonic

shared_cache_recovered = Signal()


class Health:
    """Whether one Redis answers, as this process last found it (shared by its threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.logged_at = 0.0

    def failed(self, error: Exception) -> None:
        now = clock()
        with self.lock:
            self.down_since = self.down_since or now
            self.retry_at = now + RETRY_SECONDS
            if now - self.logged_at < LOG_EVERY_SECONDS:
                return
            self.logged_at = now
        logger.warning(
            "Shared cache unavailable (%s): pages are served without it",
            type(error).__name__,
            extra={"down_seconds": round(now - self.down_since)},
        )

    def should_try(self) -> bool:
        return self.down_since is None or clock() >= self.retry_at

    def recovered(self) -> bool:
        """Mark Redis as answering; True for the call that ends an outage."""
        with self.lock:
            was_down, self.down_since, self.logged_at = self.down_since is not None, None, 0.0
        return was_down


_health: dict[str, Health] = {}


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.health = _health.setdefault(str(server), Health())

    @property
    def available(self) -> bool:
        return self.health.down_since is None

    def attempt(self, method, fallback, *args):
        """`method(self, *args)`, or `fallback` when Redis does not answer."""
        if not self.health.should_try():
            return fallback
        try:
            if not self.available:
                RedisCache.has_key(self, "shared-cache:probe")
                if self.health.recovered():
                    logger.warning("Shared cache answers again: cached pages start afresh")
                    shared_cache_recovered.send(sender=type(self), cache=self)
            return method(self, *args)
        except RedisError as error:
            self.health.failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self.attempt(RedisCache.get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self.attempt(RedisCache.get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self.attempt(RedisCache.has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(RedisCache.set, None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(RedisCache.add, False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(RedisCache.set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt(RedisCache.touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self.attempt(RedisCache.delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self.attempt(RedisCache.delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        count = self.attempt(RedisCache.incr, None, key, delta, version)
        if count is None:  # unreadable counts as missing, as Django says of a missing key
            raise ValueError(f"Key '{key}' not found")
        return count

    def clear(self):
        return self.attempt(RedisCache.clear, False)
