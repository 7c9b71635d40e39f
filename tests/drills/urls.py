"""The project's URLs plus the drills' (mounted as the lead will mount them)."""

from django.urls import include, path

from sandbox.urls import handler400, handler403, handler404, handler500  # noqa: F401
from sandbox.urls import urlpatterns as project_urls

mounted = any(getattr(p, "namespace", None) == "drills" for p in project_urls)
urlpatterns = (
    project_urls
    if mounted
    else [path("dien-tap/", include("scenarios.drills.urls")), *project_urls]
)
