"""The counter, mounted at /quay/ (namespace "counter")."""

from django.urls import include, path

from fake_portal.counter.views import cash, desk, papers, post, queue, reports

app_name = "counter"

sandbox_patterns = [
    path("", queue.queue, name="queue"),
    path("goi-so-tiep-theo/", queue.call_next, name="call-next"),
    path("moi-cong-dan/", queue.invite, name="invite"),
    path("luot/<int:pk>/", queue.walk_in_detail, name="walk-in"),
    path("luot/<int:pk>/goi-so/", queue.call, name="call"),
    path("luot/<int:pk>/xac-dinh/", queue.identify, name="identify"),
    path("luot/<int:pk>/lap-ho-so/", queue.open_dossier, name="open-dossier"),
    path("luot/<int:pk>/nop-truc-tuyen/", queue.assist_online, name="assist-online"),
    path("luot/<int:pk>/ket-thuc/", queue.finish, name="finish"),
    path("ho-so/<str:code>/", desk.desk, name="desk"),
    path("ho-so/<str:code>/xu-ly/<slug:decision>/", desk.decide, name="decide"),
    path("ho-so/<str:code>/giay-tiep-nhan/", desk.receipt, name="receipt"),
    path("ho-so/<str:code>/dung-lai/<int:copy>/", desk.reuse, name="reuse"),
    path(
        "ho-so/<str:code>/nhan-bo-sung/",
        desk.record_supplement,
        name="record-supplement",
    ),
    path("ho-so/<str:code>/gui-buu-chinh/", desk.send_by_post, name="send-post"),
    path(
        "ho-so/<str:code>/so-hoa-ket-qua/", desk.digitise_result, name="digitise-result"
    ),
    path("ho-so/<str:code>/thu-tien-mat/", cash.collect, name="collect-cash"),
    path("giay-tiep-nhan/<int:pk>/", desk.receipt_file, name="receipt-file"),
    path("bien-lai-thu-phi/<int:pk>/", cash.fee_receipt, name="fee-receipt"),
    path("giay-to/<int:pk>/", papers.paper_detail, name="paper"),
    path("giay-to/<int:pk>/so-hoa/", papers.digitise, name="digitise"),
    path("giay-to/<int:pk>/ban-quet/", papers.scan_file, name="scan"),
    path("giay-to/<int:pk>/<slug:handling>/", papers.mark, name="mark"),
    path("ban-so-hoa/<int:pk>/", papers.copy_file, name="copy"),
    path("buu-chinh/", post.post_list, name="post"),
    path("buu-chinh/<int:pk>/", post.postal_item, name="postal-item"),
    path("buu-chinh/<int:pk>/nhan/", post.accept, name="accept-post"),
    path("buu-chinh/<int:pk>/tu-choi/", post.refuse, name="refuse-post"),
    path("so-theo-doi/", reports.logbook_view, name="logbook"),
    path("chi-so-so-hoa/", reports.index_view, name="index"),
]

urlpatterns = [path("<int:sandbox>/", include(sandbox_patterns))]
