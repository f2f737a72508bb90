"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and redis-py's
constructor fills a table of some 170 response callbacks each time: about a quarter of a
millisecond of CPU a call, and a page rendered from the render cache makes six. A client
holds nothing but its pool (which is thread-safe and checks for a fork itself), so one
client per pool serves every call and every thread.

    CACHES = {"default": {"BACKEND": "healinghaven.cache.RedisCache", ...}}
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
