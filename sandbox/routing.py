"""WebSocket routes of every app, gathered in one list for the ASGI router (like urls.py)."""

from fake_portal.routing import websocket_urlpatterns as portal_routes

websocket_urlpatterns = [*portal_routes]
