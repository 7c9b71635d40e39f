from django.urls import include, path

from fake_portal.views import backoffice

app_name = "portal"

sandbox_patterns = [
    path("", backoffice.inbox, name="inbox"),
    path("ho-so/<str:code>/", backoffice.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/mau-<str:number>.pdf", backoffice.form_pdf, name="form"),
    path(
        "ho-so/<str:code>/hoan-tat-ky-tu-xa/",
        backoffice.complete_remote,
        name="complete-remote",
    ),
    path("ho-so/<str:code>/<slug:action>/", backoffice.act, name="act"),
    path("tai-lieu/<int:pk>/", backoffice.document_file, name="document"),
    path("dong-ho/", backoffice.clock, name="clock"),
]

urlpatterns = [
    path("mot-cua/", backoffice.home, name="home"),
    path("mot-cua/thuc-hanh/", backoffice.start_practice, name="practice"),
    path("mot-cua/<int:sandbox>/", include(sandbox_patterns)),
]
