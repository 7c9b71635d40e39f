"""A bulkhead for HTTP under ASGI: at most N requests inside Django at once per process.

Django's ASGI handler runs each request's sync view in a thread of its own, each with its own
database connection; a synchronised drill start (thousands of lobby pages and clicks) would
open more connections than PostgreSQL allows. Requests past the limit wait their turn here,
in the event loop, instead of failing. WebSockets are not limited (they hold no connection).
"""

import asyncio


class ConcurrencyLimit:
    def __init__(self, app, limit: int):
        if limit < 1:
            raise ValueError("the HTTP concurrency limit must be at least 1")
        self.app, self.limit = app, limit
        self.semaphore = None  # made in the server's event loop on first use

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.semaphore is None:
            self.semaphore = asyncio.Semaphore(self.limit)
        async with self.semaphore:
            return await self.app(scope, receive, send)


def limited(app, limit: str | int | None):
    """`app` behind a ConcurrencyLimit of `limit` (text from the environment), or `app`
    itself when no limit is given."""
    if limit in (None, ""):
        return app
    return ConcurrencyLimit(app, int(limit))
