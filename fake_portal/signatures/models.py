"""The training PKI, officials' certificates and virtual tokens, remote signing, faults, log.

Everything here is a TRAINING PKI: its keys sign nothing of legal value, which is why private
keys are stored in the database (so that every web and worker process, and every backup,
shares the same authorities and officials' keys). Never reuse this design for a real CA.
"""

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingAuthority(models.Model):
    """The training root CA and the training issuing CA (one row each)."""

    class Kind(models.TextChoices):
        ROOT = "root", _("CA gốc đào tạo")
        ISSUING = "issuing", _("CA cấp chứng thư đào tạo")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, unique=True)
    common_name = models.CharField(_("tên"), max_length=200)
    cert_pem = models.TextField(_("chứng thư (PEM)"))
    key_pem = models.TextField(_("khóa bí mật đào tạo (PEM)"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("CA đào tạo")
        verbose_name_plural = _("CA đào tạo")

    def __str__(self):
        return self.common_name


class OfficialCertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def current_for(self, user):
        """The certificate an official signs with: the most recently issued one."""
        return self.for_user(user).order_by("-issued_at", "-pk").first()

    def revoked(self):
        return self.filter(revoked_at__isnull=False)


class OfficialCertificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        NOT_YET_VALID = "not_yet_valid", _("Chưa có hiệu lực")
        EXPIRED = "expired", _("Đã hết hạn")
        REVOKED = "revoked", _("Đã bị thu hồi")

    class RevocationReason(models.TextChoices):
        UNSPECIFIED = "unspecified", _("Không nêu lý do")
        KEY_COMPROMISE = "key_compromise", _("Lộ khóa bí mật")
        AFFILIATION_CHANGED = "affiliation_changed", _("Thay đổi đơn vị công tác")
        SUPERSEDED = "superseded", _("Đã cấp chứng thư mới thay thế")
        CESSATION_OF_OPERATION = "cessation_of_operation", _("Thôi sử dụng")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signing_certificates",
        verbose_name=_("cán bộ"),
    )
    serial = models.CharField(_("số hiệu"), max_length=40, unique=True)
    subject = models.CharField(_("chủ thể"), max_length=500)
    cert_pem = models.TextField(_("chứng thư (PEM)"))
    key_pem = models.TextField(_("khóa bí mật đào tạo (PEM)"))
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    issued_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("lý do thu hồi"), max_length=30, choices=RevocationReason.choices, blank=True
    )

    objects = OfficialCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("chứng thư số của cán bộ")
        verbose_name_plural = _("chứng thư số của cán bộ")

    def __str__(self):
        return f"{self.subject} ({self.serial})"

    def status_at(self, moment):
        if self.revoked_at and self.revoked_at <= moment:
            return self.Status.REVOKED
        if moment < self.not_before:
            return self.Status.NOT_YET_VALID
        if moment > self.not_after:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def serial_int(self):
        return int(self.serial, 16)


class VirtualToken(models.Model):
    """An official's simulated USB token: plugged in or not, PIN, lock after 3 wrong PINs."""

    MAX_ATTEMPTS = 3

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signing_token",
        verbose_name=_("cán bộ"),
    )
    plugged_in = models.BooleanField(_("đang cắm vào máy"), default=True)
    pin_hash = models.CharField(max_length=128)
    # The PIN as handed over in its sealed letter; shown to the official until they change it.
    pin_envelope = models.CharField(_("mã PIN ban đầu"), max_length=12, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    locked_at = models.DateTimeField(_("bị khóa lúc"), null=True, blank=True)
    pin_changed_at = models.DateTimeField(_("đổi PIN lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("USB Token mô phỏng")
        verbose_name_plural = _("USB Token mô phỏng")

    def __str__(self):
        return str(self.user)

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def attempts_left(self):
        return max(0, self.MAX_ATTEMPTS - self.failed_attempts)


class RemoteSigningRequestQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def for_signer(self, user):
        return self.filter(user=user)

    def awaiting(self, user, now=None):
        """Requests the signer can still approve (pending and not past their deadline)."""
        now = now or timezone.now()
        return self.for_signer(user).filter(
            status=RemoteSigningRequest.Status.PENDING, expires_at__gt=now
        )


class RemoteSigningRequest(models.Model):
    """A centralised-signing request that the signer confirms on a second screen in time."""

    DEFAULT_TIMEOUT = 120

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        APPROVED = "approved", _("Đã ký")
        REJECTED = "rejected", _("Bị từ chối")
        EXPIRED = "expired", _("Hết thời gian chờ")
        FAILED = "failed", _("Ký không thành công")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="remote_signing_requests",
        verbose_name=_("người ký"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người gửi yêu cầu"),
    )
    sandbox = models.ForeignKey(
        "sandbox.Sandbox",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="remote_signing_requests",
    )
    document = models.BinaryField(_("tài liệu cần ký"))
    signed_document = models.BinaryField(_("tài liệu đã ký"), null=True, blank=True)
    purpose = models.CharField(_("nội dung yêu cầu"), max_length=300)
    reason = models.CharField(_("lý do ký"), max_length=200)
    location = models.CharField(_("nơi ký"), max_length=200, blank=True)
    stamp = models.CharField(max_length=20, default="bottom-right")
    field_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    failure_code = models.CharField(max_length=40, blank=True)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    objects = RemoteSigningRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("yêu cầu ký số từ xa")
        verbose_name_plural = _("yêu cầu ký số từ xa")
        indexes = [models.Index(fields=["user", "status", "expires_at"])]

    def __str__(self):
        return self.purpose

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            start = self.created_at or timezone.now()
            self.expires_at = start + timedelta(seconds=self.DEFAULT_TIMEOUT)
        super().save(*args, **kwargs)

    @property
    def is_past_deadline(self):
        return timezone.now() >= self.expires_at

    @property
    def effective_status(self):
        """The status a reader should see: a pending request past its deadline has expired."""
        if self.status == self.Status.PENDING and self.is_past_deadline:
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self):
        return self.Status(self.effective_status).label

    @property
    def seconds_left(self):
        return max(0, int((self.expires_at - timezone.now()).total_seconds()))


class SignatureFaultQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def active(self):
        return self.filter(cleared_at__isnull=True)

    def affecting(self, user):
        return self.filter(models.Q(user=user) | models.Q(user__isnull=True))


class SignatureFault(models.Model):
    """A fault a scenario injected into one sandbox; signing there fails until it is cleared."""

    class Kind(models.TextChoices):
        TOKEN_MISSING = "token_missing", _("Không nhận USB Token")
        WRONG_PIN = "wrong_pin", _("Mã PIN bị đổi (mọi lần nhập đều sai)")
        TOKEN_LOCKED = "token_locked", _("USB Token bị khóa")
        CERTIFICATE_EXPIRED = "certificate_expired", _("Chứng thư số hết hạn")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Chứng thư số bị thu hồi")
        REMOTE_TIMEOUT = "remote_timeout", _("Ký số từ xa không được xác nhận kịp")

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="signature_faults"
    )
    # Null: the fault hits every official working in the sandbox.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("loại sự cố"), max_length=30, choices=Kind.choices)
    # For wrong_pin: PIN entries refused so far; the third one locks the token in this sandbox.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureFaultQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sự cố ký số")
        verbose_name_plural = _("sự cố ký số")

    def __str__(self):
        return self.get_kind_display()


class SigningLogQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def for_user(self, user):
        return self.filter(user=user)

    def failures(self):
        return self.filter(action="signature.failed")


class SigningLog(models.Model):
    """Append-only log of this app: every signing attempt, and every PKI or token change."""

    action = models.CharField(max_length=60, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sandbox = models.ForeignKey(
        "sandbox.Sandbox",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    certificate = models.ForeignKey(
        OfficialCertificate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    method = models.CharField(max_length=10, blank=True)
    reason = models.CharField(max_length=40, blank=True)  # failure code
    message = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sim_time = models.DateTimeField(null=True, blank=True)

    objects = SigningLogQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("nhật ký ký số")
        verbose_name_plural = _("nhật ký ký số")

    def __str__(self):
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
