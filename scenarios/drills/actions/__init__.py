"""The one write path of drills. Views, consumers, commands and tasks call these."""

from scenarios.drills.actions._common import DrillError
from scenarios.drills.actions.injects import announce, fire_inject, unleash_surge
from scenarios.drills.actions.lifecycle import (
    NotAdmittedYet,
    TeamsNotReady,
    admission_of,
    admit,
    end_drill,
    enter_lobby,
    open_lobby,
    pause_drill,
    resume_drill,
    start_drill,
    wave,
)
from scenarios.drills.actions.teams import (
    add_cohort,
    add_team,
    assign_participant,
    prepare_team,
    prepare_teams,
    prepared_counts,
    schedule_drill,
)

__all__ = [
    "DrillError",
    "NotAdmittedYet",
    "TeamsNotReady",
    "add_cohort",
    "add_team",
    "admission_of",
    "admit",
    "announce",
    "assign_participant",
    "end_drill",
    "enter_lobby",
    "fire_inject",
    "open_lobby",
    "pause_drill",
    "prepare_team",
    "prepare_teams",
    "prepared_counts",
    "resume_drill",
    "schedule_drill",
    "start_drill",
    "unleash_surge",
    "wave",
]
