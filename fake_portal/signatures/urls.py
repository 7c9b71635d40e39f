from django.urls import path

from fake_portal.signatures import views

app_name = "signatures"

urlpatterns = [
    path("", views.token_page, name="token"),
    path("cam-token/", views.plug, name="plug"),
    path("doi-pin/", views.change_pin, name="change-pin"),
    path("ky-thu/", views.practice, name="practice"),
    path("xac-nhan/", views.confirm_page, name="confirm"),
    path("xac-nhan/<int:pk>/dong-y/", views.approve, name="approve"),
    path("xac-nhan/<int:pk>/tu-choi/", views.reject, name="reject"),
    path("yeu-cau/<int:pk>/", views.request_status, name="request"),
    path("yeu-cau/<int:pk>/tai-ve/", views.request_download, name="request-download"),
    path("kiem-tra/", views.verify_page, name="verify"),
    path("ca/goc.pem", views.root_certificate, name="root-certificate"),
    path("ca/dao-tao.crl", views.certificate_revocation_list, name="crl"),
    path("quan-tri/", views.admin_page, name="admin"),
    path("quan-tri/mo-khoa/<int:user_id>/", views.unlock, name="unlock"),
    path("quan-tri/cap/<int:user_id>/", views.issue, name="issue"),
    path("quan-tri/thu-hoi/<int:certificate_id>/", views.revoke, name="revoke"),
]
