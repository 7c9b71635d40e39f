from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Chứng chỉ")

    def ready(self):
        from certificates import demo, panels
        from sandbox.demo import register_seeder
        from sandbox.panels import provide

        provide("certificates", panels.certificates_panel)
        register_seeder(90, "certificates", demo.seed)
        if apps.is_installed("sandbox.operations"):
            from certificates import personal_data as mine
            from certificates.actions.erasure import eraser
            from sandbox.operations import personal_data

            personal_data.register("certificates", mine.section)
            personal_data.register_eraser(eraser)
