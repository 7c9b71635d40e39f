"""Errors of the dossier workflow; each carries a message fit to show the official."""

from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    default = _("Không thực hiện được thao tác.")

    def __init__(self, message=None):
        self.message = message or self.default
        super().__init__(str(self.message))


class IllegalTransition(WorkflowError):
    default = _("Thao tác này không được phép ở trạng thái hiện tại của hồ sơ.")


class NotPermitted(WorkflowError):
    default = _("Bạn không giữ vị trí được phép thực hiện thao tác này trên sa bàn.")


class StaleDossier(WorkflowError):
    default = _(
        "Hồ sơ vừa được người khác cập nhật trước bạn. Thao tác của bạn chưa được ghi; "
        "xin xem lại trạng thái mới rồi thực hiện lại nếu cần."
    )


class InvalidInput(WorkflowError):
    default = _("Dữ liệu nhập chưa hợp lệ.")
