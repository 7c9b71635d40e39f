from datetime import UTC, datetime

import pytest

from fake_portal.population.models import Citizen  # noqa: F401 (world rows)
from scenarios import actions as scenario_actions
from scenarios.drills import actions
from tests.conftest import make_official
from tests.fake_portal.conftest import make_citizen, world  # noqa: F401 (fixture)

MONDAY_9AM = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

SCENARIO = """
version: 1
slug: dien-tap-khai-sinh
title: Diễn tập tiếp nhận khai sinh trực tuyến
briefing: Tiếp nhận, chuyển xử lý và thẩm định hồ sơ khai sinh nộp trực tuyến.
modes: [drill, practice]
clock:
  start: "2026-03-02T08:00"
  speed: 60
duration: 1 working day
dossiers:
  - id: ks1
    procedure: "1.001193"
    channel: online
    arrive_at: 600 minutes
rubric:
  pass_mark: 5
  items:
    - id: nhan
      dossier: ks1
      expect: dossier.received
      by: receiving_officer
      points: 5
      rule: acknowledge_8h
    - id: giao
      dossier: ks1
      expect: dossier.assigned
      points: 3
      rule: workflow_order
      after: [nhan]
    - id: tham_dinh
      dossier: ks1
      expect: dossier.appraised
      by: specialist
      points: 2
      rule: workflow_order
      after: [giao]
"""


@pytest.fixture
def version(trainer):
    return scenario_actions.save_version(SCENARIO, actor=trainer, publish=True)


@pytest.fixture
def citizens(world, home_commune, other_commune):  # noqa: F811
    return [
        make_citizen(world, home_commune, "036190012345"),
        make_citizen(world, other_commune, "036190054321", given_name="Lan"),
    ]


@pytest.fixture
def drill(coordinator, province, world, version, citizens):  # noqa: F811
    return actions.schedule_drill(
        province=province,
        title="Diễn tập thử",
        versions=[version],
        world=world,
        start_at=MONDAY_9AM,
        speed=60,
        admission_rate=2,
        wave_size=2,
        actor=coordinator,
    )


@pytest.fixture
def other_specialist(other_commune):
    return make_official("chuyenvien_khac", "trainee", "specialist", other_commune)


@pytest.fixture
def teams(
    drill,
    coordinator,
    home_commune,
    other_commune,
    commune_officer,
    specialist,
    leader,
    other_officer,
    other_specialist,
):
    home = actions.add_team(drill, home_commune, actor=coordinator)
    other = actions.add_team(drill, other_commune, actor=coordinator)
    actions.assign_participant(
        home, commune_officer, ["receiving_officer"], actor=coordinator
    )
    actions.assign_participant(home, specialist, ["specialist"], actor=coordinator)
    actions.assign_participant(home, leader, ["leader"], actor=coordinator)
    actions.assign_participant(
        other, other_officer, ["receiving_officer", "leader"], actor=coordinator
    )
    actions.assign_participant(
        other, other_specialist, ["specialist"], actor=coordinator
    )
    return home, other


def join_lobby(drill, users=None):
    """The participants (every one, or those of `users`) enter the lobby, in seat order."""
    seats = drill.participants.order_by("team_id", "pk")
    if users is not None:
        seats = seats.filter(user__in=users)
    for participant in seats:
        actions.enter_lobby(participant)


def open_lobby(drill, coordinator):
    """Open the lobby; its background task (the teams' sandboxes) runs now."""
    drill = actions.open_lobby(drill, actor=coordinator)
    actions.prepare_teams(drill, actor=coordinator)
    return drill


@pytest.fixture
def lobby(drill, teams, coordinator, settings):
    # Readiness comes with the dashboard's whole reading, every DRILL_DASHBOARD_REFRESH s.
    settings.DRILL_DASHBOARD_REFRESH = 0.5
    return open_lobby(drill, coordinator)


def open_and_start(drill, coordinator, *, start=True):
    """Open the lobby, then start: the first participant has come in (ticket 1; the
    others take theirs when they come) and the coordinator confirms starting without
    the teams nobody of which is there yet."""
    drill = open_lobby(drill, coordinator)
    if start:
        actions.enter_lobby(drill.participants.order_by("team_id", "pk").first())
        drill = actions.start_drill(
            drill,
            actor=coordinator,
            start_without=drill.teams.values_list("pk", flat=True),
        )
    drill.refresh_from_db()
    return drill


@pytest.fixture
def running(drill, teams, coordinator):
    return open_and_start(drill, coordinator)
