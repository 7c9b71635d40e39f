"""Django's model backend with each signed-in user kept in the cache between requests.

Every request of a signed-in official loads their user row, and every back-office page checks
a permission, which costs ModelBackend two more queries (the user's own and their groups').
The user, their profile and their permission set are kept together in one cache entry (Redis
in production, shared by every process), so a request authenticates with one cache read. The
entry is forgotten when anything it was computed from changes: the user or profile row, their
groups, a group's permissions, a group deleted. A change racing with a read may leave an old
entry for at most TTL seconds.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

TTL = 60
BACKEND = "sandbox.auth.CachedModelBackend"  # as named in AUTHENTICATION_BACKENDS


def _key(user_id) -> str:
    return f"auth:user:{user_id}"


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = cache.get(_key(user_id))
        if user is None:
            user = (
                get_user_model()
                ._default_manager.select_related("profile")
                .filter(pk=user_id)
                .first()
            )
            if user is None:
                return None
            if user.is_active:
                self.get_all_permissions(user)  # kept on the instance, cached with it
            cache.set(_key(user_id), user, TTL)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """ModelBackend's set, remembered on the user object (which get_user caches)."""
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = super().get_all_permissions(user_obj)
        return user_obj._perm_cache


def forget(user_ids) -> None:
    """Drop the cached entries of these users, now and again once the change commits."""
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


def _user_changed(sender, instance, **kwargs):
    forget([instance.pk])


def _profile_changed(sender, instance, **kwargs):
    forget([instance.user_id])


# m2m_changed actions after which a user's set may differ (pre_clear: the links still exist).
_CHANGES = {"post_add", "post_remove", "pre_clear"}


def _user_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups or own permissions changed, from either side of the link."""
    if action not in _CHANGES:
        return
    if not reverse:  # user.groups.add(...), user.user_permissions.add(...)
        forget([instance.pk])
    else:  # group.user_set.add(...), permission.user_set.add(...)
        forget(
            pk_set
            if pk_set is not None
            else instance.user_set.values_list("pk", flat=True)
        )


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in _CHANGES:
        return
    if not reverse:  # group.permissions.add(...)
        forget(_members([instance.pk]))
    else:  # permission.group_set.add(...)
        groups = pk_set if pk_set is not None else instance.group_set.all()
        forget(_members(groups))


def _group_deleted(sender, instance, **kwargs):
    forget(_members([instance.pk]))


def connect_signals() -> None:
    """Called from SandboxConfig.ready(): keep the cached entries in step with the database."""
    User = get_user_model()
    from sandbox.models import Profile

    for signal in (post_save, post_delete):
        signal.connect(_user_changed, sender=User, dispatch_uid="auth-cache-user")
        signal.connect(_profile_changed, sender=Profile, dispatch_uid="auth-cache-prof")
    m2m_changed.connect(
        _user_links_changed,
        sender=User.groups.through,
        dispatch_uid="auth-perm-groups",
    )
    m2m_changed.connect(
        _user_links_changed,
        sender=User.user_permissions.through,
        dispatch_uid="auth-perm-user-perms",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="auth-perm-group-perms",
    )
    pre_delete.connect(_group_deleted, sender=Group, dispatch_uid="auth-perm-group-del")
