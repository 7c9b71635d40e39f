"""The project's URLs, with the operations app at /van-hanh/ (added only if the project
does not mount it yet) and a /readyz that includes the task worker's heartbeat."""

from django.urls import include, path

from sandbox.operations.views import health
from sandbox.urls import handler400, handler403, handler404, handler500  # noqa: F401
from sandbox.urls import urlpatterns as project_urlpatterns

_mounted = any(
    getattr(p, "namespace", None) == "operations" for p in project_urlpatterns
)

urlpatterns = [
    path("readyz", health.readyz, name="readyz"),
    *([] if _mounted else [path("van-hanh/", include("sandbox.operations.urls"))]),
    *project_urlpatterns,
]
