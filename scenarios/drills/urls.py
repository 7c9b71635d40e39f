from django.urls import path

from scenarios.drills.views import coordinator, participant, report

app_name = "drills"

urlpatterns = [
    path("", coordinator.drill_list, name="list"),
    path("len-lich/", coordinator.drill_schedule, name="schedule"),
    path("<int:pk>/", coordinator.drill_control, name="control"),
    path("<int:pk>/dieu-khien/", coordinator.drill_command, name="command"),
    path("<int:pk>/thong-bao/", coordinator.drill_announce, name="announce"),
    path("<int:pk>/tinh-huong/", coordinator.drill_inject, name="inject"),
    path("<int:pk>/lan-song-ho-so/", coordinator.drill_surge, name="surge"),
    path("<int:pk>/doi/", coordinator.drill_add_team, name="add-team"),
    path("<int:pk>/nhom/", coordinator.drill_add_cohort, name="add-cohort"),
    path(
        "<int:pk>/doi/<int:team>/thanh-vien/", coordinator.drill_assign, name="assign"
    ),
    path("<int:pk>/phong-cho/", coordinator.drill_lobby, name="lobby"),
    path("<int:pk>/trang-thai.json", coordinator.drill_state, name="state"),
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
