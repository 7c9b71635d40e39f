"""WebSocket routes of every app, gathered in one list for the ASGI router (like urls.py)."""

from fake_portal.routing import websocket_urlpatterns as portal_routes
from scenarios.drills.routing import websocket_urlpatterns as drill_routes

websocket_urlpatterns = [*portal_routes, *drill_routes]
