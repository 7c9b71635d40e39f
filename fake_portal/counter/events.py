"""The counter's events, with the label a timeline shows and the mistakes scoring reads.

Dossier events (fake_portal.models.DossierEvent) and sandbox events (sandbox.SandboxEvent)
that this app writes. MISTAKES are the ones that mean the officer did something wrong.
"""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    # sandbox events
    "counter.walk_in_arrived": _("Công dân đến quầy, lấy số thứ tự"),
    "counter.ticket_called": _("Gọi số thứ tự"),
    "counter.citizen_identified": _("Xác định công dân trong CSDL dân cư"),
    "counter.online_filing_assisted": _("Hướng dẫn công dân nộp trực tuyến"),
    "counter.walk_in_served": _("Kết thúc phục vụ công dân"),
    "post.arrived": _("Bưu tá chuyển hồ sơ đến"),
    "post.refused": _("Từ chối nhận bưu gửi (chuyển hoàn)"),
    # dossier events
    "counter.dossier_opened": _("Lập hồ sơ điện tử tại quầy"),
    "dossier.paper_marked": _("Tiếp nhận giấy tờ"),
    "paper.digitised": _("Số hóa và ký số giấy tờ"),
    "paper.reused": _("Dùng lại bản số hóa"),
    "paper.requested_but_in_database": _("Yêu cầu giấy tờ đã có trong CSDL"),
    "paper.requested_again": _("Yêu cầu lại giấy tờ đã số hóa"),
    "paper.exempt_digitised": _("Số hóa giấy tờ không thuộc diện số hóa"),
    "paper.left_undigitised": _("Giấy tờ nhận bản lưu chưa được số hóa"),
    "dossier.papers_checked": _("Kiểm tra số hóa thành phần hồ sơ"),
    "receipt.signed": _("Ký số giấy tiếp nhận (mẫu 01)"),
    "receipt.unsigned": _("Giấy tiếp nhận không có chữ ký số của cán bộ"),
    "fee_receipt.issued": _("Thu tiền mặt tại quầy, cấp biên lai thu phí, lệ phí"),
    "result.digitised": _("Số hóa kết quả giải quyết"),
    "post.received": _("Nhận hồ sơ qua bưu chính công ích"),
    "post.fee_refund_due": _("Bưu điện thu thừa lệ phí: phải hoàn trả công dân"),
    "post.fee_shortfall": _("Bưu điện thu thiếu lệ phí: phải thu thêm của công dân"),
    "post.result_sent": _("Gửi kết quả qua bưu chính"),
    "post.result_delivered": _("Bưu điện phát kết quả thành công"),
    "post.delivery_failed": _("Bưu điện phát kết quả không thành công"),
}

# Each mistake with the rule it breaks, for scoring feedback.
MISTAKES = {
    "paper.requested_but_in_database": _(
        "Không yêu cầu công dân nộp giấy tờ mà dữ liệu đã có trong cơ sở dữ liệu quốc gia "
        "(Nghị quyết 66.7/2025/NQ-CP)."
    ),
    "paper.requested_again": _(
        "Giấy tờ đã được số hóa phải được khai thác, sử dụng lại, không yêu cầu nộp lại "
        "(Thông tư 01/2023/TT-VPCP)."
    ),
    "paper.exempt_digitised": _(
        "Giấy tờ thuộc diện không số hóa (Điều 5 Thông tư 03/2025/TT-VPCP)."
    ),
    "paper.left_undigitised": _(
        "Giấy tờ tiếp nhận tại quầy phải được số hóa và ký số (Thông tư 01/2023/TT-VPCP)."
    ),
    "receipt.unsigned": _(
        "Giấy tiếp nhận hồ sơ phải có chữ ký số của cán bộ tiếp nhận."
    ),
}


def label(action: str) -> str:
    from fake_portal.workflow import EVENT_LABELS as ALL_LABELS

    return ALL_LABELS[action]
