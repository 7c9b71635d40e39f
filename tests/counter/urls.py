"""The project's URLs plus the counter at /quay/ (what the lead adds to sandbox/urls.py)."""

from django.urls import include, path

from sandbox.urls import handler400, handler403, handler404, handler500  # noqa: F401
from sandbox.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("quay/", include("fake_portal.counter.urls")), *project_urlpatterns]
