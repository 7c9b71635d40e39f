"""The attempt's event log as plain data: what scoring and the replay timeline read.

One function gathers the three logs of a sandbox (dossier events, sandbox events and the
population look-ups) into dicts in simulated-time order, naming dossiers by their id in
the scenario file.
"""

from datetime import datetime, timedelta

from fake_portal.models import DossierEvent, Seat
from fake_portal.population.models import PopulationLookup
from sandbox.models import SandboxEvent
from scenarios.models import AttemptDossier

CLOCK_ACTIONS = {
    "sandbox.opened",
    "sandbox.clock_paused",
    "sandbox.clock_resumed",
    "sandbox.clock_speed_changed",
    "sandbox.clock_advanced",
}


def _segments(sandbox_events) -> list[tuple]:
    """(wall start, sim start, speed, paused) pieces of the clock, from its own log."""
    pieces, speed, paused = [], 1.0, False
    for event in sandbox_events:
        if event["action"] not in CLOCK_ACTIONS:
            continue
        data = event["data"]
        sim = event["sim_time"]
        if event["action"] == "sandbox.opened":
            speed = float(data.get("speed", 1.0))
        elif "at" in data:
            sim = _as_datetime(data["at"])
        if event["action"] == "sandbox.clock_advanced":
            sim += timedelta(seconds=float(data.get("seconds", 0)))
        speed = (
            float(data.get("speed", speed))
            if event["action"] == "sandbox.clock_speed_changed"
            else speed
        )
        paused = data.get("paused", paused)
        pieces.append((event["created_at"], sim, speed, paused))
    return pieces


def _as_datetime(value) -> datetime:
    from django.utils.dateparse import parse_datetime

    return value if isinstance(value, datetime) else parse_datetime(str(value))


def sim_time_at(wall: datetime, segments) -> datetime | None:
    """The sandbox time shown at the wall instant `wall` (rebuilt from the clock's log)."""
    current = None
    for piece in segments:
        if piece[0] > wall:
            break
        current = piece
    if current is None:
        return None
    start_wall, start_sim, speed, paused = current
    return start_sim if paused else start_sim + (wall - start_wall) * speed


def _keys(sandbox) -> dict:
    return dict(
        AttemptDossier.objects.filter(attempt__sandbox=sandbox).values_list(
            "dossier__code", "key"
        )
    )


def _positions(sandbox) -> dict:
    held = {}
    for user_id, position in Seat.objects.for_sandbox(sandbox).values_list(
        "user_id", "position"
    ):
        held.setdefault(user_id, []).append(position)
    return held


def _dossier_events(sandbox, keys, held) -> list[dict]:
    rows = DossierEvent.objects.filter(sandbox=sandbox).values_list(
        "pk", "dossier__code", "action", "actor_id", "actor_name", "sim_time", "data"
    )
    return [
        {
            "source": 1,
            "pk": pk,
            "at": sim_time,
            "action": action,
            "dossier": keys.get(code, code),
            "code": code,
            "actor": actor,
            "actor_name": actor_name,
            "positions": held.get(actor, []),
            "data": data,
        }
        for pk, code, action, actor, actor_name, sim_time, data in rows
    ]


def _sandbox_events(rows, held) -> list[dict]:
    return [
        {
            "source": 0,
            "pk": row["pk"],
            "at": row["sim_time"],
            "action": row["action"],
            "dossier": row["data"].get("key"),
            "actor": row["actor_id"],
            "actor_name": "",
            "positions": held.get(row["actor_id"], []),
            "data": row["data"],
        }
        for row in rows
    ]


def _lookups(sandbox, keys, held, segments) -> list[dict]:
    applicants = dict(
        AttemptDossier.objects.filter(attempt__sandbox=sandbox).values_list(
            "dossier__applicant_id", "key"
        )
    )
    rows = PopulationLookup.objects.for_sandbox(sandbox).values_list(
        "pk", "user_id", "dossier_code", "citizen_id", "created_at", "results"
    )
    events = []
    for pk, user, code, citizen, created, results in rows:
        at = sim_time_at(created, segments)
        if at is None:
            continue
        events.append(
            {
                "source": 2,
                "pk": pk,
                "at": at,
                "action": "population.looked_up",
                "dossier": keys.get(code) or applicants.get(citizen) or code or None,
                "actor": user,
                "actor_name": "",
                "positions": held.get(user, []),
                "data": {"results": results, "code": code},
            }
        )
    return events


def events_for(sandbox, attempt=None) -> list[dict]:
    """Every event of `sandbox` as dicts, in simulated-time order, with a `seq` number."""
    keys, held = _keys(sandbox), _positions(sandbox)
    sandbox_rows = list(
        SandboxEvent.objects.filter(sandbox=sandbox)
        .order_by("created_at", "pk")
        .values("pk", "action", "actor_id", "sim_time", "created_at", "data")
    )
    events = (
        _sandbox_events(sandbox_rows, held)
        + _dossier_events(sandbox, keys, held)
        + _lookups(sandbox, keys, held, _segments(sandbox_rows))
    )
    events.sort(key=lambda e: (e["at"], e["source"], e["pk"]))
    for seq, event in enumerate(events):
        event["seq"] = seq
    return events
