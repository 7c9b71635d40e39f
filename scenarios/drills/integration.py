"""Every use drills make of the scenarios app, in one place (so a change there is one edit here).

A drill team plays a scenario version as one attempt of mode "drill": the attempt's sandbox is
the team's sandbox, the team's members are seated in it, and the scenario's scoring engine
scores it from the sandbox's event log.
"""

from datetime import datetime

from scenarios import actions as scenario_actions
from scenarios.models import Attempt, Scenario, ScenarioVersion


class TeamError(ValueError):
    """A team cannot be opened (no world, no unit…); the message is for the coordinator."""


def drill_versions():
    """Scenario versions a coordinator may schedule: current versions of published scenarios
    whose file allows drills (a file that names no modes allows every mode)."""
    versions = ScenarioVersion.objects.filter(
        pk__in=Scenario.objects.published().values("current")
    ).select_related("scenario")
    return [v for v in versions if "drill" in v.spec.get("modes", ["drill"])]


def start_team(
    version: ScenarioVersion, *, captain, members: dict, world, actor, now: datetime
):
    """Open the team's sandbox as an attempt of mode drill; returns the sandbox."""
    try:
        attempt = scenario_actions.start_attempt(
            version,
            user=captain,
            mode=Attempt.Mode.DRILL,
            actor=actor,
            world=world,
            team=members,
            now=now,
        )
    except scenario_actions.AttemptError as error:
        raise TeamError(str(error)) from error
    return attempt.sandbox


def attempt_of(sandbox) -> Attempt | None:
    return (
        Attempt.objects.select_related("version").filter(sandbox=sandbox).first()
        if sandbox
        else None
    )


def finish_team(sandbox, *, actor) -> dict | None:
    """Score the team's attempt and close its sandbox; the score as a dict."""
    attempt = attempt_of(sandbox)
    if attempt is None:
        return None
    attempt = scenario_actions.finish_attempt(attempt, actor=actor)
    return attempt.score


def current_score(sandbox) -> dict | None:
    """The score the team would get now (running attempts), or its final one."""
    from scenarios.events import events_for
    from scenarios.scoring import score

    attempt = attempt_of(sandbox)
    if attempt is None:
        return None
    if attempt.score is not None:
        return attempt.score
    rubric = attempt.version.spec["rubric"]
    return score(rubric, events_for(sandbox, attempt=attempt)).as_dict()


def rubric_items(version: ScenarioVersion) -> list[dict]:
    return list(version.spec["rubric"]["items"])


def seat(sandbox, user, positions) -> None:
    from fake_portal.actions import take_seats

    take_seats(sandbox, user, positions)
