from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")

    def ready(self):
        from courses import panels
        from sandbox.panels import provide

        provide("courses", panels.courses_panel)
        provide("reports", panels.reports_panel)
