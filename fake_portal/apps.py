from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FakePortalConfig(AppConfig):
    name = "fake_portal"
    verbose_name = _("Cổng dịch vụ công mô phỏng")
