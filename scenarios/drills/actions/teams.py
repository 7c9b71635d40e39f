"""Scheduling a drill, its commune teams and their members; opening the team sandboxes."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from sandbox import actions as core
from sandbox.models import Commune, Role, World
from scenarios.drills import integration
from scenarios.drills.actions._common import (
    DrillError,
    record,
    require_coordinator,
    require_open,
)
from scenarios.drills.models import POSITIONS, Drill, DrillParticipant, DrillTeam


@transaction.atomic
def schedule_drill(
    *,
    province,
    title: str,
    versions: list,
    world: World,
    start_at: datetime,
    speed: float = 60.0,
    admission_rate: float = 20.0,
    wave_size: int = 20,
    actor,
) -> Drill:
    """A coordinator schedules a drill of their province on one or more scenario versions."""
    require_coordinator(actor, province)
    if not versions:
        raise DrillError(_("Phải chọn ít nhất một kịch bản."))
    if world.province_id != province.pk:
        raise DrillError(_("Thế giới mô phỏng không thuộc tỉnh tổ chức diễn tập."))
    drill = Drill.objects.create(
        province=province,
        title=title.strip(),
        world=world,
        start_at=start_at,
        speed=speed,
        admission_rate=admission_rate,
        wave_size=wave_size,
        created_by=actor,
    )
    drill.versions.set(versions)
    record(
        drill,
        "drill.scheduled",
        actor=actor,
        versions=[v.pk for v in versions],
        start_at=start_at,
    )
    return drill


@transaction.atomic
def add_team(drill: Drill, commune: Commune, *, version=None, actor) -> DrillTeam:
    """Add a commune's team (idempotent); scenarios are dealt round-robin unless chosen."""
    require_coordinator(actor, drill)
    require_open(drill)
    if commune.province_id != drill.province_id:
        raise DrillError(
            _("Xã, phường %(name)s không thuộc tỉnh tổ chức diễn tập.")
            % {"name": commune.name}
        )
    existing = DrillTeam.objects.filter(drill=drill, commune=commune).first()
    if existing:
        return existing
    versions = list(drill.versions.order_by("pk"))
    if version is None:
        version = versions[drill.teams.count() % len(versions)]
    elif version not in versions:
        raise DrillError(_("Kịch bản này không thuộc buổi diễn tập."))
    team = DrillTeam.objects.create(drill=drill, commune=commune, version=version)
    record(drill, "team.added", actor=actor, team=team.pk, commune=commune.pk)
    if drill.status != Drill.Status.SCHEDULED:
        team = prepare_team(team, actor=actor)
    return team


def _clean_positions(positions) -> list[str]:
    chosen = [p for p in POSITIONS if p in set(positions or ())]
    if not chosen:
        raise DrillError(_("Phải chọn ít nhất một vị trí cho người tham gia."))
    return chosen


def _check_official(team: DrillTeam, user) -> None:
    profile = getattr(user, "profile", None)
    if profile is None or profile.role != Role.TRAINEE:
        raise DrillError(_("Chỉ cán bộ cấp xã mới tham gia đội diễn tập."))
    if profile.commune_id != team.commune_id:
        raise DrillError(
            _("%(name)s không phải cán bộ của %(commune)s.")
            % {"name": profile.full_name, "commune": team.commune.name}
        )


@transaction.atomic
def assign_participant(team: DrillTeam, user, positions, *, actor) -> DrillParticipant:
    """Put an official of the team's commune in the team with these positions."""
    drill = team.drill
    require_coordinator(actor, drill)
    require_open(drill)
    _check_official(team, user)
    positions = _clean_positions(positions)
    other = DrillParticipant.objects.filter(drill=drill, user=user).first()
    if other and other.team_id != team.pk:
        raise DrillError(_("Cán bộ này đã thuộc một đội khác của buổi diễn tập."))
    participant, created = DrillParticipant.objects.get_or_create(
        drill=drill, user=user, defaults={"team": team, "positions": positions}
    )
    if not created and participant.positions != positions:
        participant.positions = sorted(set(participant.positions) | set(positions))
        participant.save(update_fields=["positions"])
    if team.sandbox_id:
        integration.seat(team.sandbox, user, participant.positions)
    elif drill.status != Drill.Status.SCHEDULED:
        prepare_team(team, actor=actor)  # a team added after the lobby opened
    record(
        drill,
        "participant.assigned",
        actor=actor,
        team=team.pk,
        user=user.pk,
        positions=participant.positions,
    )
    return participant


def default_positions(profile) -> list[str]:
    """A commune official's drill position: their own, or specialist for "other"."""
    return [profile.position] if profile.position in POSITIONS else ["specialist"]


@transaction.atomic
def add_cohort(drill: Drill, cohort, *, actor) -> int:
    """Put every current commune-level member of `cohort` in their commune's team (added if
    missing), at their own position; returns how many joined. Members already in the
    drill keep their seat."""
    require_coordinator(actor, drill)
    require_open(drill)
    if cohort.province_id != drill.province_id:
        raise DrillError(_("Nhóm cán bộ này thuộc tỉnh khác."))
    present = set(
        DrillParticipant.objects.filter(drill=drill).values_list("user_id", flat=True)
    )
    joined = 0
    for user in cohort.members().filter(
        profile__role=Role.TRAINEE, profile__commune__isnull=False
    ):
        if user.pk in present:
            continue
        team = add_team(drill, user.profile.commune, actor=actor)
        assign_participant(team, user, default_positions(user.profile), actor=actor)
        joined += 1
    record(drill, "cohort.added", actor=actor, cohort=cohort.pk, joined=joined)
    return joined


def _captain(members: list[DrillParticipant]) -> DrillParticipant:
    """The attempt's nominal owner: the receiving officer if there is one."""
    for member in members:
        if "receiving_officer" in member.positions:
            return member
    return members[0]


@transaction.atomic
def prepare_team(team: DrillTeam, *, actor, now: datetime | None = None) -> DrillTeam:
    """Open the team's sandbox (an attempt of mode drill) with its clock paused, or
    running when the drill already is.

    Done before the start, so that starting thousands of people only flips clocks and flags.
    """
    team = DrillTeam.objects.select_for_update().select_related("drill").get(pk=team.pk)
    if team.sandbox_id:
        return team
    members = list(team.participants.select_related("user__profile"))
    if not members:
        return team  # nobody to play yet; opened when the first member is assigned
    drill = team.drill
    try:
        sandbox = integration.start_team(
            team.version,
            captain=_captain(members).user,
            members={m.user: m.positions for m in members},
            world=drill.world,
            actor=actor,
            now=now or drill.start_at,
        )
    except integration.TeamError as error:
        raise DrillError(error) from error
    # Paused until the start; a team that joins a running drill plays at once.
    running = drill.status == Drill.Status.RUNNING
    if running and sandbox.paused:
        sandbox = core.resume_clock(sandbox, actor=actor)
    elif not running and not sandbox.paused:
        sandbox = core.pause_clock(sandbox, actor=actor)
    if sandbox.speed != drill.speed:
        sandbox = core.set_clock_speed(sandbox, drill.speed, actor=actor)
    team.sandbox = sandbox
    team.save(update_fields=["sandbox"])
    record(drill, "team.prepared", actor=actor, team=team.pk, sandbox=sandbox.pk)
    return team


def prepare_teams(drill: Drill, *, actor) -> int:
    """Open every team's sandbox that is not open yet, one transaction per team."""
    count = 0
    for team in drill.teams.filter(sandbox__isnull=True).order_by("pk"):
        if prepare_team(team, actor=actor).sandbox_id:
            count += 1
    return count


def prepared_counts(drill: Drill) -> tuple[int, int]:
    teams = drill.teams.all()
    return teams.filter(sandbox__isnull=False).count(), teams.count()
