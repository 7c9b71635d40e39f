import csv
import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from fake_portal import actions as portal
from fake_portal.models import ScheduledAction
from scenarios.drills import actions, exports
from scenarios.drills.exports import neutralise
from scenarios.drills.models import Drill, DrillParticipant
from scenarios.drills.views import report as report_views
from scenarios.drills.views.coordinator import control as control_views
from scenarios.drills.views.coordinator import lobby as lobby_views
from tests.conftest import make_official
from tests.drills.conftest import join_lobby, open_and_start

pytestmark = pytest.mark.django_db


def tomorrow():
    return (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_coordinator_schedules_a_drill_with_its_communes(
    coordinator_client,
    version,
    world,
    home_commune,
    other_commune,
    commune_officer,
    other_officer,
):
    response = coordinator_client.post(
        reverse("drills:schedule"),
        {
            "title": "Diễn tập trước vận hành",
            "versions": [str(version.pk)],
            "world": world.pk,
            "start_at": tomorrow(),
            "speed": "60",
            "admission_rate": "20",
            "wave_size": "20",
            "communes": [home_commune.pk, other_commune.pk],
            "enrol": "on",
        },
    )
    drill = Drill.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "drills:control", args=[drill.pk]
    )
    assert drill.teams.count() == 2
    assert set(DrillParticipant.objects.values_list("user__username", flat=True)) == {
        "tiepnhan",
        "tiepnhan_khac",
    }
    page = coordinator_client.get(response.url)
    assert page.status_code == 200 and "Phường Hoa Lư" in page.content.decode()


def test_bad_schedule_input_is_explained_and_kept(coordinator_client, version):
    response = coordinator_client.post(
        reverse("drills:schedule"), {"title": "Thiếu thông tin"}
    )
    assert response.status_code == 200
    assert "Thiếu thông tin" in response.content.decode()
    assert not Drill.objects.exists()


def test_the_control_room_steers_the_drill(coordinator_client, drill, teams):
    url = reverse("drills:command", args=[drill.pk])
    coordinator_client.post(url, {"command": "open_lobby"})
    actions.prepare_teams(drill, actor=drill.created_by)
    join_lobby(drill)
    coordinator_client.post(url, {"command": "start"})
    coordinator_client.post(url, {"command": "pause"})
    drill.refresh_from_db()
    assert drill.status == Drill.Status.PAUSED
    response = coordinator_client.post(url, {"command": "pause"}, follow=True)
    assert "Không thể chuyển" in response.content.decode()  # a double click is harmless


def test_only_coordinators_control(client, drill, teams, commune_officer, trainer):
    for user in (commune_officer, trainer):
        client.force_login(user)
        assert client.get(reverse("drills:control", args=[drill.pk])).status_code == 403
        assert (
            client.post(
                reverse("drills:command", args=[drill.pk]), {"command": "open_lobby"}
            ).status_code
            == 403
        )
        assert client.get(reverse("drills:report", args=[drill.pk])).status_code == 403
    drill.refresh_from_db()
    assert drill.status == Drill.Status.SCHEDULED


def test_participants_of_one_drill_cannot_see_another(
    client, running, teams, coordinator, version, world, province, other_officer
):
    other = actions.schedule_drill(
        province=province,
        title="Buổi khác",
        versions=[version],
        world=world,
        start_at=running.start_at,
        actor=coordinator,
    )
    client.force_login(other_officer)
    for name in ("join", "play", "participant-state"):
        assert client.get(reverse(f"drills:{name}", args=[other.pk])).status_code == 404
    assert client.get(reverse("drills:join", args=[running.pk])).status_code == 200


def test_a_participant_waits_for_their_wave_then_plays(
    client, running, teams, commune_officer
):
    client.force_login(commune_officer)
    lobby = client.get(reverse("drills:join", args=[running.pk]))
    assert lobby.status_code == 200
    participant = DrillParticipant.objects.get(user=commune_officer)
    assert participant.ticket == 1
    page = client.get(reverse("drills:play", args=[running.pk]))
    assert page.status_code == 200
    home = teams[0]
    home.refresh_from_db()
    assert (
        reverse("portal:inbox", kwargs={"sandbox": home.sandbox_id})
        in page.content.decode()
    )
    state = client.get(reverse("drills:participant-state", args=[running.pk])).json()
    assert state["admitted"] and state["ticket"] == 1


def test_a_late_wave_is_sent_back_to_the_lobby(
    client, running, teams, commune_officer, specialist, leader
):
    for user in (commune_officer, specialist):
        actions.enter_lobby(DrillParticipant.objects.get(user=user))
    client.force_login(leader)
    client.get(reverse("drills:join", args=[running.pk]))  # ticket 3: the second wave
    running.started_at = running.started_at.replace(year=2100)
    Drill.objects.filter(pk=running.pk).update(started_at=running.started_at)
    response = client.get(reverse("drills:play", args=[running.pk]))
    assert response.status_code == 302 and response.url == reverse(
        "drills:join", args=[running.pk]
    )


def test_announcements_and_injects_from_the_control_room(
    coordinator_client, running, teams
):
    coordinator_client.post(
        reverse("drills:announce", args=[running.pk]), {"message": "Chuẩn bị tiếp nhận"}
    )
    coordinator_client.post(
        reverse("drills:inject", args=[running.pk]),
        {
            "kind": "token_failure",
            "fault": "token_missing",
            "teams": [str(teams[1].pk)],
            "message": "Token hỏng",
        },
    )
    coordinator_client.post(
        reverse("drills:surge", args=[running.pk]),
        {
            "procedure": "1.001193",
            "count": "5",
            "minutes": "60",
            "message": "Sau chuyển đổi hệ thống",
        },
    )
    assert running.announcements.count() == 1
    assert running.injects.count() == 2
    response = coordinator_client.post(
        reverse("drills:surge", args=[running.pk]), {"count": "0"}, follow=True
    )
    assert "chưa hợp lệ" in response.content.decode()


def test_dashboard_state_json(coordinator_client, running, teams):
    data = coordinator_client.get(reverse("drills:state", args=[running.pk])).json()
    assert data["type"] == "dashboard" and len(data["teams"]) == 2


def _ended(running, teams, coordinator, commune_officer, citizens):
    home = teams[0]
    home.refresh_from_db()
    dossier = portal.file_dossier(
        sandbox=home.sandbox,
        procedure_code="1.001193",
        applicant=citizens[0],
        channel=2,
        form_data={},
    )
    portal.receive_dossier(dossier, actor=commune_officer)
    return actions.end_drill(running, actor=coordinator)


def test_the_after_action_report_and_its_files(
    coordinator_client, running, teams, coordinator, commune_officer, citizens
):
    drill = _ended(running, teams, coordinator, commune_officer, citizens)
    page = coordinator_client.get(
        reverse("drills:report", args=[drill.pk])
    ).content.decode()
    assert "Phường Hoa Lư" in page and "<svg" in page and "Đáp án chuẩn" in page
    assert "trọng số" in page  # the team rule is stated
    pdf = coordinator_client.get(reverse("drills:report-pdf", args=[drill.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = coordinator_client.get(
        reverse("drills:report-csv", args=[drill.pk])
    ).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "Xã, phường" and len(table) == 3
    book = load_workbook(
        io.BytesIO(
            coordinator_client.get(
                reverse("drills:report-xlsx", args=[drill.pk])
            ).content
        )
    )
    assert book.worksheets[0].max_row == 3 and book.worksheets[1].max_row >= 2


def test_after_the_end_the_play_page_sends_participants_to_their_result(
    client, running, teams, coordinator, commune_officer
):
    client.force_login(commune_officer)
    assert client.get(reverse("drills:play", args=[running.pk])).status_code == 200
    actions.end_drill(running, actor=coordinator)
    response = client.get(reverse("drills:play", args=[running.pk]), follow=True)
    assert response.redirect_chain == [(reverse("drills:join", args=[running.pk]), 302)]
    assert "Điểm của bạn" in response.content.decode()


def test_report_charts_write_numbers_the_vietnamese_way():
    from scenarios.drills.charts import bar_chart

    with translation.override("vi"):
        svg = bar_chart([("Tiếp nhận", 10.7), ("Trả kết quả", 25.0)], unit=" phút")
    assert ">10,7 phút</text>" in svg and ">25 phút</text>" in svg


def test_formula_cells_are_neutralised():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert (
        neutralise("+1") == "'+1"
        and neutralise("@x") == "'@x"
        and neutralise("-2") == "'-2"
    )
    assert neutralise("Phường Hoa Lư") == "Phường Hoa Lư" and neutralise(5) == 5


def test_the_dashboard_panels(running, teams, coordinator, commune_officer):
    from sandbox.panels import Panel
    from scenarios.drills.panels import drills_panel

    mine = drills_panel(
        commune_officer, commune_officer.profile, Panel("drills", "", "")
    )
    assert reverse("drills:join", args=[running.pk]) in [href for href, _ in mine.links]
    theirs = drills_panel(coordinator, coordinator.profile, Panel("drills", "", ""))
    hrefs = [href for href, _ in theirs.links]
    assert (
        reverse("drills:control", args=[running.pk]) in hrefs
        and reverse("drills:schedule") in hrefs
    )


def test_the_control_room_adds_a_team_and_a_whole_cohort(
    coordinator_client, drill, coordinator, home_commune, commune_officer, specialist
):
    from sandbox.operations import actions as operations
    from sandbox.operations.models import Cohort

    cohort = operations.save_cohort(
        Cohort(province=drill.province, name="Tổ một cửa", kind="hand_picked"),
        actor=coordinator,
        add_members=[commune_officer, specialist],
    )
    control = reverse("drills:control", args=[drill.pk])
    assert "Thêm cả nhóm" in coordinator_client.get(control).content.decode()
    bad = coordinator_client.post(
        reverse("drills:add-cohort", args=[drill.pk]), {"cohort": "0"}, follow=True
    )
    assert "Xin chọn một nhóm cán bộ của tỉnh." in bad.content.decode()
    coordinator_client.post(
        reverse("drills:add-team", args=[drill.pk]), {"commune": home_commune.pk}
    )
    done = coordinator_client.post(
        reverse("drills:add-cohort", args=[drill.pk]),
        {"cohort": cohort.pk},
        follow=True,
    )
    assert "Tổ một cửa" in done.content.decode()
    assert set(drill.participants.values_list("user", flat=True)) == {
        commune_officer.pk,
        specialist.pk,
    }


@pytest.mark.parametrize(
    "start_at", ["0001-01-01T00:00", "2020-01-01T09:00", "9999-12-31T23:59"]
)
def test_a_drill_is_scheduled_neither_in_the_past_nor_years_ahead(
    coordinator_client, version, world, home_commune, start_at
):
    response = coordinator_client.post(
        reverse("drills:schedule"),
        {
            "title": "Sai năm",
            "versions": [str(version.pk)],
            "world": world.pk,
            "start_at": start_at,  # the first one was a server error
            "speed": "60",
            "admission_rate": "20",
            "wave_size": "20",
            "communes": [home_commune.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_at"]
    assert not Drill.objects.exists()


def test_a_double_submitted_inject_surge_or_announcement_acts_once(
    coordinator_client, running, teams
):
    page = coordinator_client.get(reverse("drills:control", args=[running.pk]))
    tokens = re.findall(r'name="token" value="(\w+)"', page.content.decode())
    assert len(set(tokens)) == 3  # one per form
    posts = [
        ("drills:announce", {"message": "Bắt đầu", "token": "a1"}),
        (
            "drills:inject",
            {"kind": "new_dossier", "procedure": "1.001193", "token": "i1"},
        ),
        (
            "drills:surge",
            {"procedure": "1.001193", "count": 3, "minutes": 10, "token": "s1"},
        ),
    ]
    for name, data in posts * 2:  # a double click
        coordinator_client.post(reverse(name, args=[running.pk]), data)
    assert running.announcements.count() == 1
    assert running.injects.count() == 2
    assert running.events.filter(action="inject.fired").count() == 2
    assert ScheduledAction.objects.filter(kind="drill_surge").count() == 2 * (1 + 3)
    coordinator_client.post(
        reverse("drills:announce", args=[running.pk]), {"message": "Lần hai"}
    )
    assert running.announcements.count() == 2  # a new page, a new message


def _commune_without_team(drill, teams):
    from sandbox.models import Commune

    return (
        Commune.objects.filter(province=drill.province)
        .exclude(pk__in=[t.commune_id for t in teams])
        .first()
    )


def test_a_team_added_during_the_drill_plays_at_once(
    client, running, teams, coordinator
):
    commune = _commune_without_team(running, teams)
    official = make_official("tiepnhan_ba", "trainee", "receiving_officer", commune)
    team = actions.add_team(running, commune, actor=coordinator)
    actions.assign_participant(team, official, ["receiving_officer"], actor=coordinator)
    team.refresh_from_db()
    assert team.sandbox is not None and not team.sandbox.paused
    client.force_login(official)
    page = client.get(reverse("drills:play", args=[running.pk]))
    assert page.status_code == 200 and page.context["sandbox"] == team.sandbox


def test_the_report_names_injects_and_the_communes_that_did_not_take_part(
    coordinator_client, drill, teams, coordinator
):
    idle = _commune_without_team(drill, teams)
    actions.add_team(drill, idle, actor=coordinator)
    drill = open_and_start(drill, coordinator)
    actions.fire_inject(drill, "token_failure", actor=coordinator)
    actions.end_drill(drill, actor=coordinator)
    html = coordinator_client.get(reverse("drills:report", args=[drill.pk]))
    html = html.content.decode()
    assert "(token_failure)" not in html and "(Sự cố chữ ký số)" in html
    row = re.search(rf"<tr>\s*<td>{idle.name}<br>.*?</tr>", html, re.S).group(0)
    assert "<td></td>" not in row
    assert "Đội không tham gia" in row


def test_drill_tables_scroll_on_small_screens_and_updates_are_announced(
    coordinator_client, running, teams, coordinator
):
    pages = [
        reverse("drills:list"),
        reverse("drills:control", args=[running.pk]),
        reverse("drills:lobby", args=[running.pk]),
    ]
    actions.end_drill(running, actor=coordinator)
    pages.append(reverse("drills:report", args=[running.pk]))
    for url in pages:
        html = coordinator_client.get(url).content.decode()
        assert html.count("<table") == len(
            re.findall(
                r'<div class="table-scroll" role="region" tabindex="0" '
                r'aria-labelledby="([\w-]+)"><table',
                html,
            )
        ), url
        for label in re.findall(r'aria-labelledby="([\w-]+)"', html):
            assert f'id="{label}"' in html, (url, label)
    control = coordinator_client.get(pages[1]).content.decode()
    assert re.search(r'<ol id="drill-log"[^>]*aria-live="polite"', control)


def test_a_reloaded_control_room_lists_its_log_newest_first(
    coordinator_client, running, coordinator
):
    actions.announce(running, "Trước", actor=coordinator)
    actions.fire_inject(running, "notice", message="Sau", actor=coordinator)
    html = coordinator_client.get(reverse("drills:control", args=[running.pk]))
    log = html.content.decode().split('id="drill-log"')[1]
    assert log.index("Sau") < log.index("Trước")


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


VIETNAMESE_HEADINGS = ["Tóm tắt", "Điểm nghẽn", "Diễn biến", "Kết quả cá nhân"]
ENGLISH_HEADINGS = ["Summary", "Bottlenecks", "Timeline", "Individual results"]


@pytest.mark.parametrize(
    "language, shown, absent, band, stray",
    [
        (
            "en",
            ENGLISH_HEADINGS,
            VIETNAMESE_HEADINGS,
            "TRAINING ENVIRONMENT – SIMULATED DATA",
            "MÔI TRƯỜNG ĐÀO TẠO",
        ),
        (
            "vi",
            VIETNAMESE_HEADINGS,
            ENGLISH_HEADINGS,
            "MÔI TRƯỜNG ĐÀO TẠO – DỮ LIỆU MÔ PHỎNG",
            "TRAINING ENVIRONMENT",
        ),
    ],
)
def test_the_pdf_report_is_in_the_language_of_the_user(
    coordinator_client,
    running,
    teams,
    coordinator,
    commune_officer,
    citizens,
    language,
    shown,
    absent,
    band,
    stray,
):
    drill = _ended(running, teams, coordinator, commune_officer, citizens)
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = coordinator_client.get(reverse("drills:report-pdf", args=[drill.pk]))
    text = pdf_text(response.content)
    for heading in shown:
        assert heading in text, heading
    for heading in absent:
        assert heading not in text, heading
    pages = text.count("\f")
    assert text.count(band) >= pages >= 1  # on every page, and in the body
    assert stray not in text
    with translation.override(language):
        html = exports.pdf_html(report_views._context(drill))
    assert f'<html lang="{language}">' in html


def _officials(commune, count, prefix="thanhvien"):
    return [
        make_official(f"{prefix}{i:03}", "trainee", "specialist", commune)
        for i in range(count)
    ]


@pytest.fixture
def crowd(drill, coordinator, home_commune, other_commune):
    """More participants than one page of the lobby and of the report holds."""
    home = actions.add_team(drill, home_commune, actor=coordinator)
    actions.add_team(drill, other_commune, actor=coordinator)
    per_page = max(lobby_views.PARTICIPANTS_PER_PAGE, report_views.MEMBERS_PER_PAGE)
    people = _officials(home_commune, per_page + 5)
    for user in people:
        actions.assign_participant(home, user, ["specialist"], actor=coordinator)
    return people


def _rows(html, table_title):
    table = html.split(f'aria-labelledby="{table_title}"><table>')[1]
    return table.split("<tbody")[1].split("</tbody>")[0].count("<tr>")


def test_the_lobby_lists_participants_a_page_at_a_time_with_totals_over_all(
    coordinator_client, drill, crowd, coordinator, django_assert_max_num_queries
):
    drill = actions.open_lobby(drill, actor=coordinator)
    join_lobby(drill, crowd[:3])
    per_page = lobby_views.PARTICIPANTS_PER_PAGE
    url = reverse("drills:lobby", args=[drill.pk])
    with django_assert_max_num_queries(12):  # none per participant
        first = coordinator_client.get(url).content.decode()
    assert _rows(first, "participants-title") == per_page
    total = len(crowd)
    assert f'data-total="joined" data-of="members">3 / {total}<' in first
    assert 'data-total="ready" data-of="teams">1 / 2<' in first
    assert "?trang=2#participants-title" in first and "Trang 1/2" in first
    second = coordinator_client.get(url + "?trang=2").content.decode()
    assert _rows(second, "participants-title") == total - per_page
    assert f"3 / {total}" in second  # the totals do not follow the page
    shown = set(re.findall(r"Cán bộ (thanhvien\d+)", first + second))
    assert shown == {u.username for u in crowd}  # each once, none lost between pages
    assert coordinator_client.get(url + "?trang=x").status_code == 200


def test_the_live_totals_count_every_participant(drill, crowd, coordinator):
    from scenarios.drills.dashboard import compute

    drill = actions.open_lobby(drill, actor=coordinator)
    join_lobby(drill, crowd[:4])
    totals = compute(drill)["totals"]
    assert (totals["joined"], totals["members"]) == (4, len(crowd))
    assert (totals["ready"], totals["teams"]) == (1, 2)


def test_the_control_room_lists_teams_a_page_at_a_time(
    coordinator_client, drill, coordinator, django_assert_max_num_queries
):
    from sandbox.models import Commune

    per_page = control_views.TEAMS_PER_PAGE
    communes = Commune.objects.filter(province=drill.province).order_by("name")
    for commune in communes[: per_page + 2]:
        actions.add_team(drill, commune, actor=coordinator)
    url = reverse("drills:control", args=[drill.pk])
    with django_assert_max_num_queries(20):  # none per team
        first = coordinator_client.get(url).content.decode()
    assert _rows(first, "teams-title") == per_page
    second = coordinator_client.get(url + "?trang=2").content.decode()
    assert _rows(second, "teams-title") == 2
    assert 'name="trang" value="2"' in second
    last = communes[per_page + 1]
    assert last.name in second.split('id="teams-title"')[1]
    # A member added from page 2 brings the coordinator back to page 2.
    team = drill.teams.get(commune=last)
    official = make_official("tiepnhan_trang2", "trainee", "receiving_officer", last)
    response = coordinator_client.post(
        reverse("drills:assign", args=[drill.pk, team.pk]),
        {
            f"team{team.pk}-user": official.pk,
            f"team{team.pk}-positions": ["receiving_officer"],
            "trang": "2",
        },
    )
    assert response.url == url + "?trang=2#teams-title"
    assert team.participants.filter(user=official).exists()


def test_the_report_page_shows_members_a_page_at_a_time_and_the_files_all(
    coordinator_client, drill, crowd, coordinator
):
    actions.end_drill(drill, actor=coordinator)
    url = reverse("drills:report", args=[drill.pk])
    first = coordinator_client.get(url).content.decode()
    per_page = report_views.MEMBERS_PER_PAGE
    assert _rows(first, "members-title") == per_page
    second = coordinator_client.get(url + "?trang=2").content.decode()
    assert _rows(second, "members-title") == len(crowd) - per_page
    book = load_workbook(
        io.BytesIO(
            coordinator_client.get(
                reverse("drills:report-xlsx", args=[drill.pk])
            ).content
        )
    )
    assert book.worksheets[1].max_row == len(crowd) + 1
    text = pdf_text(
        coordinator_client.get(reverse("drills:report-pdf", args=[drill.pk])).content
    )
    assert set(re.findall(r"thanhvien\d{3}", text)) == {u.username for u in crowd}


def test_in_english_the_log_says_what_happened_and_the_buttons_what_to_do():
    from django.utils import translation
    from django.utils.translation import gettext

    from scenarios.drills.report import DRILL_ACTIONS

    with translation.override("en"):
        assert str(DRILL_ACTIONS["drill.started"]) == "Drill started"
        assert str(DRILL_ACTIONS["drill.lobby_opened"]) == "Lobby opened"
        assert gettext("Bắt đầu diễn tập") == "Start the drill"
        assert gettext("Mở phòng chờ") == "Open the lobby"
        assert gettext("Lên lịch diễn tập") == "Schedule a drill"


def test_a_new_dossier_inject_without_a_procedure_fires_nothing(
    coordinator_client, running
):
    page = coordinator_client.post(
        reverse("drills:inject", args=[running.pk]),
        {"kind": "new_dossier", "procedure": ""},
        follow=True,
    ).content.decode()
    assert running.injects.count() == 0
    assert "Thông tin tình huống chưa hợp lệ. Chọn thủ tục của hồ sơ mới." in page
    control = coordinator_client.get(reverse("drills:control", args=[running.pk]))
    html = control.content.decode()
    assert '<div data-inject-kinds="new_dossier">' in html
    assert '<div data-inject-kinds="token_failure clear_token_failure">' in html


def test_the_team_sandbox_bar_leads_back_to_the_drill(
    client, running, teams, commune_officer, coordinator
):
    home, _other = teams
    home.refresh_from_db()
    inbox = reverse("portal:inbox", kwargs={"sandbox": home.sandbox_id})
    client.force_login(commune_officer)
    page = client.get(inbox).content.decode()
    assert f'href="{reverse("drills:play", args=[running.pk])}"' in page
    assert f"Buổi diễn tập “{running.title}”" in page
    # Whoever runs the drill is sent to its control room instead.
    from sandbox.purpose import purpose_link

    _label, url = purpose_link(home.sandbox, coordinator)
    assert url == reverse("drills:control", args=[running.pk])
