from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "scenarios.drills"
    label = "drills"
    verbose_name = _("Diễn tập cấp tỉnh")

    def ready(self):
        from sandbox.panels import provide
        from scenarios.drills import surge  # noqa: F401 (registers the surge handler)
        from scenarios.drills.panels import drills_panel

        provide("drills", drills_panel)
