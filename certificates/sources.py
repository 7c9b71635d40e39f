"""Adapters the source apps call: they turn what courses and scenarios know into facts.

certificates imports neither courses nor scenarios (DESIGN.md): these adapters read the
objects handed to them by attribute only. The source app registers the hook, e.g. in
CoursesConfig.ready():

    from certificates.sources import on_course_completed
    from courses.actions import course_completed_hooks
    course_completed_hooks.append(on_course_completed)

The scenarios app appends `on_scenario_finished` to its own finish hook the same way (a
failed attempt earns nothing: the rules see passed=False). The drills app calls
`on_drill_ended` when a drill ends: each active drill rule becomes a bulk issue to the
members of the passing teams, each with their own share of the score.
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction

# kind -> fn(source object) -> (reference, user, facts)
_FACT_READERS: dict[str, Callable] = {}


def register(kind: str, reader: Callable) -> None:
    """Teach the certificates how to read a source object of `kind` into facts."""
    _FACT_READERS[kind] = reader


def reader_for(kind: str) -> Callable:
    return _FACT_READERS[kind]


def _best_quiz_score(enrolment) -> float | None:
    quiz = enrolment.course.quiz()
    if quiz is None:
        return None
    scores = quiz.attempts.filter(user_id=enrolment.user_id, passed=True).values_list(
        "score", flat=True
    )
    return max((s for s in scores if s is not None), default=None)


def course_facts(enrolment) -> tuple[str, object, dict]:
    """(slug, learner, facts) of a completed course enrolment."""
    course = enrolment.course
    return (
        course.slug,
        enrolment.user,
        {
            "title": course.title,
            "score": _best_quiz_score(enrolment),
            "passed": True,
            "procedures": list(course.covers_procedures or []),
            "description": getattr(course, "summary", "") or "",
        },
    )


def _attempt_score(attempt) -> float | None:
    total, maximum = (
        getattr(attempt, "total", None),
        getattr(attempt, "max_total", None),
    )
    if total is None or not maximum:
        return None
    return round(100 * max(0.0, total) / maximum, 2)


def _spec_procedures(spec) -> list[str]:
    codes = {d.get("procedure") for d in (spec or {}).get("dossiers", [])}
    return sorted(code for code in codes if code)


def attempt_facts(attempt) -> tuple[str, object, dict]:
    """(scenario slug, trainee, facts) of a scored scenario attempt.

    Reads a scenarios Attempt: version.scenario (slug, title), version.spec (its dossiers'
    procedures), total / max_total (the score as a percentage) and passed.
    """
    version = attempt.version
    scenario = version.scenario
    return (
        scenario.slug,
        attempt.user,
        {
            "title": scenario.title,
            "score": _attempt_score(attempt),
            "passed": bool(attempt.passed),
            "procedures": _spec_procedures(version.spec),
        },
    )


register("course", course_facts)
register("scenario", attempt_facts)


def _issue_after_commit(kind: str, reference: str, user, facts: dict, actor):
    from certificates.actions import maybe_issue_for

    maybe_issue_for(kind, reference, user, facts, actor=actor)


def issue_on_commit(kind: str, source, *, actor=None) -> None:
    """Apply the issuing rules to `source` once the caller's transaction commits.

    Facts are read now, inside the caller's transaction; rendering and signing run after
    it, so a certificate that fails to issue never undoes a completed course (the failure
    is logged, and a trainer can still issue it in bulk).
    """
    reference, user, facts = reader_for(kind)(source)
    callback = partial(_issue_after_commit, kind, reference, user, facts, actor)
    transaction.on_commit(callback, robust=True)


def hook(kind: str) -> Callable:
    """A completion hook with the source apps' signature: fn(source, *, actor)."""

    def on_completed(source, *, actor=None):
        issue_on_commit(kind, source, actor=actor)

    on_completed.__name__ = f"on_{kind}_completed"
    return on_completed


on_course_completed = hook("course")
on_scenario_finished = hook("scenario")


def drill_recipients(drill) -> tuple[list[int], dict[int, float | None], list[str]]:
    """(user ids, {user id: score %}, procedure codes) of the members of passing teams.

    Reads what a drill wrote when it ended: each team's `result` (passed, and every
    member's share as a percentage, keyed by participant id) and its scenario version.
    """
    ids, scores, procedures = [], {}, set()
    for team in drill.teams.select_related("version").prefetch_related("participants"):
        procedures.update(_spec_procedures(team.version.spec))
        result = team.result or {}
        if not result.get("passed"):
            continue
        shares = result.get("members") or {}
        for participant in team.participants.all():
            share = (shares.get(str(participant.pk)) or {}).get("percent")
            ids.append(participant.user_id)
            scores[participant.user_id] = (
                share if share is not None else result.get("scenario_percent")
            )
    return ids, scores, sorted(procedures)


def on_drill_ended(drill, *, actor=None) -> list:
    """After a drill ends, queue a bulk issue per active drill rule (the coordinator's)."""
    from certificates.actions import start_bulk_issue
    from certificates.models import IssuingRule

    reference = str(drill.pk)
    rules = list(IssuingRule.objects.active().for_source("drill", reference))
    if not rules:
        return []
    ids, scores, procedures = drill_recipients(drill)
    facts = {
        "title": drill.title,
        "reference": reference,
        "passed": True,
        "procedures": procedures,
    }
    return [
        start_bulk_issue(
            rule=rule, user_ids=ids, achievement=facts, scores=scores, actor=actor
        )
        for rule in rules
    ]


def after_drill_ended(drill, *, actor=None) -> None:
    """The drills' hook: queue the bulk issues once the drill's end is committed, so that
    a certificate problem never undoes the end of a drill."""
    transaction.on_commit(partial(on_drill_ended, drill, actor=actor), robust=True)
