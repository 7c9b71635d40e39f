"""A signed-in user is kept in the cache between requests, with their profile and permissions,
and forgotten when anything the entry came from changes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from sandbox.auth import CachedModelBackend

pytestmark = pytest.mark.django_db

PERM = "sandbox.use_back_office"


def _request_user(user):
    """The user as the next request's authentication loads them (None: signed out)."""
    return CachedModelBackend().get_user(user.pk)


def _may(user) -> bool:
    loaded = _request_user(user)
    return loaded is not None and loaded.has_perm(PERM)


@pytest.fixture
def permission():
    app_label, codename = PERM.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def user():
    return get_user_model().objects.create_user("tester", password="x")


@pytest.fixture
def group(permission):
    group = Group.objects.create(name="clerks")
    group.permissions.add(permission)
    return group


def test_a_cached_user_authenticates_and_answers_without_a_query(
    user, group, django_assert_num_queries
):
    user.groups.add(group)
    assert _may(user)
    with django_assert_num_queries(0):
        loaded = _request_user(user)
        assert loaded.has_perm(PERM)
        assert loaded.username == "tester"


def test_joining_and_leaving_a_group_is_seen_at_once(user, group):
    assert not _may(user)
    user.groups.add(group)
    assert _may(user)
    group.user_set.remove(user)
    assert not _may(user)
    group.user_set.add(user)
    assert _may(user)
    user.groups.clear()
    assert not _may(user)


def test_a_group_losing_the_permission_or_going_away_is_seen(user, group, permission):
    user.groups.add(group)
    assert _may(user)
    group.permissions.remove(permission)
    assert not _may(user)
    permission.group_set.add(group)
    assert _may(user)
    group.delete()
    assert not _may(user)


def test_own_permissions_deactivation_and_deletion_are_seen(user, permission):
    user.user_permissions.add(permission)
    assert _may(user)
    user.is_active = False
    user.save()
    assert _request_user(user) is None
    user.is_active = True
    user.save()
    permission.user_set.remove(user)
    assert not _may(user)
    pk = user.pk
    user.delete()
    assert CachedModelBackend().get_user(pk) is None


def test_a_profile_change_is_seen(commune_officer):
    official = commune_officer
    assert _request_user(official).profile.full_name == official.profile.full_name
    official.profile.full_name = "Trần Thị Mới"
    official.profile.save()
    assert _request_user(official).profile.full_name == "Trần Thị Mới"
