from django.urls import path

from sandbox.operations.views import (
    access,
    cohorts,
    health,
    officials,
    onboarding,
    personal,
)

app_name = "operations"

urlpatterns = [
    path("nhap-can-bo/", onboarding.upload, name="import-upload"),
    path(
        "nhap-can-bo/mau.<str:fmt>",
        onboarding.template_file,
        name="import-template",
    ),
    path("nhap-can-bo/<int:pk>/", onboarding.detail, name="import-detail"),
    path("nhap-can-bo/<int:pk>/nhap/", onboarding.commit, name="import-commit"),
    path("nhap-can-bo/<int:pk>/huy/", onboarding.discard, name="import-discard"),
    path(
        "nhap-can-bo/<int:pk>/tien-do/",
        onboarding.progress_json,
        name="import-progress",
    ),
    path(
        "nhap-can-bo/<int:pk>/ket-qua-kiem-tra.csv",
        onboarding.rows_csv,
        name="import-rows-csv",
    ),
    path("ma-dang-nhap/", onboarding.codes_pdf, name="codes-pdf"),
    path("can-bo/", officials.official_list, name="official-list"),
    path("can-bo/danh-sach.csv", officials.official_list_csv, name="official-csv"),
    path("can-bo/<int:user_id>/", officials.official_detail, name="official-detail"),
    path(
        "can-bo/<int:user_id>/khoa/", officials.deactivate, name="official-deactivate"
    ),
    path(
        "can-bo/<int:user_id>/mo-khoa/",
        officials.reactivate,
        name="official-reactivate",
    ),
    path(
        "can-bo/<int:user_id>/dat-lai-mat-khau/",
        officials.reset_password,
        name="official-reset-password",
    ),
    path("can-bo/<int:user_id>/xoa-du-lieu/", officials.erase, name="official-erase"),
    path(
        "can-bo/<int:user_id>/du-lieu.json",
        officials.official_data,
        name="official-data",
    ),
    path("nhat-ky-xem-du-lieu/", officials.staff_view_log, name="staff-view-log"),
    path("nhom/", cohorts.cohort_list, name="cohort-list"),
    path("nhom/<int:pk>/", cohorts.cohort_detail, name="cohort-detail"),
    path("nhom/<int:pk>/xoa/", cohorts.cohort_delete, name="cohort-delete"),
    path("du-lieu-cua-toi/", personal.my_data, name="my-data"),
    path(
        "du-lieu-cua-toi/tai-ve.json",
        personal.my_data_download,
        name="my-data-download",
    ),
    path("kich-hoat/<str:token>/", access.activate, name="activate"),
    path("dang-nhap-lan-dau/", access.first_login, name="first-login"),
    path("dat-mat-khau/", access.first_password, name="first-password"),
    path("readyz", health.readyz, name="readyz"),
]
