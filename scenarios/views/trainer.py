"""Trainers' page: every attempt of a scenario, with statistics per rubric item."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Avg
from django.shortcuts import get_object_or_404, render

from scenarios.models import Attempt, Scenario
from scenarios.presenters import item_statistics
from scenarios.views.common import AUTHOR


@login_required
@permission_required(AUTHOR, raise_exception=True)
def stats(request, slug):
    scenario = get_object_or_404(Scenario.objects.with_current(), slug=slug)
    attempts = (
        Attempt.objects.of_scenario(scenario)
        .select_related("user__profile", "version", "sandbox__commune")
        .order_by("-started_at")
    )
    scored = attempts.scored()
    version = scenario.current
    current_scores = [
        a.score
        for a in scored
        if a.version_id == getattr(version, "pk", None) and a.score
    ]
    return render(
        request,
        "scenarios/stats.html",
        {
            "scenario": scenario,
            "attempts": attempts[:200],
            "count": attempts.count(),
            "mean": scored.aggregate(mean=Avg("total"))["mean"],
            "passed": scored.filter(passed=True).count(),
            "scored": scored.count(),
            "items": item_statistics(version.spec["rubric"], current_scores)
            if version
            else [],
        },
    )
