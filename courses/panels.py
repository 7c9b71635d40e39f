"""The dashboard panels courses fills: a learner's courses, a trainer's reports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.models import CourseIndexPage
from courses.progress import learner_courses


def _catalogue_url():
    index = CourseIndexPage.objects.live().first()
    return index.url if index else None


def courses_panel(user, profile, panel):
    panel.template = "courses/includes/panel_courses.html"
    panel.context = {
        "entries": learner_courses(user),
        "catalogue_url": _catalogue_url(),
    }
    return panel


def reports_panel(user, profile, panel):
    panel.links = [
        (reverse("courses:reports"), _("Báo cáo tiến độ và thống kê câu hỏi")),
        (reverse("courses:enrol-communes"), _("Ghi danh cán bộ theo xã, phường")),
    ]
    return panel
