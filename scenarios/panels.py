"""The scenarios' part of the dashboards, and what courses ask about passed scenarios."""

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils.translation import gettext as _

from sandbox.models import Sandbox
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
    ] + [
        (reverse("scenarios:library"), _("Thư viện kịch bản")),
        (reverse("scenarios:sessions"), _("Buổi học có giảng viên")),
    ]
    return panel


def attempt_link(sandbox, user):
    """The attempt page of the scenario `sandbox` was opened for (see sandbox.purpose); a
    drill's attempts are steered from the drill's pages instead."""
    if sandbox.kind not in (Sandbox.Kind.ATTEMPT, Sandbox.Kind.SESSION):
        return None  # no query on a drill team's pages, which thousands load at once
    attempt = (
        Attempt.objects.filter(sandbox=sandbox, status=Attempt.Status.RUNNING)
        .exclude(mode=Attempt.Mode.DRILL)
        .select_related("version__scenario")
        .first()
    )
    if attempt is None:
        return None
    title = attempt.version.scenario.title
    if attempt.mode == Attempt.Mode.PRACTICE:
        label = _("Kịch bản “%(title)s”: trang bài làm (nộp bài, đồng hồ)")
    else:  # a trainer-led session: the trainer keeps the clock
        label = _("Kịch bản “%(title)s”: trang bài làm (nộp bài)")
    return label % {"title": title}, reverse("scenarios:attempt", args=[attempt.pk])
