"""Bulk onboarding: one uploaded file of officials, its checked rows and what it changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficialImportQuerySet(models.QuerySet):
    def for_province(self, province):
        return self.filter(province=province)

    def recent(self):
        # Lists never need the rows (megabytes for a large file).
        return (
            self.select_related("province", "created_by__profile")
            .defer("rows")
            .order_by("-created_at")
        )


class OfficialImport(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã kiểm tra, chờ xác nhận")
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được, không có thay đổi nào")
        DISCARDED = "discarded", _("Đã hủy")

    class Source(models.TextChoices):
        WEB = "web", _("Trang web")
        COMMAND = "command", _("Dòng lệnh")

    TRANSITIONS = {
        Status.PREVIEWED: {Status.QUEUED, Status.DISCARDED},
        Status.QUEUED: {Status.RUNNING, Status.FAILED},
        Status.RUNNING: {Status.DONE, Status.FAILED},
    }

    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_format = models.CharField(_("định dạng"), max_length=10)
    encoding = models.CharField(_("bảng mã"), max_length=40, blank=True)
    # How the file was read (onboarding.reading.Table.layout): {"header": [first, last],
    # "numbering": row or None}; empty for imports read before it was kept.
    layout = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    # Every data row: its raw cells (to check again at commit), outcome and reasons.
    rows = models.JSONField(default=list)
    send_activation = models.BooleanField(
        _("gửi liên kết kích hoạt qua email"), default=True
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=Status.choices,
        default=Status.PREVIEWED,
    )
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected_count = models.PositiveIntegerField(_("bị từ chối"), default=0)
    progress = models.PositiveIntegerField(_("đã xử lý"), default=0)
    activation_sent = models.PositiveIntegerField(_("đã gửi thư kích hoạt"), default=0)
    activation_error = models.TextField(_("lỗi gửi thư"), blank=True)
    # Set by the follow-up job once other apps have prepared every new account
    # (training signature certificate, token) and the activation e-mails are sent.
    accounts_ready_at = models.DateTimeField(
        _("tài khoản sẵn sàng lúc"), null=True, blank=True
    )
    error = models.TextField(_("lỗi"), blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = OfficialImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lần nhập danh sách cán bộ")
        verbose_name_plural = _("lần nhập danh sách cán bộ")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def can_commit(self):
        return (
            self.status == self.Status.PREVIEWED
            and self.rejected_count == 0
            and self.total > 0
        )

    @property
    def changes(self):
        return self.created_count + self.updated_count

    @property
    def progress_percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.progress / self.total)) if self.total else 0

    @property
    def header_rows(self) -> str:
        """The header's row numbers as the spreadsheet shows them: "3", "3–4", or ""."""
        first, last = self.layout.get("header") or (None, None)
        if first is None:
            return ""
        return str(first) if first == last else f"{first}–{last}"

    @property
    def numbering_row(self):
        return self.layout.get("numbering")

    @property
    def is_running(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class ImportRecord(models.Model):
    """One official touched by one import: who was created, updated or left unchanged."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("Tạo mới")
        UPDATED = "updated", _("Cập nhật")
        UNCHANGED = "unchanged", _("Không đổi")

    official_import = models.ForeignKey(
        OfficialImport, on_delete=models.CASCADE, related_name="records"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_records",
    )
    row = models.PositiveIntegerField(_("dòng"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["official_import", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["official_import", "user"], name="import_record_once"
            )
        ]

    def __str__(self):
        return f"{self.official_import_id}:{self.row} {self.outcome}"
