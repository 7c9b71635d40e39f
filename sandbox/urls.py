from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sandbox import views
from sandbox.forms import LoginForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mat-khau/da-doi/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("don-vi/<int:code>/", views.commune_detail, name="commune-detail"),
    path("dan-cu/", include("fake_portal.population.urls")),
    path("chu-ky-so/", include("fake_portal.signatures.urls")),
    path("khoa-hoc/", include("courses.urls")),
    path("kich-ban/", include("scenarios.urls")),
    path("chung-chi/", include("certificates.urls")),
    path("quay/", include("fake_portal.counter.urls")),
    path("van-hanh/", include("sandbox.operations.urls")),
    path("dien-tap/", include("scenarios.drills.urls")),
    path("cong-dvc/", include("fake_portal.citizen_urls")),
    path("", include("fake_portal.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("hoc-tap/", include(wagtail_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "sandbox.views.bad_request"
handler403 = "sandbox.views.permission_denied"
handler404 = "sandbox.views.page_not_found"
handler500 = "sandbox.views.server_error"
