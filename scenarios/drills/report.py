"""The after-action report's data: timeline, bottlenecks, per-commune results and readiness.

Read from the event logs of the drill and of its team sandboxes (the database is the truth);
the HTML page, the PDF and the CSV/XLSX exports all render this one structure.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean, median

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fake_portal.catalogue import load_catalogue
from fake_portal.models import Channel, Dossier, DossierEvent, Stage, Status
from sandbox.models import SandboxEvent
from scenarios.drills.dashboard import FINISHED
from scenarios.drills.models import DrillEvent, DrillInject, DrillTeam
from scenarios.drills.readiness import assess, rating_label
from scenarios.drills.results import province_average

# The main path's steps: (from event, to event, label). The time between them is the step.
STEPS = [
    ("dossier.filed", "dossier.received", _("Tiếp nhận")),
    ("dossier.received", "dossier.assigned", _("Chuyển chuyên viên xử lý")),
    ("dossier.assigned", "dossier.appraised", _("Thẩm định, trình lãnh đạo")),
    ("dossier.appraised", "dossier.approved", _("Phê duyệt, ký số")),
    ("dossier.approved", "dossier.result_returned", _("Trả kết quả")),
]
ABSENT = _("Đội không tham gia: chưa có cán bộ nào trong đội khi diễn tập.")
# In the drill's log: "Bắt đầu diễn tập" here says it started (a button says to start).
DRILL_ACTIONS = {
    "drill.scheduled": pgettext_lazy("nhật ký diễn tập", "Lên lịch diễn tập"),
    "drill.lobby_opened": pgettext_lazy("nhật ký diễn tập", "Mở phòng chờ"),
    "drill.started": pgettext_lazy("nhật ký diễn tập", "Bắt đầu diễn tập"),
    "drill.paused": pgettext_lazy("nhật ký diễn tập", "Tạm dừng"),
    "drill.resumed": pgettext_lazy("nhật ký diễn tập", "Tiếp tục"),
    "drill.ended": pgettext_lazy("nhật ký diễn tập", "Kết thúc diễn tập"),
    "announcement.made": pgettext_lazy("nhật ký diễn tập", "Thông báo"),
    "inject.fired": pgettext_lazy("nhật ký diễn tập", "Phát tình huống"),
}


@dataclass
class CommuneRow:
    team: DrillTeam
    commune: str
    scenario: str
    figures: dict
    result: dict
    readiness: object
    members: list = field(default_factory=list)

    @property
    def rating_label(self) -> str:
        return rating_label(self.readiness.rating)


def _step_label(text) -> str:
    return str(text)


def _detail(data: dict) -> str:
    """The inject's kind in words (the log keeps its code)."""
    kind = data.get("kind")
    return str(DrillInject.Kind(kind).label) if kind in DrillInject.Kind.values else ""


def timeline(drill) -> list[dict]:
    rows = DrillEvent.objects.filter(drill=drill).select_related("actor__profile")
    return [
        {
            "at": event.created_at,
            "action": event.action,
            "label": str(DRILL_ACTIONS[event.action]),
            "detail": _detail(event.data),
            "data": event.data,
        }
        for event in rows
        if event.action in DRILL_ACTIONS
    ]


def _durations(events) -> dict:
    """{(step label, procedure): [minutes]} from one list of (dossier, action, time, proc)."""
    first = defaultdict(dict)
    for dossier, action, at, procedure in events:
        first[(dossier, procedure)].setdefault(action, at)
    durations = defaultdict(list)
    for (_dossier, procedure), seen in first.items():
        for start, end, label in STEPS:
            if start in seen and end in seen and seen[end] >= seen[start]:
                minutes = (seen[end] - seen[start]).total_seconds() / 60
                durations[(label, procedure)].append(minutes)
    return durations


def bottlenecks(sandbox_ids) -> dict:
    """Mean and median sandbox minutes per step (all procedures, and per procedure), and
    where unfinished dossiers were waiting when the drill ended."""
    events = DossierEvent.objects.filter(
        sandbox_id__in=sandbox_ids, action__in={a for s in STEPS for a in s[:2]}
    ).values_list("dossier_id", "action", "sim_time", "dossier__procedure_code")
    durations = _durations(events.order_by("sim_time", "pk"))
    catalogue = load_catalogue()
    by_step = defaultdict(list)
    for (label, _procedure), values in durations.items():
        by_step[label].extend(values)
    steps = [
        {
            "label": _step_label(label),
            "n": len(by_step[label]),
            "mean": round(mean(by_step[label]), 1),
            "median": round(median(by_step[label]), 1),
        }
        for _s, _e, label in STEPS
        if by_step.get(label)
    ]
    procedures = sorted(
        (
            {
                "step": _step_label(label),
                "procedure": _procedure_name(catalogue, code),
                "n": len(values),
                "mean": round(mean(values), 1),
            }
            for (label, code), values in durations.items()
        ),
        key=lambda row: -row["mean"],
    )[:10]
    return {"steps": steps, "procedures": procedures, "waiting": _waiting(sandbox_ids)}


def _procedure_name(catalogue, code):
    try:
        return catalogue.get(code).name_vi
    except KeyError:
        return code


def _waiting(sandbox_ids) -> list[dict]:
    rows = (
        Dossier.objects.filter(sandbox_id__in=sandbox_ids)
        .exclude(status__in=FINISHED)
        .values("status", "stage")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    labels = dict(Status.choices)
    stages = dict(Stage.choices)
    return [
        {
            "label": str(labels.get(row["status"], row["status"]))
            + (f" – {stages.get(row['stage'], row['stage'])}" if row["stage"] else ""),
            "n": row["n"],
        }
        for row in rows
    ]


def _figures(sandbox_ids) -> dict:
    """Per sandbox: counts for the readiness groups."""
    rows = (
        Dossier.objects.filter(sandbox_id__in=sandbox_ids)
        .values("sandbox_id")
        .annotate(
            received=Count("pk"),
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
            counter=Count("pk", filter=~Q(channel=Channel.ONLINE)),
            finished=Count("pk", filter=Q(status__in=[Status.DONE, Status.RETURNED])),
            with_due=Count(
                "pk",
                filter=Q(
                    status__in=[Status.DONE, Status.RETURNED], due_at__isnull=False
                ),
            ),
            rated=Count("pk", filter=Q(rating__isnull=False)),
            satisfied=Count("pk", filter=Q(rating__gte=4)),
            rating=Avg("rating"),
        )
    )
    figures = {row.pop("sandbox_id"): row for row in rows}
    _add_on_time(figures, sandbox_ids)
    _add_digitised(figures, sandbox_ids)
    return figures


def _add_on_time(figures, sandbox_ids) -> None:
    late = (
        Dossier.objects.filter(
            sandbox_id__in=sandbox_ids,
            status__in=[Status.DONE, Status.RETURNED],
            due_at__isnull=False,
            finished_at__gt=F("due_at"),
        )
        .values("sandbox_id")
        .annotate(n=Count("pk"))
    )
    for row in late:
        figures.setdefault(row["sandbox_id"], {})["late"] = row["n"]


def _add_digitised(figures, sandbox_ids) -> None:
    """Digitisation events exist only where the counter app recorded them."""
    rows = (
        SandboxEvent.objects.filter(
            sandbox_id__in=sandbox_ids, action__endswith=".digitised"
        )
        .values("sandbox_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        figures.setdefault(row["sandbox_id"], {})["digitised"] = row["n"]


def shares(f: dict) -> dict:
    """The readiness groups' shares (0–1) from one commune's figures; None: no data."""

    def ratio(a, b):
        return (a / b) if b else None

    with_due = f.get("with_due", 0)
    digitised = f.get("digitised")
    return {
        "on_time": ratio(with_due - f.get("late", 0), with_due),
        "online": ratio(f.get("online", 0), f.get("received", 0)),
        "satisfaction": ratio(f.get("satisfied", 0), f.get("rated", 0)),
        "digitisation": min(1.0, ratio(digitised, f.get("counter", 0)) or 0)
        if digitised is not None and f.get("counter")
        else None,
    }


def commune_rows(drill) -> list[CommuneRow]:
    teams = list(
        drill.teams.select_related("commune", "version__scenario").prefetch_related(
            "participants__user__profile"
        )
    )
    figures = _figures([t.sandbox_id for t in teams if t.sandbox_id])
    rows = []
    for team in teams:
        result = team.result or {}
        f = figures.get(team.sandbox_id, {})
        readiness = assess(
            shares(f),
            score_percent=result.get("scenario_percent"),
            passed=result.get("passed"),
        )
        if team.sandbox_id is None:
            readiness.reasons.insert(0, str(ABSENT))
        members = [
            {
                "name": p.user.profile.full_name
                if hasattr(p.user, "profile")
                else p.user.username,
                "positions": p.positions,
                "position_labels": p.position_labels,
                **(result.get("members", {}).get(str(p.pk)) or {}),
            }
            for p in team.participants.all()
        ]
        rows.append(
            CommuneRow(
                team,
                team.commune.name,
                team.version.scenario.title,
                f,
                result,
                readiness,
                members,
            )
        )
    return rows


def build(drill) -> dict:
    """Everything the report shows."""
    rows = commune_rows(drill)
    sandbox_ids = [r.team.sandbox_id for r in rows if r.team.sandbox_id]
    return {
        "drill": drill,
        "timeline": timeline(drill),
        "bottlenecks": bottlenecks(sandbox_ids),
        "rows": rows,
        "average_team": province_average([r.result.get("team_percent") for r in rows]),
        "average_scenario": province_average(
            [r.result.get("scenario_percent") for r in rows]
        ),
        "reference": 100.0,
        "versions": list(drill.versions.select_related("scenario")),
        "ratings": _rating_counts(rows),
    }


def _rating_counts(rows) -> dict:
    counts = defaultdict(int)
    for row in rows:
        counts[row.readiness.rating] += 1
    return dict(counts)
