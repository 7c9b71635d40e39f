"""Cohorts by commune, by position, by import and hand-picked; their pages."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sandbox.models import Province
from sandbox.operations import actions
from sandbox.operations.models import Cohort
from tests.operations.conftest import commit, preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(province, coordinator, make_rows):
    return commit(preview(make_rows(12), province, coordinator), coordinator)


def _cohort(province, coordinator, **fields):
    return actions.save_cohort(Cohort(province=province, **fields), actor=coordinator)


def test_rule_cohorts_follow_the_officials(province, coordinator, imported, communes):
    by_commune = _cohort(
        province, coordinator, name="Xã 1", kind="by_commune", commune=communes[1]
    )
    by_position = _cohort(
        province, coordinator, name="Lãnh đạo", kind="by_position", position="leader"
    )
    by_import = _cohort(
        province, coordinator, name="Đợt 1", kind="by_import", source_import=imported
    )
    assert set(by_commune.members()) == {
        u for u in by_import.members() if u.profile.commune_id == communes[1].pk
    }
    assert all(u.profile.position == "leader" for u in by_position.members())
    assert by_position.members().count() == 3
    assert by_import.members().count() == 12
    # A deactivated official leaves every cohort; rules are evaluated at each call.
    leaving = by_import.members().first()
    actions.deactivate_official(leaving, actor=coordinator)
    assert by_import.members().count() == 11
    assert leaving not in by_commune.members()


def test_hand_picked_members(province, coordinator, imported, commune_officer):
    users = list(imported.records.order_by("row").values_list("user", flat=True))
    from django.contrib.auth import get_user_model

    picked = list(get_user_model().objects.filter(pk__in=users[:3]))
    cohort = actions.save_cohort(
        Cohort(province=province, name="Tổ công tác", kind="hand_picked"),
        actor=coordinator,
        add_members=picked + [commune_officer],
    )
    assert set(cohort.members()) == set(picked) | {commune_officer}
    actions.save_cohort(cohort, actor=coordinator, remove_members=[picked[0]])
    assert picked[0] not in cohort.members()


def test_rule_fields_are_required_and_in_province(province, coordinator, communes):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _cohort(province, coordinator, name="Thiếu xã", kind="by_commune")
    hanoi = Province.objects.get(pk=1)
    with pytest.raises(ValidationError):
        _cohort(
            province,
            coordinator,
            name="Xã lạ",
            kind="by_commune",
            commune=hanoi.communes.first(),
        )


def test_coordinator_manages_only_own_province_cohorts(coordinator):
    hanoi = Province.objects.get(pk=1)
    with pytest.raises(PermissionDenied):
        _cohort(hanoi, coordinator, name="HN", kind="by_position", position="leader")


def test_cohort_pages(client, coordinator, imported, communes):
    client.force_login(coordinator)
    response = client.post(
        reverse("operations:cohort-list"),
        {"name": "Một cửa", "kind": "by_position", "position": "receiving_officer"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã lưu nhóm “Một cửa”" in page and "3 thành viên" in page
    cohort = Cohort.objects.get(name="Một cửa")
    duplicate = client.post(
        reverse("operations:cohort-list"),
        {"name": "một cửa", "kind": "by_position", "position": "leader"},
    )
    assert "đã có nhóm mang tên này" in duplicate.content.decode()
    email = imported.rows[1]["value"]["email"]
    response = client.post(
        reverse("operations:cohort-detail", args=[cohort.pk]),
        {
            "name": "Chọn tay",
            "kind": "hand_picked",
            "add_members": f"{email}\nkhong-co-ai",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Không tìm thấy cán bộ trong tỉnh: khong-co-ai" in page
    cohort.refresh_from_db()
    assert [u.email for u in cohort.members()] == [email]
    client.post(reverse("operations:cohort-delete", args=[cohort.pk]))
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_trainees_cannot_see_cohorts(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("operations:cohort-list")).status_code == 403


def test_dashboard_panels_link_the_operations_pages(client, coordinator, administrator):
    client.force_login(coordinator)
    page = client.get("/").content.decode()
    assert reverse("operations:import-upload") in page
    assert reverse("operations:cohort-list") in page
    client.force_login(administrator)
    page = client.get("/").content.decode()
    assert reverse("operations:staff-view-log") in page


def test_junk_member_ids_to_remove_are_ignored(client, coordinator, commune_officer):
    cohort = actions.save_cohort(
        Cohort(province=coordinator.profile.province, name="Tay", kind="hand_picked"),
        actor=coordinator,
        add_members=[commune_officer],
    )
    client.force_login(coordinator)
    url = reverse("operations:cohort-detail", args=[cohort.pk])
    for junk in ("²", "abc", "99999999999999999999999"):
        response = client.post(
            url, {"name": "Tay", "kind": "hand_picked", "bo": [junk]}
        )
        assert response.status_code == 302, junk
    assert list(cohort.members_picked.all()) == [commune_officer]
    client.post(url, {"name": "Tay", "kind": "hand_picked", "bo": [commune_officer.pk]})
    assert not cohort.members_picked.exists()


def test_every_operations_table_scrolls_in_a_labelled_region(
    client, administrator, coordinator, province, make_rows
):
    imp = commit(preview(make_rows(3), province, coordinator), coordinator)
    cohort = _cohort(province, coordinator, name="Cả tỉnh", kind="hand_picked")
    client.force_login(administrator)
    client.get(
        reverse("operations:official-detail", args=[imp.records.first().user_id])
    )
    pages = [
        (administrator, reverse("operations:staff-view-log")),
        (coordinator, reverse("operations:official-list")),
        (coordinator, reverse("operations:import-upload")),
        (coordinator, reverse("operations:import-detail", args=[imp.pk])),
        (coordinator, reverse("operations:cohort-list")),
        (coordinator, reverse("operations:cohort-detail", args=[cohort.pk])),
    ]
    wrapper = re.compile(
        r'<div class="table-scroll" role="region" tabindex="0" '
        r'aria-labelledby="([\w-]+)">\s*<table'
    )
    for user, url in pages:
        client.force_login(user)
        html = client.get(url).content.decode()
        labels = wrapper.findall(html)
        assert labels and len(labels) == html.count("<table"), url
        assert all(f'id="{label}"' in html for label in labels), url
