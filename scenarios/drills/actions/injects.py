"""What coordinators send during a drill: announcements, live injects, demand surges."""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from fake_portal.catalogue import load_catalogue
from fake_portal.models import ScheduledAction
from sandbox.models import SandboxEvent
from scenarios.drills.actions._common import (
    DrillError,
    earlier_submission,
    locked,
    record,
    require_coordinator,
    require_open,
    token_data,
)
from scenarios.drills.arrivals import surge_offsets
from scenarios.drills.broadcast import notify_drill
from scenarios.drills.models import Announcement, Drill, DrillInject, DrillTeam
from scenarios.drills.notices import announcement_notice, inject_notice

SURGE_JOB = "drill_surge"
MAX_SURGE = 2000  # dossiers per commune in one surge
FAULTS = {
    "token_missing",
    "wrong_pin",
    "token_locked",
    "certificate_expired",
    "certificate_revoked",
    "remote_timeout",
}


@transaction.atomic
def announce(drill: Drill, message: str, *, actor, token: str = "") -> Announcement:
    """Broadcast an announcement to every participant (and the control room); a repeated
    `token` returns the announcement it already made."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    earlier = earlier_submission(drill, "announcement.made", token)
    if earlier is not None:
        return Announcement.objects.get(pk=earlier.data["announcement"])
    require_open(drill)
    message = (message or "").strip()
    if not message:
        raise DrillError(_("Nội dung thông báo không được để trống."))
    announcement = Announcement.objects.create(
        drill=drill, message=message[:2000], author=actor
    )
    event = record(
        drill,
        "announcement.made",
        actor=actor,
        announcement=announcement.pk,
        **token_data(token),
    )
    notify_drill(drill.pk, announcement_notice(announcement), event=event)
    return announcement


def _targets(drill: Drill, teams) -> list[DrillTeam]:
    chosen = drill.teams.filter(sandbox__isnull=False).select_related("sandbox")
    if teams:
        chosen = chosen.filter(pk__in=[getattr(t, "pk", t) for t in teams])
    found = list(chosen)
    if not found:
        raise DrillError(_("Không có đội nào đã sẵn sàng để nhận tình huống."))
    return found


def _check_params(kind: str, params: dict) -> dict:
    if kind in (DrillInject.Kind.NEW_DOSSIER, DrillInject.Kind.SURGE):
        code = params.get("procedure") or "1.001193"
        try:
            load_catalogue().get(code)
        except KeyError:
            raise DrillError(
                _("Không có thủ tục mã %(code)s trong danh mục.") % {"code": code}
            ) from None
        params = {**params, "procedure": code}
    if kind == DrillInject.Kind.SURGE:
        count, minutes = int(params.get("count", 0)), float(params.get("minutes", 0))
        if not 1 <= count <= MAX_SURGE or minutes <= 0:
            raise DrillError(
                _("Số hồ sơ mỗi xã từ 1 đến %(max)d và thời gian phải lớn hơn 0.")
                % {"max": MAX_SURGE}
            )
        params = {**params, "count": count, "minutes": minutes}
    if kind in (DrillInject.Kind.TOKEN_FAILURE, DrillInject.Kind.CLEAR_TOKEN_FAILURE):
        fault = params.get("fault") or "token_missing"
        if fault not in FAULTS:
            raise DrillError(_("Loại sự cố chữ ký số không hợp lệ."))
        params = {**params, "fault": fault}
    return params


def _schedule_arrivals(team, inject, params) -> int:
    sandbox = team.sandbox
    now = sandbox.now()
    count = params.get("count", 1)
    window = float(params.get("minutes", 0)) * 60
    offsets = surge_offsets(count, window, seed=f"{inject.pk}:{team.pk}")
    ScheduledAction.objects.bulk_create(
        ScheduledAction(
            sandbox=sandbox,
            kind=SURGE_JOB,
            run_at=now + timedelta(seconds=offset),
            data={
                "inject": inject.pk,
                "seed": f"{inject.pk}:{index}",
                "procedure": params["procedure"],
                "channel": params.get("channel"),
            },
        )
        for index, offset in enumerate(offsets)
    )
    return count


def _apply(team: DrillTeam, inject: DrillInject, params: dict, actor) -> None:
    from fake_portal.signatures import actions as signatures

    sandbox = team.sandbox
    kind = inject.kind
    if kind in (DrillInject.Kind.NEW_DOSSIER, DrillInject.Kind.SURGE):
        _schedule_arrivals(team, inject, params)
    elif kind == DrillInject.Kind.TOKEN_FAILURE:
        signatures.inject_fault(sandbox, None, params["fault"], actor=actor)
    elif kind == DrillInject.Kind.CLEAR_TOKEN_FAILURE:
        signatures.clear_fault(sandbox, None, params["fault"], actor=actor)
    # The team's own log says the inject fired, so its timeline and scoring can see it.
    SandboxEvent.objects.create(
        sandbox=sandbox,
        actor=actor,
        action="scenario.inject_fired",
        data={"source": "drill", "inject": inject.pk, "kind": kind, **params},
        sim_time=sandbox.now(),
    )


@transaction.atomic
def fire_inject(
    drill: Drill,
    kind: str,
    *,
    teams=None,
    params: dict | None = None,
    message: str = "",
    actor,
    token: str = "",
) -> DrillInject:
    """Fire an inject live in every team (teams=None) or in the chosen teams; a repeated
    `token` returns the inject it already fired."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    earlier = earlier_submission(drill, "inject.fired", token)
    if earlier is not None:
        return DrillInject.objects.get(pk=earlier.data["inject"])
    if not drill.is_live:
        raise DrillError(_("Chỉ phát tình huống khi buổi diễn tập đang diễn ra."))
    if kind not in DrillInject.Kind.values:
        raise DrillError(_("Loại tình huống không hợp lệ."))
    params = _check_params(kind, dict(params or {}))
    targets = _targets(drill, teams)
    inject = DrillInject.objects.create(
        drill=drill, kind=kind, params=params, message=message.strip(), fired_by=actor
    )
    if teams:
        inject.teams.set(targets)
    for team in targets:
        _apply(team, inject, params, actor)
    event = record(
        drill,
        "inject.fired",
        actor=actor,
        inject=inject.pk,
        kind=kind,
        teams=[t.pk for t in targets] if teams else "all",
        **params,
        **token_data(token),
    )
    team_ids = [t.pk for t in targets] if teams else None
    notify_drill(drill.pk, inject_notice(inject, team_ids), event=event)
    return inject


def unleash_surge(
    drill: Drill,
    *,
    procedure: str,
    count: int,
    minutes: float,
    teams=None,
    message: str = "",
    actor,
    token: str = "",
) -> DrillInject:
    """A surge of `count` dossiers per commune over `minutes` of sandbox time, arriving on a
    Poisson curve that ramps up then decays (arrivals.py)."""
    return fire_inject(
        drill,
        DrillInject.Kind.SURGE,
        teams=teams,
        params={"procedure": procedure, "count": count, "minutes": minutes},
        message=message,
        actor=actor,
        token=token,
    )
