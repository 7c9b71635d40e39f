"""Django's Redis cache with one client, and so one connection pool, per process.

Django keeps its cache objects per context (`asgiref.local.Local`), and each stock
`RedisCache` opens its own connection pool. Served through a2wsgi (sandbox/asgi.py), every
request runs in a fresh copy of the context, so the stock backend built a new pool and opened
a new Redis connection for every request, and left the old one to the garbage collector
(measured in bench_portal: 2,454 connections for about 2,450 requests). redis-py's pools are
thread-safe, so the processes' requests share one.
"""

import threading

from django.core.cache.backends.redis import RedisCache
from django.utils.functional import cached_property

_clients = {}
_lock = threading.Lock()


class SharedRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client
