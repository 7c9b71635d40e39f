"""The control room's list of teams not ready follows the lobby live, says what changed in
one status line, and keeps the start's confirmation to the teams it shows. Served by a
real ASGI server, as the drill journey is (tests/browser/test_drill_journey.py)."""

import pytest
from playwright.sync_api import expect

from sandbox.models import Commune
from scenarios.drills import actions
from scenarios.drills.models import Drill, DrillEvent
from tests.browser.test_drill_journey import (  # noqa: F401 (fixture)
    asgi_url,
    in_thread,
    log_in,
)
from tests.drills.conftest import join_lobby, open_lobby

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lobby(drill, teams, coordinator, settings):
    settings.DRILL_DASHBOARD_REFRESH = 0.5  # readiness comes with the whole reading
    return in_thread(open_lobby, drill, coordinator)


def _control_room(browser, base, drill):
    """The coordinator's control room, once its live connection is up."""
    boss = browser.new_context().new_page()
    log_in(boss, base, "dieuphoi", f"/dien-tap/{drill.pk}/")
    expect(boss.locator("#live-state")).to_have_text("Đã kết nối trực tiếp")
    return boss


def _late_commune(drill):
    return (
        Commune.objects.filter(province=drill.province)
        .exclude(pk__in=drill.teams.values("commune"))
        .order_by("name")
        .first()
    )


def test_the_not_ready_list_follows_the_lobby_live(
    asgi_url,  # noqa: F811
    browser,
    lobby,
    teams,
    coordinator,
    commune_officer,
):
    home, other = teams
    boss = _control_room(browser, asgi_url, lobby)
    items = boss.locator("#attendance .not-ready li")
    expect(items).to_have_count(2)
    expect(boss.locator("#attendance-blocker")).to_be_visible()
    # The list itself is not a live region (it would be read again); one line tells.
    assert boss.locator("#attendance .not-ready").get_attribute("aria-live") is None
    assert boss.locator("#not-ready-news").get_attribute("role") == "status"

    in_thread(join_lobby, lobby, [commune_officer])
    expect(items).to_have_count(1)
    expect(items).to_have_text("Xã Gia Viễn – chưa ai vào phòng chờ (0/2 người)")
    expect(boss.locator("#not-ready-news")).to_have_text(
        "Vừa sẵn sàng: Phường Hoa Lư. Đội chưa sẵn sàng: 1/2."
    )
    expect(boss.locator("#not-ready-title")).to_have_text("Đội chưa sẵn sàng: 1/2.")
    expect(boss.locator("#attendance-summary")).to_contain_text("1/2")
    expect(boss.locator("#attendance-blocker")).to_be_hidden()

    late = _late_commune(lobby)
    in_thread(actions.add_team, lobby, late, actor=coordinator)
    expect(items).to_have_count(2)
    expect(items.filter(has_text=late.name)).to_have_text(
        f"{late.name} – chưa có thành viên"
    )
    expect(boss.locator("#not-ready-news")).to_have_text(
        f"Thêm đội chưa sẵn sàng: {late.name}. Đội chưa sẵn sàng: 2/3."
    )


def test_the_start_confirms_the_teams_the_list_shows(
    asgi_url,  # noqa: F811
    browser,
    lobby,
    teams,
    coordinator,
    commune_officer,
):
    home, other = teams
    in_thread(join_lobby, lobby, [commune_officer])
    boss = _control_room(browser, asgi_url, lobby)
    confirm = boss.get_by_label("Vẫn bắt đầu mà không chờ các đội chưa sẵn sàng")
    confirm.check()

    # A team comes into the list after the box was ticked: the box asks again.
    late = _late_commune(lobby)
    in_thread(actions.add_team, lobby, late, actor=coordinator)
    expect(boss.locator("#attendance .not-ready li")).to_have_count(2)
    expect(confirm).not_to_be_checked()
    confirm.check()
    boss.get_by_role("button", name="Bắt đầu diễn tập").click()
    expect(boss.locator("#drill-status")).to_have_text("Đang diễn tập")
    lobby.refresh_from_db()
    assert lobby.status == Drill.Status.RUNNING
    started = DrillEvent.objects.get(drill=lobby, action="drill.started")
    late_team = lobby.teams.get(commune=late)
    assert sorted(started.data["started_without"]) == sorted([other.pk, late_team.pk])


def test_the_confirmation_appears_live_when_it_was_not_needed_at_page_load(
    asgi_url,  # noqa: F811
    browser,
    lobby,
    teams,
    commune_officer,
):
    home, other = teams
    boss = _control_room(browser, asgi_url, lobby)
    confirm = boss.get_by_label("Vẫn bắt đầu mà không chờ các đội chưa sẵn sàng")
    expect(confirm).to_be_hidden()  # nobody is there: nothing can start yet

    in_thread(join_lobby, lobby, [commune_officer])
    expect(confirm).to_be_visible()
    expect(confirm).not_to_be_checked()
    confirm.check()
    boss.get_by_role("button", name="Bắt đầu diễn tập").click()
    expect(boss.locator("#drill-status")).to_have_text("Đang diễn tập")
    started = DrillEvent.objects.get(drill=lobby, action="drill.started")
    assert started.data["started_without"] == [other.pk]
