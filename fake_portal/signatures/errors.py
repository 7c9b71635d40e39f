"""What a failed signature says, worded like the signing tools officials really use.

Every error has a stable `code` (recorded in the event log, read by scoring) and a Vietnamese
`message` for the screen; `str(error)` is the message.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


class SigningError(Exception):
    code = "signing_error"

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message()
        super().__init__(self.message)

    def default_message(self) -> str:
        return _("Ký số không thành công.")


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


class InvalidDocument(SigningError):  # noqa: N818 (names the API promised)
    code = "invalid_document"

    def __init__(self, reason: str = "not_pdf"):
        self.reason = reason
        super().__init__()

    def default_message(self):
        if self.reason == "encrypted":
            return _("Tệp PDF đã được đặt mật khẩu; không thể ký số lên tệp này.")
        if self.reason == "field_taken":
            return _("Tài liệu đã có một trường chữ ký cùng tên.")
        return _("Tệp cần ký không phải là tệp PDF hợp lệ.")


class NoCertificate(SigningError):  # noqa: N818 (names the API promised)
    code = "no_certificate"

    def default_message(self):
        return _(
            "Không tìm thấy chứng thư số của người ký. Tài khoản chưa được cấp chứng thư "
            "số; vui lòng liên hệ quản trị viên."
        )


class TokenNotPlugged(SigningError):  # noqa: N818 (names the API promised)
    code = "token_missing"

    def default_message(self):
        return _(
            "Không tìm thấy thiết bị ký số (USB Token). Vui lòng cắm USB Token vào máy "
            "tính, kiểm tra trình điều khiển (driver) và thử lại."
        )


class PinRequired(SigningError):  # noqa: N818 (names the API promised)
    code = "pin_required"

    def default_message(self):
        return _("Vui lòng nhập mã PIN của USB Token.")


class WrongPin(SigningError):  # noqa: N818 (names the API promised)
    code = "wrong_pin"

    def __init__(self, remaining: int):
        self.remaining = remaining
        super().__init__()

    def default_message(self):
        return _(
            "Mã PIN không đúng. Số lần nhập còn lại trước khi USB Token bị khóa: "
            "%(remaining)d."
        ) % {"remaining": self.remaining}


class TokenLocked(SigningError):  # noqa: N818 (names the API promised)
    code = "token_locked"

    def default_message(self):
        return _(
            "USB Token đã bị khóa do nhập sai mã PIN quá 3 lần. Vui lòng liên hệ quản "
            "trị viên để mở khóa."
        )


class CertificateExpired(SigningError):  # noqa: N818 (names the API promised)
    code = "certificate_expired"

    def __init__(self, not_after=None):
        self.not_after = not_after
        super().__init__()

    def default_message(self):
        if self.not_after is None:
            return _(
                "Chứng thư số đã hết hạn sử dụng. Không thể thực hiện ký số; vui lòng "
                "liên hệ tổ chức cung cấp dịch vụ chứng thực để gia hạn."
            )
        return _(
            "Chứng thư số đã hết hạn sử dụng từ %(date)s. Không thể thực hiện ký số; "
            "vui lòng liên hệ tổ chức cung cấp dịch vụ chứng thực để gia hạn."
        ) % {"date": _date(self.not_after)}


class CertificateNotYetValid(SigningError):  # noqa: N818 (names the API promised)
    code = "certificate_not_yet_valid"

    def default_message(self):
        return _("Chứng thư số chưa đến thời hạn có hiệu lực.")


class CertificateRevoked(SigningError):  # noqa: N818 (names the API promised)
    code = "certificate_revoked"

    def __init__(self, revoked_at=None):
        self.revoked_at = revoked_at
        super().__init__()

    def default_message(self):
        if self.revoked_at is None:
            return _(
                "Chứng thư số đã bị thu hồi. Không thể thực hiện ký số; vui lòng liên "
                "hệ quản trị viên để được cấp chứng thư mới."
            )
        return _(
            "Chứng thư số đã bị thu hồi lúc %(date)s. Không thể thực hiện ký số; vui "
            "lòng liên hệ quản trị viên để được cấp chứng thư mới."
        ) % {"date": _date(self.revoked_at)}


class RemoteSigningTimeout(SigningError):  # noqa: N818 (names the API promised)
    code = "remote_timeout"

    def default_message(self):
        return _(
            "Hết thời gian chờ xác nhận ký số từ xa. Yêu cầu ký đã hết hiệu lực; vui "
            "lòng gửi lại yêu cầu ký."
        )


class RemoteSigningRejected(SigningError):  # noqa: N818 (names the API promised)
    code = "remote_rejected"

    def default_message(self):
        return _("Người ký đã từ chối yêu cầu ký số.")


class RemoteSigningPending(SigningError):  # noqa: N818 (names the API promised)
    code = "remote_pending"

    def default_message(self):
        return _("Yêu cầu ký số đang chờ người ký xác nhận.")


class NotAllowed(SigningError):  # noqa: N818 (names the API promised)
    code = "not_allowed"

    def default_message(self):
        return _("Bạn không có quyền thực hiện thao tác này.")
