"""Dossiers and results carried by the public postal service (Decision 45/2016/QĐ-TTg)."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostalItemQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def incoming(self):
        return self.filter(direction=PostalItem.Direction.IN)

    def outgoing(self):
        return self.filter(direction=PostalItem.Direction.OUT)


class PostalItem(models.Model):
    """A sealed bundle brought by a postal worker, or a result sent back by post."""

    class Direction(models.TextChoices):
        IN = "in", _("Hồ sơ gửi đến")
        OUT = "out", _("Kết quả gửi đi")

    class Status(models.TextChoices):
        ARRIVED = "arrived", _("Bưu tá đang chờ bàn giao")
        ACCEPTED = "accepted", _("Đã nhận bàn giao")
        REFUSED = "refused", _("Từ chối nhận, chuyển hoàn")
        IN_TRANSIT = "in_transit", _("Đang phát")
        DELIVERED = "delivered", _("Đã phát thành công")
        FAILED = "failed", _("Phát không thành công")

    TRANSITIONS = {
        Status.ARRIVED: {Status.ACCEPTED, Status.REFUSED},
        Status.IN_TRANSIT: {Status.DELIVERED, Status.FAILED},
        Status.FAILED: {Status.IN_TRANSIT},
        Status.ACCEPTED: set(),
        Status.REFUSED: set(),
        Status.DELIVERED: set(),
    }

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    tracking_number = models.CharField(_("số hiệu bưu gửi"), max_length=20)
    citizen = models.ForeignKey(
        "population.Citizen", on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("gửi đến đơn vị"),
    )
    procedure_code = models.CharField(max_length=30, blank=True)
    dossier = models.ForeignKey(
        "fake_portal.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    slip = models.JSONField(_("phiếu gửi"), default=dict, encoder=DjangoJSONEncoder)
    sealed = models.BooleanField(_("niêm phong còn nguyên"), default=True)
    postal_fee = models.PositiveIntegerField(_("cước bưu chính (đồng)"), default=0)
    fee_collected = models.PositiveIntegerField(
        _("phí, lệ phí thu hộ (đồng)"), default=0
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PostalItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bưu gửi")
        verbose_name_plural = _("bưu gửi")
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "tracking_number"], name="postal_tracking_unique"
            )
        ]

    def __str__(self):
        return self.tracking_number
