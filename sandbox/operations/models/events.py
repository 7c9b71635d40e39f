"""Append-only log of what province operations did to accounts, cohorts and sandboxes."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What an event about one official means, as their page names it.
SUBJECT_ACTION_LABELS = {
    "account.activated": _("Kích hoạt tài khoản"),
    "account.code_failed": _("Nhập sai mã đăng nhập lần đầu"),
    "account.code_used": _("Đăng nhập lần đầu bằng mã"),
    "account.codes_issued": _("Cấp mã đăng nhập lần đầu"),
    "account.deactivated": _("Khóa tài khoản"),
    "account.erased": _("Xóa dữ liệu cá nhân"),
    "account.password_reset": _("Đặt lại mật khẩu"),
    "account.reactivated": _("Mở khóa tài khoản"),
    "official.updated": _("Cập nhật thông tin theo danh sách nhập"),
}


class OperationEventQuerySet(models.QuerySet):
    def about(self, user):
        return self.filter(subject=user)


class OperationEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=60, db_index=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = OperationEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def label(self):
        return SUBJECT_ACTION_LABELS.get(self.action, self.action)
