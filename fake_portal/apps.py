from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class FakePortalConfig(AppConfig):
    name = "fake_portal"
    verbose_name = _("Cổng dịch vụ công mô phỏng")

    def ready(self):
        from fake_portal.panels import practice_panel
        from sandbox.panels import provide

        provide("practice", practice_panel)
        from fake_portal.demo import seed_world
        from sandbox.demo import register_seeder

        register_seeder(10, "population", seed_world)
        from fake_portal import deadlines
        from fake_portal.catalogue import load_catalogue
        from sandbox import warmup

        warmup.register("catalogue", load_catalogue)
        warmup.register("holidays", deadlines.warm_up)
        if apps.is_installed("sandbox.operations"):
            from fake_portal import personal_data as mine
            from sandbox.operations import personal_data

            personal_data.register("population_lookups", mine.population_lookups)
            personal_data.register("signing", mine.signing)
