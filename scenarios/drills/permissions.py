"""Who may do what with a drill: coordinators of its province steer it; its participants play."""

from sandbox.models import Role


def _profile(user):
    return getattr(user, "profile", None) if user and user.is_authenticated else None


def may_run_drills(user, province) -> bool:
    """Coordinators (and administrators) with the permission, for their own province."""
    if not (user and user.is_authenticated and user.has_perm("sandbox.run_drills")):
        return False
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is None:
        return False
    if profile.role == Role.ADMINISTRATOR:
        return True
    return profile.role == Role.COORDINATOR and profile.province_id == province.pk


def may_control(user, drill) -> bool:
    return may_run_drills(user, drill.province)


def participant_of(user, drill):
    """The user's seat in `drill`, or None."""
    if not (user and user.is_authenticated):
        return None
    from scenarios.drills.models import DrillParticipant

    return (
        DrillParticipant.objects.select_related("team__sandbox", "team__commune")
        .filter(drill=drill, user=user)
        .first()
    )
