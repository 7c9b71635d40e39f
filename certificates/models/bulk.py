"""Bulk issuing jobs: a cohort or a drill's participants, issued by background tasks."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models.authoring import IssuingRule


class BulkIssue(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang cấp")
        FINISHED = "finished", _("Đã xong")

    TRANSITIONS = {
        Status.QUEUED: {Status.RUNNING, Status.FINISHED},
        Status.RUNNING: {Status.FINISHED},
        Status.FINISHED: set(),
    }
    MAX_ERRORS_KEPT = 50

    rule = models.ForeignKey(
        IssuingRule,
        on_delete=models.PROTECT,
        related_name="bulk_issues",
        verbose_name=_("quy tắc cấp"),
    )
    # The facts every recipient shares (title, procedures…); scores are per person.
    achievement = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    scores = models.JSONField(default=dict, blank=True)  # user id (str) -> score
    user_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(_("đã cấp"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)
    failed = models.PositiveIntegerField(_("lỗi"), default=0)
    errors = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đợt cấp chứng chỉ hàng loạt")
        verbose_name_plural = _("đợt cấp chứng chỉ hàng loạt")

    def __str__(self):
        return f"{self.achievement.get('title', '')} ({self.total})"

    def get_absolute_url(self):
        return reverse("certificates:bulk-detail", args=[self.pk])

    @property
    def processed(self):
        return self.issued + self.skipped + self.failed

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.processed / self.total)
