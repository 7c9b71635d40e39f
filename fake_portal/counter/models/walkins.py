"""Citizens who come to the one-stop-shop counter in person, queued by ticket number."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class WalkInQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def waiting(self):
        return self.filter(status=WalkIn.Status.WAITING).order_by("arrived_at", "pk")

    def serving(self):
        return self.filter(status=WalkIn.Status.SERVING)


class WalkIn(models.Model):
    """One visit: a synthetic citizen takes a ticket and waits with a bundle of papers."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        SERVING = "serving", _("Đang được phục vụ")
        SERVED = "served", _("Đã phục vụ xong")

    class Purpose(models.TextChoices):
        FILE = "file", _("Nộp hồ sơ")
        SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")

    TRANSITIONS = {
        Status.WAITING: {Status.SERVING},
        Status.SERVING: {Status.SERVED},
        Status.SERVED: set(),
    }

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    citizen = models.ForeignKey(
        "population.Citizen",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("công dân"),
    )
    day = models.DateField(_("ngày"))
    ticket = models.PositiveIntegerField(_("số thứ tự"))
    purpose = models.CharField(
        max_length=12, choices=Purpose.choices, default=Purpose.FILE
    )
    procedure_code = models.CharField(_("thủ tục cần làm"), max_length=30)
    defects = models.JSONField(default=list, blank=True)
    seed = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    arrived_at = models.DateTimeField(_("đến lúc"))
    called_at = models.DateTimeField(_("được gọi lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who the officer found in the population database (may be the wrong record).
    identified = models.ForeignKey(
        "population.Citizen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assisted_online = models.BooleanField(default=False)

    objects = WalkInQuerySet.as_manager()

    class Meta:
        ordering = ["arrived_at", "pk"]
        verbose_name = _("lượt công dân đến quầy")
        verbose_name_plural = _("lượt công dân đến quầy")
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "day", "ticket"], name="walkin_ticket_unique"
            )
        ]

    def __str__(self):
        return f"{self.ticket_label} – {self.citizen_id}"

    @property
    def ticket_label(self):
        return f"{self.ticket:03d}"


class SignedFormQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)


class SignedForm(models.Model):
    """A standard form as handed over at the counter, with the officer's signature or not."""

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier", on_delete=models.CASCADE, related_name="+"
    )
    number = models.CharField(_("mẫu số"), max_length=2)
    file = models.FileField(upload_to="counter/forms/%Y/%m/")
    signed = models.BooleanField(default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField()
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    objects = SignedFormQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"{self.dossier_id} – {self.number}"
