from django.urls import path

from scenarios.drills.views import participant, report
from scenarios.drills.views.coordinator import (
    commands,
    control,
    lobby,
    schedule,
    teams,
)

app_name = "drills"

urlpatterns = [
    path("", schedule.drill_list, name="list"),
    path("len-lich/", schedule.drill_schedule, name="schedule"),
    path("<int:pk>/", control.drill_control, name="control"),
    path("<int:pk>/dieu-khien/", commands.drill_command, name="command"),
    path("<int:pk>/thong-bao/", commands.drill_announce, name="announce"),
    path("<int:pk>/tinh-huong/", commands.drill_inject, name="inject"),
    path("<int:pk>/lan-song-ho-so/", commands.drill_surge, name="surge"),
    path("<int:pk>/doi/", teams.drill_add_team, name="add-team"),
    path("<int:pk>/nhom/", teams.drill_add_cohort, name="add-cohort"),
    path("<int:pk>/doi/<int:team>/thanh-vien/", teams.drill_assign, name="assign"),
    path("<int:pk>/phong-cho/", lobby.drill_lobby, name="lobby"),
    path("<int:pk>/trang-thai.json", control.drill_state, name="state"),
    path("<int:pk>/tham-gia/", participant.join, name="join"),
    path("<int:pk>/tham-gia/vao/", participant.play, name="play"),
    path(
        "<int:pk>/tham-gia/trang-thai.json", participant.state, name="participant-state"
    ),
    path("<int:pk>/bao-cao/", report.report_page, name="report"),
    path("<int:pk>/bao-cao.pdf", report.report_pdf, name="report-pdf"),
    path("<int:pk>/bao-cao.csv", report.report_csv, name="report-csv"),
    path("<int:pk>/bao-cao.xlsx", report.report_xlsx, name="report-xlsx"),
]
