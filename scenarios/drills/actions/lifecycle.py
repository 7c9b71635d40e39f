"""The drill's life: lobby, admission in waves, start, pause, resume, end (with scores)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sandbox import actions as core
from sandbox.models import Sandbox
from scenarios.drills import integration
from scenarios.drills.actions._common import (
    DrillError,
    earlier_submission,
    locked,
    move,
    record,
    require_coordinator,
    token_data,
)
from scenarios.drills.actions.teams import prepare_team
from scenarios.drills.admission import admission_time, seconds_until, wave_of
from scenarios.drills.attendance import Attendance, attendance
from scenarios.drills.broadcast import notify_drill
from scenarios.drills.models import Drill, DrillParticipant, DrillTeam
from scenarios.drills.notices import status_notice
from scenarios.drills.results import team_result

# Apps that act once a drill has ended and its teams are scored (certificates issue to the
# members of passing teams) append fn(drill, *, actor) here from their AppConfig.ready().
drill_ended_hooks = []


class TeamsNotReady(DrillError):
    """Some teams are not ready and the coordinator has not confirmed starting without
    them; `attendance` says which."""

    def __init__(self, roll: Attendance):
        self.attendance = roll
        super().__init__(roll.confirmation_needed())


class NotAdmittedYet(DrillError):
    """The participant's wave has not come yet; `seconds` says how long to wait."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(
            _("Chưa đến lượt vào của bạn; xin chờ khoảng %(s)d giây.")
            % {"s": round(seconds) or 1}
        )


def _sandboxes(drill: Drill):
    return (
        Sandbox.objects.filter(drill_team__drill=drill, status=Sandbox.Status.OPEN)
        .select_for_update()
        .order_by("pk")
    )


@transaction.atomic
def open_lobby(drill: Drill, *, actor) -> Drill:
    """Open the lobby: participants may come in and take a ticket; team sandboxes are
    opened now, in the background, so that the start itself is light."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    move(drill, Drill.Status.LOBBY)
    drill.lobby_opened_at = timezone.now()
    drill.save(update_fields=["status", "lobby_opened_at"])
    event = record(drill, "drill.lobby_opened", actor=actor)
    notify_drill(drill.pk, status_notice(drill), event=event)
    from scenarios.drills.tasks import prepare_drill_teams

    drill_id, actor_id = drill.pk, actor.pk if actor else None
    transaction.on_commit(lambda: prepare_drill_teams.enqueue(drill_id, actor_id))
    return drill


@transaction.atomic
def enter_lobby(participant: DrillParticipant) -> DrillParticipant:
    """Give the participant a ticket (once): their place in the admission waves."""
    if participant.ticket is not None:
        return participant
    drill = Drill.objects.select_for_update().get(pk=participant.drill_id)
    if drill.status in (Drill.Status.SCHEDULED, Drill.Status.ENDED):
        raise DrillError(_("Phòng chờ của buổi diễn tập chưa mở hoặc đã đóng."))
    Drill.objects.filter(pk=drill.pk).update(tickets_issued=F("tickets_issued") + 1)
    participant.ticket = drill.tickets_issued + 1
    participant.lobby_at = timezone.now()
    participant.save(update_fields=["ticket", "lobby_at"])
    return participant


def admission_of(participant: DrillParticipant, drill: Drill):
    """When the participant's wave enters (None before the start or without a ticket)."""
    if participant.ticket is None or drill.started_at is None:
        return None
    return admission_time(
        participant.ticket,
        started_at=drill.started_at,
        wave_size=drill.wave_size,
        rate=drill.admission_rate,
    )


def wave(participant: DrillParticipant, drill: Drill) -> int | None:
    if participant.ticket is None:
        return None
    return wave_of(participant.ticket, drill.wave_size)


def admit(participant: DrillParticipant, *, now=None) -> DrillParticipant:
    """Let the participant into the drill if their wave has come (only flips a flag)."""
    if participant.admitted_at is not None:
        return participant
    drill = participant.drill
    if not drill.is_live:
        raise DrillError(_("Buổi diễn tập chưa bắt đầu hoặc đã kết thúc."))
    if participant.ticket is None:
        participant = enter_lobby(participant)
    moment = admission_of(participant, drill)
    now = now or timezone.now()
    if moment is not None and moment > now:
        raise NotAdmittedYet(seconds_until(moment, now))
    DrillParticipant.objects.filter(pk=participant.pk, admitted_at__isnull=True).update(
        admitted_at=now
    )
    participant.admitted_at = now
    return participant


def _prepare_all(drill: Drill, actor) -> None:
    for team in drill.teams.filter(sandbox__isnull=True):
        prepare_team(team, actor=actor)


def _check_attendance(drill: Drill, start_without) -> list[int]:
    """Refuse a start with no team ready, or leaving behind teams not agreed to; the
    teams not ready that the drill starts without."""
    roll = attendance(drill)
    missing = roll.missing()
    if missing:
        raise DrillError(missing)
    if roll.unconfirmed(start_without):
        raise TeamsNotReady(roll)
    return [t.id for t in roll.not_ready]


@transaction.atomic
def start_drill(drill: Drill, *, actor, start_without=(), token: str = "") -> Drill:
    """Start every team's clock at once (from the lobby); admission waves begin now.

    Refused while no team is ready; teams not ready start only if their pks are in
    `start_without` (the coordinator confirmed). A repeated `token` starts nothing more."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    if earlier_submission(drill, "drill.started", token) is not None:
        return drill
    move(drill, Drill.Status.RUNNING)
    left_behind = _check_attendance(drill, start_without)
    _prepare_all(drill, actor)
    for sandbox in _sandboxes(drill):
        if sandbox.speed != drill.speed:
            sandbox = core.set_clock_speed(sandbox, drill.speed, actor=actor)
        if sandbox.paused:
            core.resume_clock(sandbox, actor=actor)
    drill.started_at = timezone.now()
    drill.save(update_fields=["status", "started_at"])
    extra = {"started_without": left_behind} if left_behind else {}
    event = record(drill, "drill.started", actor=actor, **extra, **token_data(token))
    notify_drill(drill.pk, status_notice(drill), event=event)
    return drill


@transaction.atomic
def pause_drill(drill: Drill, *, actor) -> Drill:
    """Freeze every team's clock, in one transaction."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    move(drill, Drill.Status.PAUSED)
    for sandbox in _sandboxes(drill):
        if not sandbox.paused:
            core.pause_clock(sandbox, actor=actor)
    drill.save(update_fields=["status"])
    event = record(drill, "drill.paused", actor=actor)
    notify_drill(drill.pk, status_notice(drill), event=event)
    return drill


@transaction.atomic
def resume_drill(drill: Drill, *, actor) -> Drill:
    """Let every team's clock run again, in one transaction."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    if drill.status != Drill.Status.PAUSED:
        raise DrillError(_("Buổi diễn tập không ở trạng thái tạm dừng."))
    move(drill, Drill.Status.RUNNING)
    for sandbox in _sandboxes(drill):
        if sandbox.paused:
            core.resume_clock(sandbox, actor=actor)
    drill.save(update_fields=["status"])
    event = record(drill, "drill.resumed", actor=actor)
    notify_drill(drill.pk, status_notice(drill), event=event)
    return drill


def _score_team(team: DrillTeam, actor) -> None:
    score = integration.finish_team(team.sandbox, actor=actor)
    if score is None:
        return
    members = list(team.participants.values_list("pk", "positions"))
    team.result = team_result(score, integration.rubric_items(team.version), members)
    team.save(update_fields=["result"])


@transaction.atomic
def end_drill(drill: Drill, *, actor) -> Drill:
    """End the drill: score every team through the scenario's scoring and close sandboxes."""
    require_coordinator(actor, drill)
    drill = locked(drill)
    move(drill, Drill.Status.ENDED)
    for team in drill.teams.filter(sandbox__isnull=False).select_related(
        "sandbox", "version"
    ):
        _score_team(team, actor)
    drill.ended_at = timezone.now()
    drill.save(update_fields=["status", "ended_at"])
    event = record(drill, "drill.ended", actor=actor)
    notify_drill(drill.pk, status_notice(drill), event=event)
    for hook in drill_ended_hooks:
        hook(drill, actor=actor)
    return drill
