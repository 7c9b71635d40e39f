"""The live dashboard's readings in the lobby: the teams not ready ride with the totals of
each whole reading, read from the same rows (no query per team)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fake_portal import actions as portal
from sandbox.models import Commune
from scenarios.drills import actions
from scenarios.drills.dashboard import compute
from scenarios.drills.live import LiveDashboard
from tests.drills.conftest import join_lobby

pytestmark = pytest.mark.django_db


def _not_ready(state):
    return [t["id"] for t in state["attendance"]["not_ready"]]


def test_the_teams_not_ready_come_with_whole_readings_only(
    lobby, teams, commune_officer, citizens
):
    """A partial reading re-reads only teams with new dossier events, and lobby entries are
    not such events: its other rows may be older than the list already shown."""
    home, other = teams
    live = LiveDashboard(lobby.pk, refresh=3600)
    whole = live.read()
    assert not whole["partial"] and _not_ready(whole) == [home.pk, other.pk]
    join_lobby(lobby, [commune_officer])
    home.refresh_from_db()
    portal.file_dossier(
        sandbox=home.sandbox,
        procedure_code="1.001193",
        applicant=citizens[0],
        channel=2,
        form_data={},
    )
    part = live.read()
    assert part["partial"] and [t["id"] for t in part["teams"]] == [home.pk]
    assert "attendance" not in part
    live.refresh = 0  # the next reading is whole
    again = live.read()
    assert not again["partial"] and _not_ready(again) == [other.pk]
    assert again["attendance"]["ready"] == again["totals"]["ready"] == 1


def test_the_not_ready_list_costs_no_query_per_team(
    lobby, coordinator, commune_officer
):
    with CaptureQueriesContext(connection) as few:
        state = compute(lobby)
    communes = Commune.objects.filter(province=lobby.province).exclude(
        pk__in=lobby.teams.values("commune")
    )
    for commune in communes.order_by("name")[:5]:
        actions.add_team(lobby, commune, actor=coordinator)
    join_lobby(lobby, [commune_officer])
    with CaptureQueriesContext(connection) as many:
        more = compute(lobby)
    assert len(state["attendance"]["not_ready"]) == 2
    assert more["attendance"]["teams"] == more["totals"]["teams"] == 7
    assert len(more["attendance"]["not_ready"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_reasons_and_blockers_read_the_same_on_the_page_and_live(lobby, teams):
    from scenarios.drills.attendance import Attendance, attendance, live_texts

    page = attendance(lobby)
    pushed = Attendance.from_rows(compute(lobby)["teams"])
    assert pushed.live() == page.live()
    words = live_texts()
    first = pushed.live()["not_ready"][0]
    assert (
        words["reasons"][first["why"]] % {"members": first["members"]}
        == page.not_ready[0].reason
    )
    assert words["blockers"][pushed.blocker()] % {"members": 5} == page.missing()
