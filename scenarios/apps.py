from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "scenarios"
    verbose_name = _("Kịch bản và diễn tập")

    def ready(self):
        from sandbox.demo import register_seeder
        from sandbox.panels import provide
        from scenarios import panels, simulated
        from scenarios.demo import seed_scenarios

        simulated.register()
        provide("scenarios", panels.trainer_panel)
        register_seeder(30, "scenarios", seed_scenarios)
        # Courses count a required scenario as done once an attempt of it passed.
        from django.apps import apps

        if apps.is_installed("courses"):
            from courses import progress

            if panels.passed_slugs not in progress.scenario_sources:
                progress.scenario_sources.append(panels.passed_slugs)
