"""What a reconnecting participant missed: the drill's notices and their team's dossier
events after the last ones their client saw, in order; or nothing, when more was missed than
is worth replaying, and the client is sent the whole state instead.

A cursor is {"drill_event": DrillEvent pk, "dossier_event": DossierEvent pk}: the newest of
each the client has seen. Every state and every replay carries the cursor it brings the
client to; every live notice carries its own number (drill_event, or a dossier's id).
"""

from urllib.parse import parse_qs

from django.conf import settings
from django.db.models import Max

from fake_portal.models import DossierEvent
from scenarios.drills.models import Announcement, Drill, DrillEvent, DrillInject
from scenarios.drills.notices import (
    STATUS_ACTIONS,
    announcement_notice,
    inject_notice,
    status_notice,
)

REPLAYED = STATUS_ACTIONS | {"announcement.made", "inject.fired"}
KEYS = ("drill_event", "dossier_event")


def replay_limit() -> int:
    return int(getattr(settings, "DRILL_REPLAY_LIMIT", 200))


def cursor_from_query(query_string: bytes) -> dict | None:
    """The cursor a client put in its socket's URL (?drill_event=…&dossier_event=…)."""
    query = parse_qs(query_string.decode("latin-1"))
    try:
        cursor = {key: int(query[key][0]) for key in KEYS}
    except (KeyError, ValueError):
        return None
    return cursor if all(value >= 0 for value in cursor.values()) else None


def cursor_now(drill_id: int, sandbox_id: int | None) -> dict:
    """The newest numbers now; read before the state, so that nothing falls between."""
    drill_event = DrillEvent.objects.filter(drill_id=drill_id).aggregate(m=Max("pk"))
    dossier_event = (
        DossierEvent.objects.filter(sandbox_id=sandbox_id).aggregate(m=Max("pk"))
        if sandbox_id
        else {}
    )
    return {
        "drill_event": drill_event["m"] or 0,
        "dossier_event": dossier_event.get("m") or 0,
    }


def _drill_notices(drill, team_id, events) -> list[dict]:
    announcements = Announcement.objects.in_bulk(
        [e.data.get("announcement") for e in events]
    )
    injects = DrillInject.objects.prefetch_related("teams").in_bulk(
        [e.data.get("inject") for e in events]
    )
    notices, status_at = [], None
    for event in events:
        notice = None
        if event.action in STATUS_ACTIONS:
            status_at = len(
                notices
            )  # only the newest status matters; sent where it was
        elif event.action == "announcement.made":
            found = announcements.get(event.data.get("announcement"))
            notice = found and announcement_notice(found)
        elif (found := injects.get(event.data.get("inject"))) is not None:
            team_ids = [t.pk for t in found.teams.all()] or None
            if team_ids is None or team_id in team_ids:
                notice = inject_notice(found, team_ids)
        if notice:
            notices.append({**notice, "drill": drill.pk, "drill_event": event.pk})
    if status_at is not None:
        notices.insert(status_at, {**status_notice(drill), "drill": drill.pk})
    return notices


def _dossier_notices(events) -> list[dict]:
    return [
        {
            "type": "dossier",
            "event": e.action,
            "dossier": e.dossier.code,
            "status": e.to_status,
            "id": e.pk,
        }
        for e in events
    ]


def missed(
    drill_id: int, team_id: int, sandbox_id: int | None, since: dict
) -> dict | None:
    """The replay message from `since`, or None (send the state) when more than the limit
    was missed or `since` is not a cursor of this drill."""
    cursor = cursor_now(drill_id, sandbox_id)
    if any(since[key] > cursor[key] for key in KEYS):
        return None
    limit = replay_limit()
    drill_events = list(
        DrillEvent.objects.filter(
            drill_id=drill_id,
            pk__gt=since["drill_event"],
            pk__lte=cursor["drill_event"],
            action__in=REPLAYED,
        ).order_by("pk")[: limit + 1]
    )
    dossier_events = list(
        DossierEvent.objects.filter(
            sandbox_id=sandbox_id,
            pk__gt=since["dossier_event"],
            pk__lte=cursor["dossier_event"],
        )
        .select_related("dossier")
        .order_by("pk")[: limit + 1]
    )
    if len(drill_events) + len(dossier_events) > limit:
        return None
    drill = Drill.objects.get(pk=drill_id)
    return {
        "type": "replay",
        "drill": drill_id,
        "events": [
            *_drill_notices(drill, team_id, drill_events),
            *_dossier_notices(dossier_events),
        ],
        "cursor": cursor,
    }
