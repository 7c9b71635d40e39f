"""ASGI entry point: HTTP through Django, WebSockets through Channels.

HTTP_CONCURRENCY=N (an environment variable, as for the settings) lets at most N requests
inside Django at once per process; the rest wait in the event loop (see asgi_limits.py).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from sandbox.asgi_limits import limited  # noqa: E402
from sandbox.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": limited(django_asgi_app, os.environ.get("HTTP_CONCURRENCY")),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
