"""Officials' profiles: role, home unit and position."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Học viên (cán bộ cấp xã)")
    TRAINER = "trainer", _("Giảng viên")
    COORDINATOR = "coordinator", _("Điều phối viên cấp tỉnh")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class Position(models.TextChoices):
    RECEIVING_OFFICER = "receiving_officer", _("Cán bộ tiếp nhận (Một cửa)")
    SPECIALIST = "specialist", _("Công chức chuyên môn")
    LEADER = "leader", _("Lãnh đạo UBND")
    OTHER = "other", _("Khác")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    position = models.CharField(
        _("chức danh"), max_length=20, choices=Position.choices, default=Position.OTHER
    )
    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("xã, phường"),
        help_text=_("Để trống nếu đơn vị là cấp tỉnh."),
    )
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)

    class Meta:
        verbose_name = _("hồ sơ cán bộ")
        verbose_name_plural = _("hồ sơ cán bộ")
        permissions = [
            ("use_back_office", _("Làm việc trên hệ thống Một cửa mô phỏng")),
            ("author_scenarios", _("Soạn kịch bản diễn tập")),
            ("view_unit_reports", _("Xem báo cáo của đơn vị")),
            ("run_drills", _("Tổ chức diễn tập cấp tỉnh")),
            ("manage_officials", _("Quản lý tài khoản cán bộ")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="trainee") | models.Q(commune__isnull=False),
                name="trainee_has_commune",
            )
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.commune_id and self.commune.province_id != self.province_id:
            raise ValidationError(
                {"commune": _("Xã, phường không thuộc tỉnh đã chọn.")}
            )
        if self.role == Role.TRAINEE and not self.commune_id:
            raise ValidationError({"commune": _("Học viên phải thuộc một xã, phường.")})

    @property
    def home_unit(self):
        return self.commune or self.province

    def can_open_commune(self, commune):
        """A commune officer sees only their commune; province staff see their province."""
        if self.role == Role.ADMINISTRATOR:
            return True
        if self.role == Role.TRAINEE:
            return self.commune_id == commune.pk
        return self.province_id == commune.province_id
