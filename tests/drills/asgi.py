"""The project's ASGI application with the drills' WebSocket routes added."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.drills.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from sandbox.routing import websocket_urlpatterns  # noqa: E402
from scenarios.drills.routing import websocket_urlpatterns as drill_routes  # noqa: E402

routes = [*websocket_urlpatterns]
if not any(str(r.pattern).startswith("ws/dien-tap/") for r in routes):
    routes = [*drill_routes, *routes]

from scenarios.drills.asgi_limits import ConcurrencyLimit  # noqa: E402

http_app = django_asgi_app
if os.environ.get("HTTP_CONCURRENCY"):  # the benchmark's servers: see asgi_limits.py
    http_app = ConcurrencyLimit(django_asgi_app, int(os.environ["HTTP_CONCURRENCY"]))

application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(routes))
        ),
    }
)
