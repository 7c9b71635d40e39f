from django.urls import path

from fake_portal.consumers import SandboxConsumer

websocket_urlpatterns = [path("ws/sa-ban/<int:sandbox>/", SandboxConsumer.as_asgi())]
