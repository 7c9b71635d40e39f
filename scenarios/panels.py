"""The scenarios' part of the dashboards, and what courses ask about passed scenarios."""

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext as _

from scenarios.models import Attempt, Scenario


def passed_slugs(user, slugs) -> set:
    """The slugs among `slugs` of which `user` has a passed attempt."""
    return set(
        Attempt.objects.for_user(user)
        .filter(passed=True, version__scenario__slug__in=list(slugs))
        .values_list("version__scenario__slug", flat=True)
    )


def trainer_panel(user, profile, panel):
    scenarios = (
        Scenario.objects.exclude(status=Scenario.Status.ARCHIVED)
        .annotate(
            attempts=Count("versions__attempts"), mean=Avg("versions__attempts__total")
        )
        .order_by("title")[:8]
    )
    panel.links = [
        (
            reverse("scenarios:stats", args=[s.slug]),
            _("%(title)s – %(count)s lượt") % {"title": s.title, "count": s.attempts},
        )
        for s in scenarios
    ] + [(reverse("scenarios:library"), _("Thư viện kịch bản"))]
    return panel
