from django.urls import path

from certificates.views import learner, public, staff

app_name = "certificates"

urlpatterns = [
    path("", learner.mine, name="mine"),
    path("cua-toi/<str:serial>.pdf", learner.download_pdf, name="download-pdf"),
    path("cua-toi/<str:serial>.json", learner.badge_json, name="badge-json"),
    path("cua-toi/<str:serial>.jwt", learner.badge_jwt, name="badge-jwt"),
    path("kiem-tra/", public.lookup, name="lookup"),
    path("kiem-tra/<str:serial>/", public.verify_page, name="verify"),
    path("kiem-tra-tep/", public.check_file, name="check-file"),
    path("trang-thai/<int:number>/", public.status_list, name="status-list"),
    path("to-chuc-cap/", public.issuer, name="issuer"),
    path("to-chuc-cap/khoa.json", public.issuer_keys, name="issuer-keys"),
    path("quan-ly/", staff.manage, name="manage"),
    path("quan-ly/<str:serial>/thu-hoi/", staff.revoke, name="revoke"),
    path("quan-ly/<str:serial>/cap-lai/", staff.reissue, name="reissue"),
    path("cap-hang-loat/", staff.bulk_new, name="bulk-new"),
    path("cap-hang-loat/<int:pk>/", staff.bulk_detail, name="bulk-detail"),
    path("cap-hang-loat/<int:pk>/tien-do.json", staff.bulk_status, name="bulk-status"),
]
