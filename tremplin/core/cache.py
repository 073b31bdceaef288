"""The cache: Django's Redis backend with connection pools that outlive a request, and
a counter for rate limits.

Under ASGI every request gets its own cache object (Django keeps caches in an asgiref
`Local`, which is per task), and Django's Redis client builds its connection pool per
object: each request opened a new TCP connection to Redis, a fifth of the feed API's
time under load. `RedisCache` here shares the pools per process.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

_pools: dict[tuple, dict] = {}
_pools_lock = threading.Lock()


class SharedPoolClient(RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        key = (tuple(servers), tuple(sorted((k, repr(v)) for k, v in options.items())))
        with _pools_lock:
            # redis-py's pools are thread-safe; one per server list and options.
            self._pools = _pools.setdefault(key, {})


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolClient


def count_hit(key: str, window: int) -> int:
    """Adds one to a counter that expires `window` seconds after its first hit and
    returns the new value: one round trip to Redis (INCR and EXPIRE NX in a
    pipeline); two steps on other caches (tests, a single process)."""
    backend = caches["default"]
    if isinstance(backend, DjangoRedisCache):
        full_key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(full_key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, window, nx=True)
        count, _ = pipe.execute()
        return int(count)
    if backend.add(key, 1, timeout=window):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # expired between the two calls
        backend.set(key, 1, timeout=window)
        return 1
