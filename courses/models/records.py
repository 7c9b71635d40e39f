"""Learning records: every meaningful learning event as an xAPI statement, kept locally."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LearningRecordQuerySet(models.QuerySet):
    def due(self, now):
        """Pending statements whose retry time (if any) has come."""
        return self.filter(status=LearningRecord.Status.PENDING).filter(
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now)
        )

    def for_user(self, user):
        return self.filter(user=user)


class LearningRecord(models.Model):
    """One xAPI statement. The statement is append-only; only its delivery state moves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        LOCAL = "local", _("Lưu cục bộ")

    id = models.UUIDField(primary_key=True, editable=False)  # the statement id
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="learning_records",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="learning_records",
    )
    verb = models.CharField(_("hành động"), max_length=20, db_index=True)
    object_id = models.CharField(_("đối tượng"), max_length=500)
    statement = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = LearningRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bản ghi học tập (xAPI)")
        verbose_name_plural = _("bản ghi học tập (xAPI)")

    def __str__(self):
        return f"{self.verb} {self.object_id}"
