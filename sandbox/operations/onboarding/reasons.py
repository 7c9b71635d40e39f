"""What each rejection reason says to the coordinator (Vietnamese, with the cell's value)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sandbox.models import Role
from sandbox.operations.onboarding.columns import BY_FIELD

MESSAGES = {
    "name_missing": gettext_lazy("Thiếu họ và tên."),
    "name_invalid": gettext_lazy(
        "Họ và tên “%(value)s” không hợp lệ (phải là chữ, không có chữ số)."
    ),
    "formula": gettext_lazy(
        "Ô “%(column)s” bắt đầu bằng ký tự công thức (=, +, -, @): “%(value)s”. Xin "
        "nhập nội dung dạng chữ thường."
    ),
    "unit_missing": gettext_lazy("Thiếu đơn vị: học viên phải thuộc một xã, phường."),
    "unit_unknown": gettext_lazy(
        "Không tìm thấy đơn vị “%(value)s” (đơn vị không xác định). Xin ghi mã 5 chữ số "
        "hoặc đúng tên xã, phường."
    ),
    "unit_former_district": gettext_lazy(
        "“%(value)s” là đơn vị hành chính cấp huyện cũ; từ ngày 01/7/2025 không còn cấp "
        "huyện. Xin ghi xã, phường, đặc khu hiện nay nơi cán bộ công tác (tên hoặc mã 5 "
        "chữ số, xem trang “Mã đơn vị” của tệp mẫu)."
    ),
    "unit_former_township": gettext_lazy(
        "“%(value)s” là thị trấn cũ; từ ngày 01/7/2025 các thị trấn đã được sắp xếp vào "
        "xã. Xin ghi xã, phường, đặc khu hiện nay nơi cán bộ công tác (tên hoặc mã 5 chữ "
        "số, xem trang “Mã đơn vị” của tệp mẫu)."
    ),
    "unit_ambiguous": gettext_lazy(
        "Tên đơn vị “%(value)s” không rõ ràng, khớp với nhiều đơn vị trong tỉnh: "
        "%(choices)s. Xin ghi mã đơn vị."
    ),
    "unit_outside_province": gettext_lazy(
        "Đơn vị “%(value)s” (%(unit)s) thuộc %(province)s, ngoài tỉnh của lần nhập này."
    ),
    "position_unknown": gettext_lazy(
        "Chức danh “%(value)s” không có trong danh sách (Cán bộ tiếp nhận, Công chức "
        "chuyên môn, Lãnh đạo, Khác)."
    ),
    "contact_missing": gettext_lazy(
        "Thiếu email và số điện thoại: cần ít nhất một trong hai."
    ),
    "email_invalid": gettext_lazy("Email “%(value)s” không hợp lệ."),
    "phone_invalid": gettext_lazy(
        "Số điện thoại “%(value)s” không hợp lệ: cần số di động Việt Nam 10 chữ số "
        "(ví dụ 0912345678)."
    ),
    "duplicate_row": gettext_lazy(
        "Dòng trùng lặp: trùng %(key)s “%(value)s” với dòng %(row)s."
    ),
    "role_unknown": gettext_lazy(
        "Vai trò “%(value)s” không có trong danh sách (Học viên, Giảng viên, Điều phối "
        "viên)."
    ),
    "role_not_allowed": gettext_lazy(
        "Vai trò không được phép cấp: anh/chị không được cấp hoặc sửa tài khoản "
        "“%(role)s”."
    ),
    "account_other_province": gettext_lazy(
        "Email hoặc số điện thoại này là của một tài khoản thuộc %(province)s."
    ),
    "account_conflict": gettext_lazy(
        "“%(value)s” khớp với nhiều tài khoản khác nhau; xin kiểm tra lại email và số "
        "điện thoại."
    ),
}

_KEYS = {"email": gettext_lazy("email"), "phone": gettext_lazy("số điện thoại")}


def _params(code: str, params: dict) -> dict:
    shown = dict(params)
    if "column" in shown:
        shown["column"] = BY_FIELD[shown["column"]].label
    if "key" in shown:
        shown["key"] = _KEYS.get(shown["key"], shown["key"])
    if code == "role_not_allowed":
        shown["role"] = Role(shown["role"]).label
    return shown


def describe(reason: dict) -> str:
    """The sentence for one stored reason {"code", "params"}."""
    template = MESSAGES.get(reason["code"])
    if template is None:
        return _("Dòng không hợp lệ.")
    return str(template) % _params(reason["code"], reason.get("params", {}))


def describe_all(reasons: list) -> list[str]:
    return [describe(r) for r in reasons]
