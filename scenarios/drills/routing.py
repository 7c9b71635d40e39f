from django.urls import path

from scenarios.drills.consumers import DrillDashboardConsumer, DrillParticipantConsumer

websocket_urlpatterns = [
    path("ws/dien-tap/<int:drill>/", DrillParticipantConsumer.as_asgi()),
    path("ws/dien-tap/<int:drill>/dieu-hanh/", DrillDashboardConsumer.as_asgi()),
]
