"""Django's model backend with each user's permissions kept in the cache between requests.

Every back-office page checks a permission, which costs ModelBackend two queries per request
(the user's own and their groups'). The set is kept in the cache (Redis in production, shared
by every process) and forgotten when anything it was computed from changes: the user row,
their groups, a group's permissions, a group deleted. A change racing with a read may leave an
old set for at most PERMISSIONS_TTL seconds.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete

PERMISSIONS_TTL = 60
BACKEND = "sandbox.auth.CachedModelBackend"  # as named in AUTHENTICATION_BACKENDS


def _key(user_id) -> str:
    return f"auth:permissions:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            cached = cache.get(_key(user_obj.pk))
            if cached is None:
                cached = super().get_all_permissions(user_obj)
                cache.set(_key(user_obj.pk), cached, PERMISSIONS_TTL)
            user_obj._perm_cache = cached
        return user_obj._perm_cache


def forget(user_ids) -> None:
    """Drop the cached sets of these users, now and again once the change commits."""
    keys = [_key(pk) for pk in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _members(group_ids):
    return (
        get_user_model()
        .objects.filter(groups__in=group_ids)
        .values_list("pk", flat=True)
    )


def _user_saved(sender, instance, **kwargs):
    forget([instance.pk])


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(...)
        forget([instance.pk])
    else:  # group.user_set.add(...)
        forget(pk_set if pk_set is not None else _members([instance.pk]))


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # group.permissions.add(...)
        forget(_members([instance.pk]))
    else:  # permission.group_set.add(...)
        groups = pk_set if pk_set is not None else instance.group_set.all()
        forget(_members(groups))


def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        forget([instance.pk])
    else:
        forget(
            pk_set
            if pk_set is not None
            else instance.user_set.all().values_list("pk", flat=True)
        )


def _group_deleted(sender, instance, **kwargs):
    forget(_members([instance.pk]))


def connect_signals() -> None:
    """Called from SandboxConfig.ready(): keep the cached sets in step with the database."""
    User = get_user_model()
    post_save.connect(_user_saved, sender=User, dispatch_uid="auth-perm-user")
    m2m_changed.connect(
        _groups_changed, sender=User.groups.through, dispatch_uid="auth-perm-groups"
    )
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="auth-perm-user-perms",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="auth-perm-group-perms",
    )
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="auth-perm-group-del")
