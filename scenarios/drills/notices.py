"""The notices a drill's sockets receive, built one way for the live broadcast and for the
replay a reconnecting participant gets (replay.py)."""

from scenarios.drills.models import Announcement, Drill, DrillInject

STATUS_ACTIONS = {
    "drill.lobby_opened",
    "drill.started",
    "drill.paused",
    "drill.resumed",
    "drill.ended",
}


def status_notice(drill: Drill) -> dict:
    return {
        "type": "status",
        "status": drill.status,
        "label": drill.get_status_display(),
        "started_at": drill.started_at,
        "started": drill.started_at.timestamp() if drill.started_at else None,
        "interval": drill.wave_interval,
        "wave_size": drill.wave_size,
    }


def announcement_notice(announcement: Announcement) -> dict:
    return {
        "type": "announcement",
        "id": announcement.pk,
        "message": announcement.message,
        "at": announcement.created_at,
    }


def inject_notice(inject: DrillInject, team_ids: list[int] | None) -> dict:
    """`team_ids` None: fired in every team."""
    return {
        "type": "inject",
        "id": inject.pk,
        "kind": inject.kind,
        "label": inject.get_kind_display(),
        "message": inject.message,
        "teams": team_ids,
        "at": inject.fired_at,
    }
