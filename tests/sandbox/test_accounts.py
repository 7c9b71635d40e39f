import pytest
from django.core.exceptions import ValidationError

from sandbox import actions
from sandbox.models import Commune, Profile, Role
from tests.conftest import FOREIGN_COMMUNE, make_official

pytestmark = pytest.mark.django_db


def test_each_role_gets_its_group_and_permissions(
    commune_officer, trainer, coordinator
):
    assert commune_officer.has_perm("sandbox.use_back_office")
    assert not commune_officer.has_perm("sandbox.author_scenarios")
    assert trainer.has_perm("sandbox.author_scenarios")
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert not trainer.has_perm("sandbox.run_drills")
    assert coordinator.has_perm("sandbox.run_drills")
    assert coordinator.has_perm("sandbox.manage_officials")


def test_administrator_is_superuser(administrator):
    assert administrator.is_superuser and administrator.is_staff


def test_trainee_must_belong_to_a_commune(province):
    with pytest.raises(ValidationError):
        make_official("khongxa", "trainee", province=province)
    assert not Profile.objects.filter(user__username="khongxa").exists()


def test_commune_must_lie_in_the_profile_province(province):
    with pytest.raises(ValidationError):
        actions.create_official(
            username="lechtinh",
            full_name="Sai Tỉnh",
            role="trainee",
            province=province,
            commune=Commune.objects.get(pk=FOREIGN_COMMUNE),
        )


def test_change_role_swaps_groups(commune_officer):
    actions.change_role(commune_officer.profile, Role.TRAINER, actor=None)
    commune_officer = type(commune_officer).objects.get(pk=commune_officer.pk)
    assert commune_officer.has_perm("sandbox.author_scenarios")
    assert [g.name for g in commune_officer.groups.all()] == ["role:trainer"]
