"""The scenario authoring pages inside the Wagtail admin, for trainers and coordinators."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from scenarios import admin_views

admin_urlpatterns = (
    [
        path("", admin_views.index, name="index"),
        path("moi/", admin_views.create, name="create"),
        path("nhap/", admin_views.import_file, name="import"),
        path("<int:pk>/", admin_views.edit, name="edit"),
        path("<int:pk>/lich-su/", admin_views.history, name="history"),
        path(
            "<int:pk>/lich-su/<int:number>/", admin_views.version_detail, name="version"
        ),
        path("<int:pk>/xuat/", admin_views.export, name="export"),
        path("<int:pk>/xuat/<int:number>/", admin_views.export, name="export-version"),
    ],
    "scenarios_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("kich-ban/", include(admin_urlpatterns))]


class AuthorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.AUTHOR)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return AuthorMenuItem(
        _("Kịch bản diễn tập"),
        reverse("scenarios_admin:index"),
        icon_name="clipboard-list",
        order=260,
    )
