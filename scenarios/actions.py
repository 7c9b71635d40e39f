"""The one write path of scenarios: versions, attempts, arrivals, injects, scoring."""

import hashlib
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fake_portal import actions as portal
from fake_portal import deadlines
from fake_portal.models import ScheduledAction
from sandbox import actions as core
from sandbox.models import Sandbox, SandboxEvent
from scenarios import planning
from scenarios.models import Attempt, Scenario, ScenarioVersion
from scenarios.spec import parse

ARRIVAL, INJECT, PULSE, TIMEOUT = (
    "scenario_dossier",
    "scenario_inject",
    "scenario_pulse",
    "scenario_timeout",
)
PULSE_EVERY = timedelta(minutes=10)  # sim time between checks of citizens and agencies
SANDBOX_KIND = {
    Attempt.Mode.PRACTICE: Sandbox.Kind.ATTEMPT,
    Attempt.Mode.SESSION: Sandbox.Kind.SESSION,
    Attempt.Mode.DRILL: Sandbox.Kind.DRILL_TEAM,
}
# Apps that act when an attempt ends and is scored (certificates apply their issuing rules)
# append fn(attempt, *, actor) here from their AppConfig.ready(); scenarios imports none.
attempt_finished_hooks = []


class AttemptError(ValueError):
    """An attempt cannot start or change now; the message is for the user."""


def _record(sandbox, action: str, *, actor=None, at=None, **data) -> SandboxEvent:
    return SandboxEvent.objects.create(
        sandbox=sandbox,
        actor=actor,
        action=action,
        data=data,
        sim_time=at or sandbox.now(),
    )


# --- versions ----------------------------------------------------------------------------


def digest_of(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@transaction.atomic
def save_version(
    source: str,
    *,
    actor,
    scenario: Scenario | None = None,
    note: str = "",
    built_in: bool = False,
    publish: bool | None = None,
) -> ScenarioVersion:
    """Validate `source` and store it as the next version (SpecError when invalid).

    Saving the text of the current version again changes nothing and returns it.
    """
    spec = parse(source)
    if scenario is None:
        scenario = (
            Scenario.objects.select_for_update().filter(slug=spec["slug"]).first()
        )
    else:
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    digest = digest_of(source)
    if scenario and scenario.current and scenario.current.digest == digest:
        if publish is not None:
            _publish(scenario, publish)
        return scenario.current
    if scenario is None:
        scenario = Scenario.objects.create(
            slug=spec["slug"], title=spec["title"], created_by=actor, built_in=built_in
        )
    elif spec["slug"] != scenario.slug:
        from scenarios.spec import Problem, SpecError

        raise SpecError([Problem(0, "$.slug", _("Không đổi được mã kịch bản đã có."))])
    number = (
        scenario.versions.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    version = ScenarioVersion.objects.create(
        scenario=scenario,
        number=number,
        source=source,
        spec=spec,
        digest=digest,
        note=note[:200],
        created_by=actor,
    )
    scenario.current, scenario.title = version, spec["title"]
    scenario.save(update_fields=["current", "title"])
    if publish is not None:
        _publish(scenario, publish)
    return version


def _publish(scenario: Scenario, publish: bool) -> None:
    status = Scenario.Status.PUBLISHED if publish else Scenario.Status.DRAFT
    if scenario.status != status:
        scenario.status = status
        scenario.save(update_fields=["status"])


@transaction.atomic
def set_status(scenario: Scenario, status: str, *, actor) -> Scenario:
    """Publish, unpublish or archive a scenario."""
    if status not in Scenario.Status.values:
        raise ValueError(status)
    scenario.status = status
    scenario.save(update_fields=["status"])
    return scenario


# --- worlds ------------------------------------------------------------------------------


def ensure_world(recipe, *, actor=None):
    """The ready world of `recipe`, generated now if it does not exist yet."""
    from fake_portal.population import actions as population
    from sandbox.models import World

    world = planning.find_world(recipe)
    if world is not None:
        return world
    province, seed, citizens = recipe
    world = World.objects.filter(
        province_id=province, seed=seed, citizens=citizens
    ).first()
    if world is None:
        world = population.create_world(
            province_code=province, citizens=citizens, seed=seed, actor=actor
        )
    if world.status in (World.Status.PENDING, World.Status.FAILED):
        population.generate_world(world, actor=actor)
    world.refresh_from_db()
    if world.status != World.Status.READY:
        raise AttemptError(
            _("Thế giới mô phỏng đang được tạo; xin thử lại sau ít phút.")
        )
    return world


# --- attempts ----------------------------------------------------------------------------


def plan_for(version: ScenarioVersion, user, *, world=None, now=None) -> planning.Plan:
    """The plan an attempt of `version` by `user` would follow (reads only)."""
    profile = getattr(user, "profile", None)
    spec = version.spec
    unit = planning.resolve_unit(spec, profile)
    if world is None:
        world = planning.find_world(planning.world_recipe(spec, profile))
        if world is None:
            raise planning.PlanError(_("Thế giới mô phỏng của kịch bản chưa được tạo."))
    return planning.make_plan(
        spec,
        world=world,
        unit=unit,
        now=now or timezone.now(),
        salt=planning.salt_of(version),
    )


def _schedule(sandbox, plan, attempt) -> None:
    jobs = [
        ScheduledAction(
            sandbox=sandbox,
            kind=ARRIVAL,
            run_at=d.arrive_at,
            data={"attempt": attempt.pk, "key": d.key, "applicant": d.applicant_id},
        )
        for d in plan.dossiers
        if d.arrive_at is not None
    ]
    jobs += [
        ScheduledAction(
            sandbox=sandbox,
            kind=INJECT,
            run_at=inject.at,
            data={"attempt": attempt.pk, "index": index},
        )
        for index, inject in enumerate(plan.injects)
        if inject.kind != "new_dossier"
    ]
    jobs.append(
        ScheduledAction(
            sandbox=sandbox, kind=PULSE, run_at=plan.start, data={"attempt": attempt.pk}
        )
    )
    jobs.append(
        ScheduledAction(
            sandbox=sandbox,
            kind=TIMEOUT,
            run_at=plan.ends_at,
            data={"attempt": attempt.pk},
        )
    )
    ScheduledAction.objects.bulk_create(jobs)


def _team_positions(plan, user, team):
    seats = {user: plan.roles} if not team else {}
    for member, positions in (team or {}).items():
        seats[member] = positions
    return seats


@transaction.atomic
def start_attempt(
    version: ScenarioVersion,
    *,
    user,
    mode: str = Attempt.Mode.PRACTICE,
    actor=None,
    world=None,
    team: dict | None = None,
    now=None,
    session=None,
) -> Attempt:
    """Open a sandbox for `user` on the scenario's world, seat them, schedule its timeline.

    `team` (drills) maps users to the positions they hold; by default the trainee alone
    holds every role the scenario names. `session`: the trainer-led session the attempt
    belongs to. Documents are made when dossiers arrive.
    """
    if mode not in Attempt.Mode.values:
        raise AttemptError(_("Hình thức làm bài không hợp lệ."))
    if not allows(version, mode):
        raise AttemptError(
            _("Kịch bản này không dùng cho hình thức “%(mode)s”.")
            % {"mode": Attempt.Mode(mode).label}
        )
    try:
        plan = plan_for(version, user, world=world, now=now)
    except planning.PlanError as error:
        raise AttemptError(str(error)) from error
    sandbox = core.open_sandbox(
        world=plan.world,
        commune=plan.unit,
        kind=SANDBOX_KIND[mode],
        owner=user,
        start=plan.start,
        speed=plan.speed,
        actor=actor or user,
    )
    for member, positions in _team_positions(plan, user, team).items():
        portal.take_seats(sandbox, member, positions)
    attempt = Attempt.objects.create(
        user=user,
        version=version,
        sandbox=sandbox,
        mode=mode,
        session=session,
        started_by=actor or user,
        sim_started_at=plan.start,
        ends_at=plan.ends_at,
    )
    _schedule(sandbox, plan, attempt)
    _record(
        sandbox,
        "scenario.started",
        actor=actor or user,
        at=plan.start,
        attempt=attempt.pk,
        scenario=version.scenario.slug,
        version=version.number,
        mode=mode,
        **({"session": session.pk} if session else {}),
    )
    return attempt


def _locked(attempt: Attempt) -> Attempt:
    return (
        Attempt.objects.select_for_update()
        .select_related("sandbox", "version")
        .get(pk=attempt.pk)
    )


@transaction.atomic
def finish_attempt(attempt: Attempt, *, actor, timed_out: bool = False) -> Attempt:
    """End the attempt (the trainee submits, or time runs out), close its sandbox, score it."""
    locked = _locked(attempt)
    if not locked.is_running:
        return locked  # a second click, or the time-out after a submission
    sandbox = locked.sandbox
    locked.status = Attempt.Status.TIMED_OUT if timed_out else Attempt.Status.FINISHED
    locked.finished_at = timezone.now()
    _record(
        sandbox,
        "scenario.finished",
        actor=actor,
        timed_out=timed_out,
        attempt=locked.pk,
    )
    _write_score(locked)
    locked.save(
        update_fields=["status", "finished_at", "score", "total", "max_total", "passed"]
    )
    core.close_sandbox(sandbox, actor=actor)
    for hook in attempt_finished_hooks:
        hook(locked, actor=actor)
    return locked


def _write_score(attempt: Attempt) -> None:
    from scenarios.events import events_for
    from scenarios.scoring import score

    result = score(
        attempt.version.spec["rubric"], events_for(attempt.sandbox, attempt=attempt)
    )
    attempt.score = result.as_dict()
    attempt.total, attempt.max_total, attempt.passed = (
        result.total,
        result.max,
        result.passed,
    )


@transaction.atomic
def rescore_attempt(attempt: Attempt, *, actor=None) -> Attempt:
    """Score a finished attempt again from its event log (same version, same events)."""
    locked = _locked(attempt)
    if locked.is_running:
        raise AttemptError(_("Lượt làm bài chưa kết thúc."))
    _write_score(locked)
    locked.save(update_fields=["score", "total", "max_total", "passed"])
    return locked


def check_time(attempt: Attempt) -> Attempt:
    """Time the attempt out if its sandbox clock has passed the end (any page may ask)."""
    if attempt.is_running and attempt.sandbox.now() >= attempt.ends_at:
        return finish_attempt(attempt, actor=None, timed_out=True)
    return attempt


# --- the clock, for self-paced practice and trainer-led sessions -------------------------


def until_next_morning(now: datetime) -> timedelta:
    """How far the clock must skip to reach the next working day's opening."""
    day = deadlines.next_working_day(now.astimezone(deadlines.VIETNAM).date())
    return datetime.combine(day, deadlines.MORNING[0], tzinfo=deadlines.VIETNAM) - now


def allows(version: ScenarioVersion, mode: str) -> bool:
    """Whether the version's file lets it run as `mode` (naming no modes allows all)."""
    return mode in version.spec.get("modes", Attempt.Mode.values)


def may_control_clock(attempt: Attempt, user) -> bool:
    if attempt.mode == Attempt.Mode.PRACTICE:
        return attempt.user_id == user.pk
    return attempt.started_by_id == user.pk and attempt.started_by_id != attempt.user_id


@transaction.atomic
def advance_attempt_clock(attempt: Attempt, delta: timedelta, *, actor) -> Attempt:
    """Skip simulated time forward (self-paced practice, or the trainer of a session)."""
    if not attempt.is_running:
        raise AttemptError(_("Lượt làm bài đã kết thúc."))
    if not may_control_clock(attempt, actor):
        raise AttemptError(_("Bạn không điều khiển được đồng hồ của lượt làm bài này."))
    core.advance_clock(attempt.sandbox, delta, actor=actor)
    attempt.sandbox.refresh_from_db()
    return attempt


@transaction.atomic
def toggle_attempt_clock(attempt: Attempt, *, actor) -> Attempt:
    """Pause a running clock, or let a paused one run again."""
    if not attempt.is_running or not may_control_clock(attempt, actor):
        raise AttemptError(_("Bạn không điều khiển được đồng hồ của lượt làm bài này."))
    sandbox = attempt.sandbox
    if sandbox.paused:
        core.resume_clock(sandbox, actor=actor)
    else:
        core.pause_clock(sandbox, actor=actor)
    attempt.sandbox.refresh_from_db()
    return attempt
