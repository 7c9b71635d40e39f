"""Dossiers (hồ sơ), their documents, generated forms and the append-only event log."""

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Status(models.IntegerChoices):
    """The ten status codes exchanged with the national portal (DOMAIN.md)."""

    FILED = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung giấy tờ")
    PAYMENT_REQUESTED = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    DONE = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class Stage(models.TextChoices):
    """Back-office steps inside status 4 (and where a dossier waits)."""

    NONE = "", _("—")
    ASSIGNED = "assigned", _("Đã chuyển chuyên viên")
    APPRAISED = "appraised", _("Đã thẩm định")
    TRANSFERRED = "transferred", _("Đang liên thông")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo phê duyệt")
    SIGNED = "signed", _("Đã ký")


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Dịch vụ bưu chính công ích")


TERMINAL = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}
# Statuses in which the appointment date runs and a dossier can become overdue.
RUNNING = {Status.RECEIVED, Status.PROCESSING, Status.PAYMENT_REQUESTED}


class DossierQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def open(self):
        return self.exclude(status__in=TERMINAL)

    def overdue(self, now):
        return self.filter(status__in=RUNNING | {Status.DONE}, due_at__lt=now)

    def due_soon(self, now, within=timedelta(days=1)):
        return self.filter(status__in=RUNNING, due_at__gte=now, due_at__lt=now + within)

    def in_inbox(self, name, now):
        """The named back-office inbox (see fake_portal.inboxes)."""
        from fake_portal.inboxes import INBOXES

        return INBOXES[name].filter(self, now)


class Dossier(models.Model):
    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="dossiers"
    )
    code = models.CharField(_("mã hồ sơ"), max_length=40)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=30)
    procedure_version = models.PositiveIntegerField(default=1)
    applicant = models.ForeignKey(
        "population.Citizen",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("người nộp"),
    )
    # What the e-form says (may differ from the population database: officials must notice).
    form_data = models.JSONField(
        _("dữ liệu tờ khai"), default=dict, encoder=DjangoJSONEncoder
    )
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(
        _("trạng thái"), choices=Status.choices, default=Status.FILED, db_index=True
    )
    stage = models.CharField(
        _("bước xử lý"), max_length=20, choices=Stage.choices, blank=True
    )
    receiving_commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi nộp"),
    )
    competent_commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("xã có thẩm quyền"),
    )
    competent_agency = models.CharField(_("cơ quan có thẩm quyền"), max_length=60)
    holder_agency = models.CharField(_("đang ở cơ quan"), max_length=60, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chuyên viên xử lý"),
    )
    filed_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    acknowledge_by = models.DateTimeField(_("hạn tiếp nhận"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    fee_amount = models.PositiveIntegerField(_("phí, lệ phí (đồng)"), default=0)
    fee_paid = models.BooleanField(_("đã nộp phí"), default=False)
    rating = models.PositiveSmallIntegerField(_("đánh giá"), null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    # Optimistic concurrency: every action bumps it; a form posted with an older one is stale.
    version = models.PositiveIntegerField(default=1)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "code"], name="dossier_code_unique_in_sandbox"
            )
        ]
        indexes = [
            models.Index(fields=["sandbox", "status", "due_at"]),
            models.Index(fields=["sandbox", "-filed_at"]),
        ]

    def __str__(self):
        return self.code

    @property
    def procedure(self):
        from fake_portal.catalogue import load_catalogue

        return load_catalogue().get(self.procedure_code)

    @cached_property
    def fee_waiver(self) -> str:
        """Why no fee is owed (an on-time waiver of the catalogue), or "" (pages ask twice:
        whether there is one, then what it says)."""
        from fake_portal.fees import assess_fee

        fee = assess_fee(
            self.procedure,
            self.form_data.get("request") or {},
            timezone.localdate(self.filed_at),
        )
        return str(fee.waiver)

    @property
    def fee_settled(self) -> bool:
        """The fee is paid and no payment request (status 6) has asked for more since."""
        return self.fee_paid and self.status != Status.PAYMENT_REQUESTED

    def is_overdue(self, now):
        return (
            self.due_at is not None
            and self.status in RUNNING | {Status.DONE}
            and now > self.due_at
        )


class DossierDocument(models.Model):
    """A paper or file of a dossier: uploaded, generated as a scan, or the result."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="documents"
    )
    key = models.CharField(_("thành phần"), max_length=60)
    name = models.CharField(_("tên giấy tờ"), max_length=255)
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.ATTACHMENT
    )
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    signed = models.BooleanField(_("đã ký số"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class DossierForm(models.Model):
    """A generated standard form (Circular 03/2025 annex I) kept as issued."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="forms")
    number = models.CharField(_("mẫu số"), max_length=2)
    file = models.FileField(upload_to="forms/%Y/%m/")
    signed = models.BooleanField(default=False)
    issued_at = models.DateTimeField(_("sandbox time"))

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.dossier.code} – {self.number}"


class DossierEvent(models.Model):
    """Append-only: who (or which simulated actor) did what to a dossier, and when."""

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(
        max_length=120, blank=True
    )  # a simulated actor's name
    action = models.CharField(max_length=60, db_index=True)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True)
    to_status = models.PositiveSmallIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    sim_time = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["sim_time", "pk"]
        indexes = [models.Index(fields=["sandbox", "sim_time"])]

    def __str__(self):
        return f"{self.action} {self.dossier_id}"

    @property
    def shown_actor(self) -> str:
        """Who the log names: the person acted as when there is one (the citizen a trainee
        plays on the citizen portal, a simulated agency), otherwise the official."""
        if self.actor_name:
            return self.actor_name
        profile = getattr(self.actor, "profile", None) if self.actor_id else None
        return profile.full_name if profile else ""
