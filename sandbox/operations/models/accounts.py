"""What operations keeps about an official's account: onboarding state and staff views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficialAccount(models.Model):
    """Onboarding and lifecycle of one account: activation, first-login code, erasure."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official_account",
    )
    source_import = models.ForeignKey(
        "operations.OfficialImport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tạo từ lần nhập"),
    )
    activated_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    # A first-login code is kept only as a slow hash, like a password.
    code_hash = models.CharField(max_length=200, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_failures = models.PositiveSmallIntegerField(default=0)
    deactivated_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    erased_at = models.DateTimeField(_("xóa dữ liệu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản cán bộ")
        verbose_name_plural = _("tài khoản cán bộ")

    def __str__(self):
        return str(self.user)

    @property
    def has_code(self):
        return bool(self.code_hash)


class StaffViewQuerySet(models.QuerySet):
    def of_subject(self, user):
        return self.filter(subject=user)


class StaffView(models.Model):
    """One look by staff at another person's profile or results (personal-data audit).

    `what` holds a code of `What`, shown in the reader's language; rows written before the
    codes may hold other text, shown as written.
    """

    class What(models.TextChoices):
        PROFILE = "profile", _("hồ sơ cán bộ")
        PERSONAL_DATA = "personal_data", _("tải toàn bộ dữ liệu cá nhân")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người xem"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người được xem"),
    )
    what = models.CharField(_("nội dung xem"), max_length=100, choices=What.choices)
    path = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    viewed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    objects = StaffViewQuerySet.as_manager()

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        verbose_name = _("lượt xem dữ liệu cá nhân")
        verbose_name_plural = _("lượt xem dữ liệu cá nhân")

    def __str__(self):
        return f"{self.viewer_id} → {self.subject_id}: {self.get_what_display()}"
