from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "fake_portal.population"
    label = "population"
    verbose_name = _("Cơ sở dữ liệu dân cư mô phỏng")
