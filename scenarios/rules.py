"""The rules a trainee is judged on, each with its legal basis (DOMAIN.md, "What an officer
is judged on"). Scoring feedback cites them by key; scenario files refer to the keys.

Data, not code: a new rule is a new entry here and in the documentation page.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    key: str
    text: str
    basis: str


_RULES = [
    Rule(
        "acknowledge_8h",
        _(
            "Hồ sơ trực tuyến phải được tiếp nhận hoặc yêu cầu bổ sung trong 8 giờ "
            "làm việc."
        ),
        _("Nghị định 45/2020/NĐ-CP"),
    ),
    Rule(
        "supplement_once",
        _(
            "Chỉ yêu cầu bổ sung một lần, liệt kê đầy đủ mọi nội dung còn thiếu kèm "
            "căn cứ pháp lý (mẫu 02)."
        ),
        _("Nghị định 118/2025/NĐ-CP; mẫu 02 Thông tư 03/2025/TT-VPCP"),
    ),
    Rule(
        "refuse_with_reasons",
        _("Chỉ từ chối khi có lý do và căn cứ pháp lý, bằng phiếu từ chối (mẫu 03)."),
        _("Nghị định 118/2025/NĐ-CP; mẫu 03 Thông tư 03/2025/TT-VPCP"),
    ),
    Rule(
        "no_paper_in_database",
        _(
            "Không yêu cầu công dân nộp giấy tờ mà dữ liệu đã có trong cơ sở dữ liệu "
            "quốc gia (bản sao thẻ căn cước, giấy xác nhận cư trú…)."
        ),
        _("Nghị quyết 66.7/2025/NQ-CP"),
    ),
    Rule(
        "check_population",
        _(
            "Kiểm tra, đối chiếu thông tin người nộp với Cơ sở dữ liệu quốc gia về dân "
            "cư thay cho giấy tờ."
        ),
        _("Luật Căn cước 2023; Nghị quyết 66.7/2025/NQ-CP"),
    ),
    Rule(
        "no_vneid_at_counter",
        _("Không bắt buộc công dân nộp trực tiếp phải có tài khoản VNeID."),
        _("Công điện 111/CĐ-TTg"),
    ),
    Rule(
        "forward_not_refuse",
        _(
            "Hồ sơ nộp tại đơn vị không có thẩm quyền hoặc ngoài nơi cư trú được tiếp "
            "nhận và chuyển đến đơn vị có thẩm quyền, không từ chối."
        ),
        _("Nghị định 118/2025/NĐ-CP (không phụ thuộc địa giới hành chính)"),
    ),
    Rule(
        "transfer_competent",
        _(
            "Hồ sơ thuộc thẩm quyền cấp tỉnh nhận tại cấp xã phải được chuyển liên thông "
            "đúng cơ quan có thẩm quyền."
        ),
        _("Nghị định 118/2025/NĐ-CP"),
    ),
    Rule(
        "workflow_order",
        _(
            "Giải quyết đúng trình tự một cửa: tiếp nhận, chuyển xử lý, thẩm định, "
            "phê duyệt, trả kết quả; mọi lần bàn giao ghi vào phiếu kiểm soát (mẫu 06)."
        ),
        _("Nghị định 118/2025/NĐ-CP; mẫu 06 Thông tư 03/2025/TT-VPCP"),
    ),
    Rule(
        "on_time",
        _("Trả kết quả đúng ngày hẹn ghi trên giấy tiếp nhận (mẫu 01)."),
        _("Nghị định 118/2025/NĐ-CP; Quyết định 766/QĐ-TTg (chỉ số tiến độ)"),
    ),
    Rule(
        "apology_before_due",
        _(
            "Hồ sơ sẽ quá hạn phải có văn bản xin lỗi và hẹn lại ngày trả (mẫu 04) "
            "trước khi hết hạn."
        ),
        _("Nghị định 118/2025/NĐ-CP; mẫu 04 Thông tư 03/2025/TT-VPCP"),
    ),
    Rule(
        "competent_signer",
        _("Kết quả do lãnh đạo có thẩm quyền ký số trước khi trả cho công dân."),
        _("Nghị định 68/2024/NĐ-CP (chữ ký số chuyên dùng công vụ)"),
    ),
    Rule(
        "signature_fallback",
        _(
            "Khi USB Token không dùng được, lãnh đạo ký bằng hình thức ký số từ xa "
            "(ký số tập trung) thay vì để hồ sơ chậm trễ."
        ),
        _("Nghị định 68/2024/NĐ-CP"),
    ),
    Rule(
        "return_by_channel",
        _(
            "Trả kết quả qua kênh công dân đã chọn; kết quả điện tử đưa vào kho dữ liệu "
            "điện tử của công dân."
        ),
        _("Nghị định 118/2025/NĐ-CP; Nghị định 45/2020/NĐ-CP"),
    ),
    Rule(
        "wait_for_supplement",
        _(
            "Thời gian chờ công dân bổ sung không tính vào thời hạn giải quyết; không "
            "dừng xử lý hay từ chối chỉ vì công dân bổ sung chậm."
        ),
        _("Nghị định 118/2025/NĐ-CP"),
    ),
    Rule(
        "digitise_counter",
        _("Số hóa giấy tờ nhận tại quầy và ký số từng bản, trừ giấy tờ được miễn."),
        _("Thông tư 01/2023/TT-VPCP; Điều 5 Thông tư 03/2025/TT-VPCP"),
    ),
]
RULES = {rule.key: rule for rule in _RULES}


# Labels of the actions a rubric names (namespaced event names).
ACTION_LABELS = {
    "dossier.filed": _("Nộp hồ sơ"),
    "dossier.received": _("Tiếp nhận hồ sơ (mẫu 01)"),
    "dossier.refused": _("Từ chối tiếp nhận (mẫu 03)"),
    "dossier.supplement_requested": _("Yêu cầu bổ sung, hoàn thiện (mẫu 02)"),
    "dossier.supplemented": _("Công dân bổ sung hồ sơ"),
    "dossier.assigned": _("Chuyển chuyên viên xử lý"),
    "dossier.appraised": _("Thẩm định, trình lãnh đạo"),
    "dossier.transferred": _("Chuyển liên thông"),
    "dossier.transfer_returned": _("Cơ quan liên thông trả lại"),
    "dossier.sent_back": _("Trả lại chuyên viên"),
    "dossier.approved": _("Phê duyệt và ký số kết quả"),
    "dossier.signing_failed": _("Ký số không thành công"),
    "dossier.payment_requested": _("Yêu cầu nộp phí, lệ phí"),
    "dossier.payment_recorded": _("Ghi nhận đã nộp phí"),
    "dossier.result_returned": _("Trả kết quả"),
    "dossier.withdrawn": _("Rút hồ sơ"),
    "dossier.stopped": _("Dừng xử lý (mẫu 05)"),
    "dossier.apologised": _("Xin lỗi và hẹn lại ngày trả (mẫu 04)"),
    "dossier.rated": _("Đánh giá mức độ hài lòng"),
    "population.looked_up": _("Tra cứu, đối chiếu Cơ sở dữ liệu quốc gia về dân cư"),
    "signature.signed": _("Ký số thành công"),
    "signature.failed": _("Ký số không thành công"),
    "signature.remote_requested": _("Gửi yêu cầu ký số từ xa"),
    "signature.fault_injected": _("Sự cố chữ ký số"),
    "scenario.started": _("Bắt đầu kịch bản"),
    "scenario.dossier_arrived": _("Hồ sơ đến"),
    "scenario.inject_fired": _("Tình huống phát sinh"),
    "scenario.finished": _("Kết thúc kịch bản"),
    "sandbox.clock_advanced": _("Tua nhanh đồng hồ"),
    "sandbox.clock_paused": _("Tạm dừng đồng hồ"),
    "sandbox.clock_resumed": _("Chạy tiếp đồng hồ"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def rule_for(key: str) -> Rule:
    return RULES.get(key) or Rule(key, key, "")
