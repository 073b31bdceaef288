"""The cache (tremplin.core.cache): Redis connection pools shared by every request of a
process, and the rate-limit counter, on Redis and on the in-memory cache."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from tremplin.core.cache import RedisCache, count_hit

# Both databases: the cache's counter: Redis (with PostgreSQL) or in memory (with SQLite).
pytestmark = pytest.mark.both_databases


def test_a_counter_counts_the_hits_of_its_window_in_memory():
    assert [count_hit("hits:a", window=60) for _ in range(3)] == [1, 2, 3]
    assert count_hit("hits:b", window=60) == 1
    caches["default"].delete("hits:a")  # the window ended
    assert count_hit("hits:a", window=60) == 1


@pytest.fixture
def redis_cache(redis_url, settings):
    # Django's test settings signal resets the cache handler: caches["default"] is new.
    settings.CACHES = {
        "default": {"BACKEND": "tremplin.core.cache.RedisCache", "LOCATION": redis_url}
    }
    backend = caches["default"]
    backend.clear()
    yield backend
    backend.clear()


def test_every_request_of_a_process_shares_the_redis_pools(redis_cache, redis_url):
    # Under ASGI each request gets its own cache object (an asgiref Local per task).
    other = caches.create_connection("default")
    assert isinstance(other, RedisCache) and isinstance(other, DjangoRedisCache)
    redis_cache.set("shared", 1)
    assert other.get("shared") == 1
    assert redis_cache._cache._pools is other._cache._pools  # noqa: SLF001
    assert redis_cache._cache.get_client(write=True).connection_pool is (  # noqa: SLF001
        other._cache.get_client(write=True).connection_pool  # noqa: SLF001
    )


def test_a_counter_on_redis_counts_and_expires_with_its_window(redis_cache):
    assert isinstance(caches["default"], RedisCache)
    assert [count_hit("hits:r", window=30) for _ in range(3)] == [1, 2, 3]
    client = redis_cache._cache.get_client(write=True)  # noqa: SLF001
    key = redis_cache.make_and_validate_key("hits:r")
    assert 0 < client.ttl(key) <= 30  # set by the first hit, not pushed back by later ones
    client.expire(key, 1000)
    count_hit("hits:r", window=30)
    assert client.ttl(key) > 30
