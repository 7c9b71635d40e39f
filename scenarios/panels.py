"""The scenarios' part of the dashboards, and what courses ask about passed scenarios."""

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext as _

from scenarios.models import Attempt, Scenario


def passed_slugs(user_ids, slugs) -> dict[int, set]:
    """For each learner of `user_ids`, the slugs among `slugs` with a passed attempt of
    theirs (learners with none are absent), in one query."""
    rows = (
        Attempt.objects.filter(
            user__in=user_ids, passed=True, version__scenario__slug__in=slugs
        )
        .values_list("user_id", "version__scenario__slug")
        .distinct()
    )
    passed = {}
    for user_id, slug in rows:
        passed.setdefault(user_id, set()).add(slug)
    return passed


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
