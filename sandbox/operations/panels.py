"""The coordinator's "officials" panel and the administrator's links, filled from ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sandbox.panels import provide


def _officials(user, profile, panel):
    panel.links = [
        (reverse("operations:import-upload"), _("Nhập danh sách cán bộ")),
        (reverse("operations:official-list"), _("Danh sách cán bộ của tỉnh")),
        (reverse("operations:cohort-list"), _("Nhóm học viên")),
    ]
    return panel


def _admin(user, profile, panel):
    panel.links = list(panel.links) + [
        (reverse("operations:import-upload"), _("Nhập danh sách cán bộ")),
        (reverse("operations:official-list"), _("Tài khoản cán bộ")),
        (reverse("operations:staff-view-log"), _("Nhật ký xem dữ liệu cá nhân")),
    ]
    return panel


def register():
    provide("officials", _officials)
    provide("admin", _admin)
