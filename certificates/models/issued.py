"""Issued certificates, the platform's signing key, and the app's event log."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models.authoring import CertificateTemplate, IssuingRule, Kind

# Bitstring Status List: at least 16 KB (131,072 entries) per list, the spec's minimum for
# herd privacy. A certificate's entry is derived from its primary key (see status_position).
STATUS_LIST_SIZE = 131_072


class PlatformKey(models.Model):
    """The platform's organisation certificate from the training issuing CA, and its key.

    It signs every certificate PDF (PAdES) and every Open Badges credential (ES256). Like
    the rest of the training PKI the key lives in the database: it signs nothing of legal
    value, and every web and worker process must share it.
    """

    authority = models.ForeignKey(
        "signatures.TrainingAuthority",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("CA cấp chứng thư"),
    )
    serial = models.CharField(_("số hiệu chứng thư"), max_length=40, unique=True)
    cert_pem = models.TextField(_("chứng thư (PEM)"))
    key_pem = models.TextField(_("khóa bí mật đào tạo (PEM)"))
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("khóa ký của nền tảng")
        verbose_name_plural = _("khóa ký của nền tảng")

    def __str__(self):
        return self.serial


class CertificateQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def valid(self):
        return self.filter(status=Certificate.Status.VALID)

    def revoked(self):
        return self.filter(status=Certificate.Status.REVOKED)

    def in_province(self, province):
        return self.filter(recipient__profile__province=province)

    def held(self, user, kind: str, reference: str, template):
        """The valid certificate `user` already holds for this achievement and template."""
        return self.valid().filter(
            recipient=user, kind=kind, reference=reference, template=template
        )

    def without_documents(self):
        return self.defer("pdf", "credential", "credential_jwt")


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    TRANSITIONS = {Status.VALID: {Status.REVOKED}, Status.REVOKED: set()}

    serial = models.CharField(_("số hiệu"), max_length=24, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="training_certificates",
        verbose_name=_("người được cấp"),
    )
    recipient_name = models.CharField(_("họ và tên người được cấp"), max_length=150)
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("mẫu chứng chỉ"),
    )
    rule = models.ForeignKey(
        IssuingRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("quy tắc cấp"),
    )
    kind = models.CharField(_("loại thành tích"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("mã thành tích"), max_length=100)
    title = models.CharField(_("thành tích"), max_length=255)
    description = models.TextField(_("mô tả thành tích"), blank=True)
    score = models.FloatField(_("điểm (%)"), null=True, blank=True)
    # [{"code", "version", "name"}]: the procedures and the catalogue versions learnt.
    procedures = models.JSONField(_("thủ tục hành chính"), default=list, blank=True)
    # As printed: later edits to the template never change an issued certificate.
    heading = models.CharField(max_length=80)
    issuing_body = models.CharField(_("cơ quan cấp"), max_length=160)
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    design_text = models.TextField(blank=True)
    issued_at = models.DateTimeField(_("cấp lúc"), default=timezone.now, db_index=True)
    valid_until = models.DateTimeField(_("có giá trị đến"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.CharField(_("lý do thu hồi"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
        verbose_name=_("cấp lại thay cho"),
    )
    platform_key = models.ForeignKey(
        PlatformKey, on_delete=models.PROTECT, related_name="certificates"
    )
    pdf = models.BinaryField(_("tệp PDF đã ký"))
    pdf_sha256 = models.CharField(max_length=64)
    credential = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    credential_jwt = models.TextField(blank=True)
    bulk_issue = models.ForeignKey(
        "certificates.BulkIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("chứng chỉ")
        verbose_name_plural = _("chứng chỉ")
        constraints = [
            # A double completion event, or two workers racing, must not issue twice.
            models.UniqueConstraint(
                fields=["recipient", "kind", "reference", "template"],
                condition=models.Q(status="valid"),
                name="certificate_one_valid_per_achievement",
            )
        ]

    def __str__(self):
        return self.serial

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.serial])

    @property
    def status_position(self) -> tuple[int, int]:
        """(list number, index) of this certificate's bit in the revocation status lists."""
        return (self.pk - 1) // STATUS_LIST_SIZE + 1, (self.pk - 1) % STATUS_LIST_SIZE

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.now()


class CertificateEvent(models.Model):
    """Append-only log of this app: issued, revoked, re-issued, bulk jobs."""

    action = models.CharField(max_length=60, db_index=True)
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    bulk_issue = models.ForeignKey(
        "certificates.BulkIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("nhật ký chứng chỉ")
        verbose_name_plural = _("nhật ký chứng chỉ")

    def __str__(self):
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M:%S}"
