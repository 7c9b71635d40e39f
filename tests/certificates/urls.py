"""The project's URLs plus the certificates app at /chung-chi/, until the lead mounts it."""

from django.urls import include, path

from sandbox import urls as project

mounted = any(
    getattr(p, "namespace", None) == "certificates" for p in project.urlpatterns
)
urlpatterns = (
    [] if mounted else [path("chung-chi/", include("certificates.urls"))]
) + list(project.urlpatterns)

handler400 = project.handler400
handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
