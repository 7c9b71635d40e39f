from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Khóa học")

    def ready(self):
        from courses import demo, panels, signals
        from courses.actions import course_completed_hooks
        from sandbox.demo import register_seeder
        from sandbox.panels import provide

        signals.connect()
        provide("courses", panels.courses_panel)
        provide("reports", panels.reports_panel)
        register_seeder(20, "courses", demo.seed)
        if apps.is_installed("sandbox.operations"):
            from courses import personal_data as mine
            from sandbox.operations import personal_data

            personal_data.register("courses", mine.section)
        # courses calls certificates (never the reverse): completing a course applies the
        # certificates' issuing rules once the transaction commits.
        if apps.is_installed("certificates"):
            from certificates.sources import on_course_completed

            if on_course_completed not in course_completed_hooks:
                course_completed_hooks.append(on_course_completed)
