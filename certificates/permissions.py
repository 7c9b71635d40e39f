"""Who may revoke, re-issue and bulk-issue certificates.

Administrators everywhere; trainers and coordinators (the roles that hold
sandbox.author_scenarios) for recipients of their own province only.
"""

from sandbox.models import Role

STAFF_ROLES = {Role.TRAINER, Role.COORDINATOR, Role.ADMINISTRATOR}


def _profile(user):
    return getattr(user, "profile", None) if user and user.is_authenticated else None


def is_administrator(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    profile = _profile(user)
    return user.is_superuser or bool(profile and profile.role == Role.ADMINISTRATOR)


def is_staff(user) -> bool:
    """May manage certificates at all (of some province)."""
    if is_administrator(user):
        return True
    profile = _profile(user)
    return bool(
        profile
        and profile.role in STAFF_ROLES
        and user.has_perm("sandbox.author_scenarios")
    )


def staff_province(user):
    """The province a trainer or coordinator manages; None for administrators (all)."""
    if is_administrator(user):
        return None
    return _profile(user).province


def may_manage_user(actor, recipient) -> bool:
    if not is_staff(actor):
        return False
    if is_administrator(actor):
        return True
    profile = getattr(recipient, "profile", None) if recipient else None
    return bool(profile and profile.province_id == _profile(actor).province_id)


def may_manage(actor, certificate) -> bool:
    return may_manage_user(actor, certificate.recipient)


def manageable(actor, queryset):
    """`queryset` of certificates narrowed to those `actor` may manage."""
    if not is_staff(actor):
        return queryset.none()
    province = staff_province(actor)
    return queryset if province is None else queryset.in_province(province)
