"""ASGI entry point: HTTP through Django's WSGI handler on a pool of threads, WebSockets
through Channels.

Django's ASGI handler starts every request of a sync view in a fresh thread with a fresh
database connection, and costs about 2 ms of CPU before the view runs (measured: /healthz
2.26 ms through it, 0.27 ms through the WSGI handler). Every view here is sync, so HTTP goes
to the WSGI handler on a fixed pool of HTTP_CONCURRENCY threads per process (a2wsgi, the
adapter uvicorn itself uses for WSGI): each thread keeps its database connection between
requests (DB_CONN_MAX_AGE), at most HTTP_CONCURRENCY requests are inside Django at once, and
the rest wait their turn in the event loop instead of opening connections PostgreSQL would
refuse. WebSockets hold no thread and are never limited.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox.settings")
django_wsgi_app = get_wsgi_application()

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from sandbox.routing import websocket_urlpatterns  # noqa: E402
from sandbox.warmup import warm_up  # noqa: E402

# Four, not more: the threads of one process share its interpreter lock, and a back-office
# action is mostly Python. With 16 connections on 2 replicas, 8 threads each cost 6.8–6.9 ms
# of server CPU per action and served 194–204/s; 4 threads 4.9–6.5 ms and 214–282/s; 2
# threads 5.2–5.9 ms and 240–271/s (bench_portal, same machine, interleaved runs).
DEFAULT_HTTP_CONCURRENCY = 4


def http_threads(value: str | None) -> int:
    """The size of the HTTP thread pool from the environment's text (default 4)."""
    threads = int(value) if value not in (None, "") else DEFAULT_HTTP_CONCURRENCY
    if threads < 1:
        raise ValueError("HTTP_CONCURRENCY must be at least 1")
    return threads


warm_up()

application = ProtocolTypeRouter(
    {
        "http": WSGIMiddleware(
            django_wsgi_app, workers=http_threads(os.environ.get("HTTP_CONCURRENCY"))
        ),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
