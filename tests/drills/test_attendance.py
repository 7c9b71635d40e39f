"""A drill starts only with a team ready (someone of it in the lobby), and leaves teams
behind only once the coordinator has confirmed it; refusals change nothing."""

import re

import pytest
from django.urls import reverse

from sandbox.models import Sandbox, SandboxEvent
from scenarios.drills import actions
from scenarios.drills.models import Drill, DrillEvent
from tests.drills.conftest import join_lobby

pytestmark = pytest.mark.django_db


def assert_not_started(drill):
    drill.refresh_from_db()
    assert drill.status == Drill.Status.LOBBY and drill.started_at is None
    assert not DrillEvent.objects.filter(drill=drill, action="drill.started").exists()
    boxes = Sandbox.objects.filter(drill_team__drill=drill)
    assert boxes.exists() and all(b.paused for b in boxes)
    assert not SandboxEvent.objects.filter(
        sandbox__in=boxes, action="sandbox.clock_resumed"
    ).exists()


def test_a_drill_nobody_has_joined_does_not_start(lobby, coordinator):
    with pytest.raises(actions.DrillError) as refused:
        actions.start_drill(lobby, actor=coordinator)
    assert (
        "chưa có người tham gia nào vào phòng chờ (0/5 người)" in refused.value.message
    )
    assert not isinstance(refused.value, actions.TeamsNotReady)  # no confirming this
    with pytest.raises(actions.DrillError):
        actions.start_drill(
            lobby, actor=coordinator, start_without=lobby.teams.values_list("pk")
        )
    assert_not_started(lobby)


def test_a_drill_without_teams_or_members_says_what_is_missing(
    drill, coordinator, home_commune
):
    drill = actions.open_lobby(drill, actor=coordinator)
    with pytest.raises(actions.DrillError, match="chưa có đội nào"):
        actions.start_drill(drill, actor=coordinator)
    actions.add_team(drill, home_commune, actor=coordinator)
    with pytest.raises(actions.DrillError, match="chưa đội nào có thành viên"):
        actions.start_drill(drill, actor=coordinator)
    drill.refresh_from_db()
    assert drill.status == Drill.Status.LOBBY


def test_teams_not_ready_are_left_behind_only_once_confirmed(
    lobby, teams, coordinator, commune_officer
):
    home, other = teams
    join_lobby(lobby, [commune_officer])
    with pytest.raises(actions.TeamsNotReady) as refused:
        actions.start_drill(lobby, actor=coordinator)
    not_ready = refused.value.attendance.not_ready
    assert [t.id for t in not_ready] == [other.pk]
    assert "1/2 đội chưa sẵn sàng (Xã Gia Viễn)" in refused.value.message
    assert_not_started(lobby)
    drill = actions.start_drill(lobby, actor=coordinator, start_without=[other.pk])
    assert drill.status == Drill.Status.RUNNING
    event = DrillEvent.objects.get(drill=drill, action="drill.started")
    assert event.data == {"started_without": [other.pk]} and event.actor == coordinator


def test_a_team_added_after_the_confirmation_is_asked_about_again(
    lobby, teams, coordinator, commune_officer
):
    from sandbox.models import Commune

    home, other = teams
    join_lobby(lobby, [commune_officer])
    late = Commune.objects.filter(province=lobby.province).exclude(
        pk__in=[home.commune_id, other.commune_id]
    )[0]
    actions.add_team(lobby, late, actor=coordinator)
    with pytest.raises(actions.TeamsNotReady) as refused:
        actions.start_drill(lobby, actor=coordinator, start_without=[other.pk])
    assert "2/3 đội" in refused.value.message and late.name in refused.value.message
    assert_not_started(lobby)


def test_a_drill_whose_teams_are_all_ready_starts_once_per_form(lobby, coordinator):
    join_lobby(lobby)
    first = actions.start_drill(lobby, actor=coordinator, token="bd1")
    again = actions.start_drill(lobby, actor=coordinator, token="bd1")  # double click
    assert first.status == again.status == Drill.Status.RUNNING
    assert again.started_at == first.started_at
    event = DrillEvent.objects.get(drill=lobby, action="drill.started")
    assert event.data == {"token": "bd1"}
    with pytest.raises(actions.DrillError, match="Không thể chuyển"):
        actions.start_drill(lobby, actor=coordinator, token="bd2")  # another form


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _start_fields(html) -> dict:
    """The start form's fields as the page renders them (the browser posts these)."""
    form = html.split('class="start-form"')[1].split("</form>")[0]
    fields = {"command": "start"}
    for name, value in re.findall(r'name="(start-[\w_]+)" value="(\w+)"', form):
        fields.setdefault(name, []).append(value)
    return fields


def test_the_control_room_refuses_a_start_and_says_what_is_missing(
    coordinator_client, lobby
):
    url = reverse("drills:command", args=[lobby.pk])
    page = coordinator_client.post(url, {"command": "start"}, follow=True)
    html = page.content.decode()
    assert "Chưa thể bắt đầu: chưa có người tham gia nào vào phòng chờ" in html
    assert "Đội chưa sẵn sàng: 2/2." in html
    assert "Phường Hoa Lư – chưa ai vào phòng chờ (0/3 người)" in html
    # Nothing to confirm (nobody is there): the box waits, hidden, for the live list.
    assert '<p class="start-confirm" hidden>' in html
    assert_not_started(lobby)


def test_the_control_room_starts_without_teams_not_ready_once_confirmed(
    coordinator_client, lobby, teams, commune_officer
):
    home, other = teams
    join_lobby(lobby, [commune_officer])
    control = reverse("drills:control", args=[lobby.pk])
    html = coordinator_client.get(control).content.decode()
    assert "Đội sẵn sàng (có người đã vào phòng chờ): 1/2" in html
    assert "Đội chưa sẵn sàng: 1/2." in html
    assert "Xã Gia Viễn – chưa ai vào phòng chờ (0/2 người)" in html
    assert '<p class="start-confirm">' in html and 'name="start-confirm"' in html
    fields = _start_fields(html)
    assert fields["start-start_without"] == [str(other.pk)]
    url = reverse("drills:command", args=[lobby.pk])
    unconfirmed = coordinator_client.post(url, fields, follow=True)
    assert "còn 1/2 đội chưa sẵn sàng (Xã Gia Viễn)" in unconfirmed.content.decode()
    assert_not_started(lobby)
    confirmed = {**fields, "start-confirm": "on"}
    for _click in range(2):  # a double click starts once, and says it started
        page = coordinator_client.post(url, confirmed, follow=True).content.decode()
        assert "Buổi diễn tập đã bắt đầu." in page and "Không thể chuyển" not in page
    lobby.refresh_from_db()
    assert lobby.status == Drill.Status.RUNNING
    started = DrillEvent.objects.filter(drill=lobby, action="drill.started")
    assert started.count() == 1
    assert started[0].data["started_without"] == [other.pk]


def test_a_start_form_naming_a_team_of_another_drill_is_refused(
    coordinator_client, lobby, commune_officer
):
    join_lobby(lobby, [commune_officer])
    response = coordinator_client.post(
        reverse("drills:command", args=[lobby.pk]),
        {"command": "start", "start-confirm": "on", "start-start_without": ["999999"]},
        follow=True,
    )
    assert "Xác nhận bắt đầu không hợp lệ" in response.content.decode()
    assert_not_started(lobby)
