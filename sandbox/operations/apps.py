from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "sandbox.operations"
    label = "operations"
    verbose_name = _("Sa Bàn – vận hành cấp tỉnh")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from sandbox.operations import core_parts, panels

        core_parts.register_all()
        panels.register()
