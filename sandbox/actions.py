"""The one write path of the core: accounts and sandboxes. Every change records an event."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sandbox.models import (
    Commune,
    Position,
    Profile,
    Province,
    Role,
    Sandbox,
    SandboxEvent,
    World,
)
from sandbox.roles import group_for

# Apps that must act when an official's account is created (the signature app issues their
# certificate) register a callable here from AppConfig.ready(); the core imports none of them.
official_created_hooks = []


@transaction.atomic
def create_official(
    *,
    username: str,
    full_name: str,
    role: str,
    province: Province,
    commune: Commune | None = None,
    position: str = Position.OTHER,
    email: str = "",
    phone: str = "",
    password: str | None = None,
    actor=None,
):
    """Create a user with a profile and put them in their role's group."""
    User = get_user_model()
    user = User(username=username, email=email, is_staff=role == Role.ADMINISTRATOR)
    user.is_superuser = role == Role.ADMINISTRATOR
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    profile = Profile(
        user=user,
        full_name=full_name,
        role=role,
        position=position,
        province=province,
        commune=commune,
        phone=phone,
    )
    profile.full_clean(exclude=["user"])
    profile.save()
    user.groups.add(group_for(role))
    for hook in official_created_hooks:
        hook(user, actor=actor)
    return user


@transaction.atomic
def change_role(profile: Profile, role: str, *, actor) -> Profile:
    """Move an official to another role, swapping the role's group."""
    user = profile.user
    user.groups.remove(group_for(profile.role))
    profile.role = role
    profile.full_clean(exclude=["user"])
    profile.save(update_fields=["role"])
    user.groups.add(group_for(role))
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff", "is_superuser"])
    return profile


def _record(sandbox: Sandbox, action: str, *, actor, **data) -> SandboxEvent:
    return SandboxEvent.objects.create(
        sandbox=sandbox, actor=actor, action=action, data=data, sim_time=sandbox.now()
    )


@transaction.atomic
def open_sandbox(
    *,
    world: World,
    commune: Commune,
    kind: str,
    owner=None,
    start: datetime | None = None,
    speed: float = 1.0,
    paused: bool = False,
    actor=None,
) -> Sandbox:
    """Open a sandbox on `world` for `commune`; its clock starts at `start` (default: now)."""
    wall_now = timezone.now()
    sandbox = Sandbox.objects.create(
        world=world,
        commune=commune,
        owner=owner,
        kind=kind,
        sim_anchor=start or wall_now,
        wall_anchor=wall_now,
        speed=speed,
        paused=paused,
    )
    _record(sandbox, "sandbox.opened", actor=actor, kind=kind, speed=speed)
    return sandbox


def _locked(sandbox: Sandbox) -> Sandbox:
    return Sandbox.objects.select_for_update().get(pk=sandbox.pk)


def _apply_clock(sandbox: Sandbox, action: str, *, actor, **changes) -> Sandbox:
    locked = _locked(sandbox)
    before = locked.now()
    state = locked.clock.rebased(timezone.now(), **changes)
    locked.sim_anchor, locked.wall_anchor = state.sim_anchor, state.wall_anchor
    locked.speed, locked.paused = state.speed, state.paused
    locked.save(update_fields=["sim_anchor", "wall_anchor", "speed", "paused"])
    _record(locked, action, actor=actor, at=before, **changes)
    return locked


@transaction.atomic
def pause_clock(sandbox: Sandbox, *, actor) -> Sandbox:
    """Freeze the sandbox's simulated time."""
    return _apply_clock(sandbox, "sandbox.clock_paused", actor=actor, paused=True)


@transaction.atomic
def resume_clock(sandbox: Sandbox, *, actor) -> Sandbox:
    """Let simulated time run again from where it stopped."""
    return _apply_clock(sandbox, "sandbox.clock_resumed", actor=actor, paused=False)


@transaction.atomic
def set_clock_speed(sandbox: Sandbox, speed: float, *, actor) -> Sandbox:
    """Change how many simulated seconds pass per wall second, without a jump."""
    if speed <= 0:
        raise ValueError("speed must be positive")
    return _apply_clock(
        sandbox, "sandbox.clock_speed_changed", actor=actor, speed=speed
    )


@transaction.atomic
def advance_clock(sandbox: Sandbox, delta, *, actor) -> Sandbox:
    """Jump simulated time forward by `delta` (a trainer skipping to the next working day)."""
    if delta.total_seconds() <= 0:
        raise ValueError("the clock only moves forward")
    locked = _locked(sandbox)
    before = locked.now()
    locked.sim_anchor, locked.wall_anchor = before + delta, timezone.now()
    locked.save(update_fields=["sim_anchor", "wall_anchor"])
    _record(
        locked,
        "sandbox.clock_advanced",
        actor=actor,
        at=before,
        seconds=delta.total_seconds(),
    )
    return locked


@transaction.atomic
def close_sandbox(sandbox: Sandbox, *, actor) -> Sandbox:
    """Close a sandbox: it stays readable (events, scores) but takes no more work."""
    locked = _locked(sandbox)
    if locked.status != Sandbox.Status.OPEN:
        return locked
    locked.status, locked.closed_at = Sandbox.Status.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    _record(locked, "sandbox.closed", actor=actor)
    return locked
