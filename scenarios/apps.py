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
        from sandbox import purpose

        if panels.attempt_link not in purpose.sources:
            purpose.sources.append(panels.attempt_link)
        provide("scenarios", panels.trainer_panel)
        register_seeder(30, "scenarios", seed_scenarios)
        # Courses count a required scenario as done once an attempt of it passed.
        from django.apps import apps

        if apps.is_installed("courses"):
            from courses import progress

            if panels.passed_slugs not in progress.scenario_sources:
                progress.scenario_sources.append(panels.passed_slugs)
        # scenarios calls certificates (never the reverse): a scored attempt applies the
        # certificates' issuing rules once the transaction commits (a failed one earns
        # nothing: the rules see passed=False).
        if apps.is_installed("certificates"):
            from certificates.sources import on_scenario_finished
            from scenarios.actions import attempt_finished_hooks

            if on_scenario_finished not in attempt_finished_hooks:
                attempt_finished_hooks.append(on_scenario_finished)
        if apps.is_installed("sandbox.operations"):
            from sandbox.operations import personal_data
            from scenarios import personal_data as mine

            personal_data.register("scenario_attempts", mine.section)
