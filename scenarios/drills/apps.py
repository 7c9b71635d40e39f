from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "scenarios.drills"
    label = "drills"
    verbose_name = _("Diễn tập cấp tỉnh")

    def ready(self):
        from sandbox import purpose
        from sandbox.panels import provide
        from scenarios.drills import surge  # noqa: F401 (registers the surge handler)
        from scenarios.drills.panels import drill_link, drills_panel

        provide("drills", drills_panel)
        if drill_link not in purpose.sources:
            purpose.sources.append(drill_link)
        # drills call certificates (never the reverse): once a drill has ended, each
        # active drill rule becomes a bulk issue to the members of the passing teams.
        if apps.is_installed("certificates"):
            from certificates.sources import after_drill_ended
            from scenarios.drills.actions.lifecycle import drill_ended_hooks

            if after_drill_ended not in drill_ended_hooks:
                drill_ended_hooks.append(after_drill_ended)
