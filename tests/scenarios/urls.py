"""The project's URLs with the scenarios mounted at /kich-ban/ (until the lead mounts them)."""

from django.urls import include, path

from sandbox.urls import handler400, handler403, handler404, handler500  # noqa: F401
from sandbox.urls import urlpatterns as project

urlpatterns = [path("kich-ban/", include("scenarios.urls")), *project]
