"""The scenarios' part of an official's personal data (see sandbox.operations)."""

from scenarios.models import Attempt


def section(user) -> list[dict]:
    attempts = (
        Attempt.objects.for_user(user)
        .select_related("version__scenario")
        .order_by("started_at")
    )
    return [
        {
            "scenario": a.version.scenario.slug,
            "version": a.version.number,
            "mode": a.mode,
            "status": a.status,
            "started_at": a.started_at,
            "finished_at": a.finished_at,
            "total": a.total,
            "max_total": a.max_total,
            "passed": a.passed,
        }
        for a in attempts
    ]
