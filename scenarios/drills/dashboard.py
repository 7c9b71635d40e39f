"""The live dashboard's numbers, computed from the database (the truth) in a few queries.

Sent in full when a coordinator connects and every few seconds; in between, a feed sends only
the rows of the communes whose log grew (LiveDashboard). A client that reconnects receives
the whole state again. A handful of grouped queries, whatever the number of communes: no
query per team.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from fake_portal.models import Dossier, DossierEvent, ScheduledAction, Status
from fake_portal.models.dossiers import RUNNING
from sandbox.collation import vietnamese
from sandbox.models import Sandbox
from scenarios.drills.attendance import Attendance, team_ready
from scenarios.drills.models import Drill, DrillParticipant, DrillTeam
from scenarios.drills.results import province_average, scenario_percent

FINISHED = [
    Status.DONE,
    Status.RETURNED,
    Status.REFUSED,
    Status.STOPPED,
    Status.WITHDRAWN,
]
ONLINE_WINDOW = timedelta(
    seconds=60
)  # presence is refreshed every 20 s by each process


def _dossier_counts(sandbox_ids, now) -> dict:
    rows = (
        Dossier.objects.filter(sandbox_id__in=sandbox_ids)
        .values("sandbox_id")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(received_at__isnull=False)),
            processed=Count("pk", filter=Q(status__in=FINISHED)),
            overdue=Count(
                "pk", filter=Q(status__in=RUNNING | {Status.DONE}, due_at__lt=now)
            ),
            late_returns=Count(
                "pk",
                filter=Q(status=Status.RETURNED, closed_at__gt=F("due_at")),
            ),
        )
    )
    return {row.pop("sandbox_id"): row for row in rows}


def _late_acknowledgements(sandbox_ids) -> dict:
    rows = (
        DossierEvent.objects.filter(
            sandbox_id__in=sandbox_ids,
            action="dossier.received",
            data__late_acknowledgement=True,
        )
        .values("sandbox_id")
        .annotate(n=Count("pk"))
    )
    return {row["sandbox_id"]: row["n"] for row in rows}


def _presence(drill, now, team_ids=None) -> dict:
    recent = now - ONLINE_WINDOW
    participants = DrillParticipant.objects.filter(drill=drill)
    if team_ids is not None:
        participants = participants.filter(team_id__in=team_ids)
    rows = participants.values("team_id").annotate(
        members=Count("pk"),
        connected=Count("pk", filter=Q(online=True, last_seen__gte=recent)),
        joined=Count("pk", filter=Q(ticket__isnull=False)),
        admitted=Count("pk", filter=Q(admitted_at__isnull=False)),
        waiting=Count("pk", filter=Q(ticket__isnull=False, admitted_at__isnull=True)),
    )
    return {row.pop("team_id"): row for row in rows}


def _state(team, numbers, drill) -> str:
    """The colour of the commune's cell."""
    if team["sandbox"] is None:
        return "pending"
    if drill.status == Drill.Status.ENDED:
        return "ended"
    if numbers.get("breaches") or numbers.get("overdue"):
        return (
            "late"
            if numbers.get("breaches", 0) + numbers.get("overdue", 0) > 2
            else "warn"
        )
    if not numbers.get("connected"):
        return "idle"
    return "ok"


def scores_key(drill_id: int) -> str:
    return f"drill:{drill_id}:scores"


def _scores(drill, teams) -> dict:
    """Final results once ended; otherwise the provisional scores (see refresh_scores)."""
    if drill.status == Drill.Status.ENDED:
        return {
            t["pk"]: (t["result"] or {}).get("scenario_percent")
            for t in teams
            if t["result"]
        }
    cached = cache.get(scores_key(drill.pk)) or {}
    return {pk: percent for pk, (_marker, percent) in cached.items()}


def refresh_scores(drill: Drill, limit: int = 10) -> dict:
    """Re-score the teams whose log grew since their last scoring (at most `limit` per
    call, so that a thousand teams never hold a process for long); cached for the feed."""
    from scenarios.drills.integration import current_score

    teams = list(drill.teams.filter(sandbox__isnull=False).select_related("sandbox"))
    newest = dict(
        DossierEvent.objects.filter(sandbox_id__in=[t.sandbox_id for t in teams])
        .values("sandbox_id")
        .annotate(m=Max("pk"))
        .values_list("sandbox_id", "m")
    )
    cached = cache.get(scores_key(drill.pk)) or {}
    stale = [
        t for t in teams if cached.get(t.pk, (0, None))[0] != newest.get(t.sandbox_id)
    ]
    for team in stale[:limit]:
        percent = scenario_percent(current_score(team.sandbox))
        cached[team.pk] = (newest.get(team.sandbox_id), percent)
    cache.set(scores_key(drill.pk), cached, 3600)
    return cached


def _teams(drill, team_ids=None):
    teams = DrillTeam.objects.filter(drill=drill)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    return list(
        teams.order_by(vietnamese("commune__name"), "pk").values(
            "pk", "commune_id", "commune__name", "sandbox", "result"
        )
    )


def _sim_now(sandbox_ids):
    sandbox = Sandbox.objects.filter(pk__in=sandbox_ids[:1]).first()
    return sandbox.now() if sandbox else timezone.now()


def compute(drill: Drill, team_ids=None, *, as_of: float | None = None) -> dict:
    """The whole dashboard state of `drill`, stamped with when the reading began (with,
    while the lobby is open, the teams not ready yet); with `team_ids`, only those teams'
    rows (partial, without totals)."""
    as_of = as_of or time.time()
    teams = _teams(drill, team_ids)
    sandbox_ids = [t["sandbox"] for t in teams if t["sandbox"]]
    now = timezone.now()
    sim_now = _sim_now(sandbox_ids)
    counts = _dossier_counts(sandbox_ids, sim_now)
    late_ack = _late_acknowledgements(sandbox_ids)
    presence = _presence(drill, now, team_ids)
    scores = _scores(drill, teams)
    rows = []
    for team in teams:
        numbers = dict(counts.get(team["sandbox"], {}))
        numbers["breaches"] = numbers.pop("late_returns", 0) + late_ack.get(
            team["sandbox"], 0
        )
        numbers.update(presence.get(team["pk"], {}))
        numbers["score"] = scores.get(team["pk"])
        numbers["state"] = _state(team, numbers, drill)
        rows.append({"id": team["pk"], "commune": team["commune__name"], **numbers})
    state = {
        "type": "dashboard",
        "drill": drill.pk,
        "status": drill.status,
        "status_label": drill.get_status_display(),
        "as_of": as_of,
        "sim_now": sim_now,
        "partial": team_ids is not None,
        "teams": rows,
    }
    if team_ids is None:
        state["totals"] = totals(rows)
        if drill.status == Drill.Status.LOBBY:  # from the same rows: no query
            state["attendance"] = Attendance.from_rows(rows).live()
    return state


def totals(rows) -> dict:
    """Over every team of the drill (never one page of a table)."""
    keys = [
        "received",
        "processed",
        "overdue",
        "breaches",
        "connected",
        "members",
        "joined",
    ]
    rows = list(rows)
    totals = {key: sum(row.get(key) or 0 for row in rows) for key in keys}
    totals["teams"] = len(rows)
    totals["ready"] = sum(1 for row in rows if team_ready(row.get("joined") or 0))
    totals["average_score"] = province_average([row.get("score") for row in rows])
    return totals


def tick_drill(drill: Drill, limit: int = 50) -> int:
    """Run the simulated actors' due work in every team sandbox of a live drill.

    One query finds the sandboxes with due jobs (their clocks run together), then each is
    ticked; the tick itself is safe to run from several processes at once.
    """
    from fake_portal.simulation import tick

    if not drill.is_live:
        return 0
    sandbox_ids = list(
        DrillTeam.objects.filter(drill=drill, sandbox__isnull=False).values_list(
            "sandbox_id", flat=True
        )
    )
    if not sandbox_ids:
        return 0
    now = _sim_now(sandbox_ids)
    due = (
        ScheduledAction.objects.filter(
            sandbox_id__in=sandbox_ids, done_at__isnull=True, run_at__lte=now
        )
        .values_list("sandbox_id", flat=True)
        .distinct()
    )
    done = 0
    for sandbox in Sandbox.objects.filter(pk__in=list(due), status=Sandbox.Status.OPEN):
        done += tick(sandbox, limit=limit)
    return done


TICKER_KEY = "drills:ticker"  # present while `tick_drills --every` runs
