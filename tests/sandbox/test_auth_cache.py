"""Permissions kept in the cache between requests are forgotten when what they came from changes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db

PERM = "sandbox.use_back_office"


def _fresh(user):
    """The user as a new request would load them (no per-object cache)."""
    return get_user_model().objects.get(pk=user.pk)


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


def test_a_cached_set_answers_without_a_query(user, group, django_assert_num_queries):
    user.groups.add(group)
    assert _fresh(user).has_perm(PERM)
    fresh = _fresh(user)
    with django_assert_num_queries(0):
        assert fresh.has_perm(PERM)


def test_joining_and_leaving_a_group_is_seen_at_once(user, group):
    assert not _fresh(user).has_perm(PERM)
    user.groups.add(group)
    assert _fresh(user).has_perm(PERM)
    group.user_set.remove(user)
    assert not _fresh(user).has_perm(PERM)
    group.user_set.add(user)
    assert _fresh(user).has_perm(PERM)
    user.groups.clear()
    assert not _fresh(user).has_perm(PERM)


def test_a_group_losing_the_permission_or_going_away_is_seen(user, group, permission):
    user.groups.add(group)
    assert _fresh(user).has_perm(PERM)
    group.permissions.remove(permission)
    assert not _fresh(user).has_perm(PERM)
    permission.group_set.add(group)
    assert _fresh(user).has_perm(PERM)
    group.delete()
    assert not _fresh(user).has_perm(PERM)


def test_own_permissions_and_deactivation_are_seen(user, permission):
    user.user_permissions.add(permission)
    assert _fresh(user).has_perm(PERM)
    user.is_active = False
    user.save()
    assert not _fresh(user).has_perm(PERM)
    user.is_active = True
    user.save()
    permission.user_set.remove(user)
    assert not _fresh(user).has_perm(PERM)
