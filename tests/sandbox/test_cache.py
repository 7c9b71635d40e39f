"""The Redis cache keeps one client per process, whatever context a request runs in.

a2wsgi (sandbox/asgi.py) runs every request in a fresh copy of the context, and Django keeps
its cache objects per context: the stock backend then built a new connection pool, and opened
a new Redis connection, for every request.
"""

import contextvars
import os

import pytest
from django.core.cache import caches

from sandbox import cache as shared
from sandbox.cache import SharedRedisCache

LOCATION = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def no_clients_yet(monkeypatch):
    """Each test starts as a new process would, with no client built."""
    monkeypatch.setattr(shared, "_clients", {})


def _client_in_a_fresh_context(alias):
    return contextvars.Context().run(lambda: caches[alias]._cache)


def _redis_cache(backend="sandbox.cache.SharedRedisCache", **options):
    return {"BACKEND": backend, "LOCATION": LOCATION, "OPTIONS": options}


def test_fresh_contexts_get_one_client_from_the_shared_backend(settings):
    settings.CACHES = {
        "shared": _redis_cache(),
        "stock": _redis_cache("django.core.cache.backends.redis.RedisCache"),
    }
    first, second = (_client_in_a_fresh_context("shared") for _ in range(2))
    assert first is second
    # What the shared backend fixes: the stock one builds a client (and a pool) per context.
    assert _client_in_a_fresh_context("stock") is not _client_in_a_fresh_context(
        "stock"
    )


def test_other_locations_or_options_get_their_own_client(settings):
    settings.CACHES = {"a": _redis_cache(), "b": _redis_cache(socket_timeout=3)}
    assert _client_in_a_fresh_context("a") is not _client_in_a_fresh_context("b")


def test_requests_in_fresh_contexts_reuse_one_redis_connection(settings):
    settings.CACHES = {"default": _redis_cache()}
    assert isinstance(caches["default"], SharedRedisCache)

    def request(n):
        cache = caches["default"]
        cache.set(f"test-shared-{n}", n)
        assert cache.get(f"test-shared-{n}") == n
        cache.delete(f"test-shared-{n}")
        return cache._cache._get_connection_pool(write=True)

    pools = {id(contextvars.Context().run(request, n)) for n in range(5)}
    assert len(pools) == 1
    pool = caches["default"]._cache._get_connection_pool(write=True)
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1
