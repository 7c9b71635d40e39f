from django.urls import path

from fake_portal.population import views

app_name = "population"

urlpatterns = [
    path("", views.search, name="search"),
    path("cong-dan/<int:pk>/", views.citizen_detail, name="citizen-detail"),
    path("the-gioi/<int:pk>/trang-thai/", views.world_status, name="world-status"),
]
