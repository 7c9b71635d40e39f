from django.urls import path

from courses.views import learner, reports

app_name = "courses"

urlpatterns = [
    path("ghi-danh/<int:course_id>/", learner.enrol, name="enrol"),
    path(
        "kiem-tra/<int:quiz_id>/bat-dau/", learner.start_attempt, name="start-attempt"
    ),
    path("bai-lam/<int:attempt_id>/", learner.attempt, name="attempt"),
    path("bai-lam/<int:attempt_id>/ket-qua/", learner.review, name="review"),
    path("ghi-danh-theo-xa/", reports.enrol_communes, name="enrol-communes"),
    path("bao-cao/", reports.reports, name="reports"),
    path("bao-cao/<int:course_id>/", reports.report_progress, name="report-progress"),
    path("bao-cao/<int:course_id>/cau-hoi/", reports.report_items, name="report-items"),
]
