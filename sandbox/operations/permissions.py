"""Who may manage which officials: coordinators their province's trainees, administrators all."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sandbox.models import Province, Role

# What each role may grant through an import (positions are free; roles are not).
GRANTABLE = {
    Role.COORDINATOR: {Role.TRAINEE.value},
    Role.ADMINISTRATOR: {
        Role.TRAINEE.value,
        Role.TRAINER.value,
        Role.COORDINATOR.value,
    },
}
SYSTEM_GRANTABLE = GRANTABLE[Role.ADMINISTRATOR]


def _role(user):
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def is_administrator(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or _role(user) == Role.ADMINISTRATOR)
    )


def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and _role(user) == Role.COORDINATOR)


def manages_officials(user) -> bool:
    return is_administrator(user) or is_coordinator(user)


def grantable_roles(user) -> set:
    """Roles `user` may give in an import; None (the command line) acts as an administrator."""
    if user is None or is_administrator(user):
        return set(SYSTEM_GRANTABLE)
    return set(GRANTABLE.get(_role(user), set()))


def home_province(user) -> Province | None:
    profile = getattr(user, "profile", None)
    return profile.province if profile else None


def may_import_into(user, province) -> bool:
    if user is None or is_administrator(user):
        return True
    return is_coordinator(user) and user.profile.province_id == province.pk


def may_manage(user, subject) -> bool:
    """May `user` deactivate or look after `subject`'s account?"""
    if user is None or user.pk == getattr(subject, "pk", None):
        return user is None
    if is_administrator(user):
        return True
    profile = getattr(subject, "profile", None)
    return bool(
        is_coordinator(user)
        and profile
        and profile.role == Role.TRAINEE
        and profile.province_id == user.profile.province_id
    )


def require(allowed: bool, message=None):
    if not allowed:
        raise PermissionDenied(
            message or _("Bạn không có quyền thực hiện thao tác này.")
        )
