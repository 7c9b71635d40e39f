"""Papers citizens bring (or post), and their digitised, officer-signed electronic copies."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    IDENTITY_CARD = "identity_card", _("Thẻ căn cước")
    BIRTH_EXTRACT = "birth_extract", _("Giấy khai sinh, trích lục khai sinh")
    MARRIAGE_CERTIFICATE = "marriage_certificate", _("Giấy chứng nhận kết hôn")
    BIRTH_CERTIFICATE = "birth_certificate", _("Giấy chứng sinh")
    DEATH_NOTICE = "death_notice", _("Giấy báo tử, trích lục khai tử")
    DECLARATION = "declaration", _("Tờ khai, đơn viết tay")
    LAND_CERTIFICATE = "land_certificate", _("Giấy tờ về đất đai")
    RESIDENCE_BOOK = "residence_book", _("Sổ hộ khẩu, sổ tạm trú giấy")
    RESIDENCE_CONFIRMATION = "residence_confirmation", _("Giấy xác nhận cư trú")
    AUTHORISATION = "authorisation", _("Văn bản ủy quyền")
    VERIFICATION = "verification", _("Văn bản trả lời xác minh, thẩm định")
    RESULT = "result", _("Kết quả giải quyết (bản giấy)")
    OTHER = "other", _("Giấy tờ khác")


class PaperQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def kept(self):
        return self.filter(status=Paper.Status.RECEIVED_COPY)


class Paper(models.Model):
    """One paper of a bundle. `fields` is what the paper says (defects included)."""

    class Status(models.TextChoices):
        BROUGHT = "brought", _("Công dân mang đến")
        RECEIVED_COPY = "received_copy", _("Nhận bản lưu")
        SHOWN_ONLY = "shown_only", _("Chỉ xuất trình để đối chiếu")
        RETURNED = "returned", _("Đã trả lại công dân")

    TRANSITIONS = {
        Status.BROUGHT: {Status.RECEIVED_COPY, Status.SHOWN_ONLY, Status.RETURNED},
        Status.RECEIVED_COPY: {Status.SHOWN_ONLY, Status.RETURNED},
        Status.SHOWN_ONLY: {Status.RECEIVED_COPY, Status.RETURNED},
        Status.RETURNED: {Status.RECEIVED_COPY, Status.SHOWN_ONLY},
    }

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    walk_in = models.ForeignKey(
        "counter.WalkIn",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="papers",
    )
    postal_item = models.ForeignKey(
        "counter.PostalItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="papers",
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Whose paper it is (not always the person at the counter: a defect).
    owner = models.ForeignKey(
        "population.Citizen",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("của công dân"),
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=24, choices=PaperKind.choices)
    key = models.CharField(_("thành phần hồ sơ"), max_length=60, blank=True)
    title = models.CharField(_("tên giấy tờ"), max_length=255)
    pages = models.PositiveSmallIntegerField(_("số trang"), default=1)
    missing_pages = models.JSONField(default=list, blank=True)
    fields = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    confidential = models.BooleanField(_("tài liệu mật"), default=False)
    defects = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=14, choices=Status.choices, default=Status.BROUGHT
    )
    file = models.FileField(upload_to="counter/papers/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("giấy tờ")
        verbose_name_plural = _("giấy tờ")

    def __str__(self):
        return self.title

    @property
    def pages_present(self):
        return self.pages - len(self.missing_pages)

    def field_values(self):
        """The paper's fields as a dict (name → value as printed)."""
        return {name: value for name, value in self.fields}

    def readable_fields(self):
        """The fields on the pages actually there (a missing page hides its fields)."""
        from fake_portal.counter.papers.render import visible_fields

        return dict(visible_fields(self.fields, self.pages, self.missing_pages))


class DigitisedCopyQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def of_citizen(self, citizen):
        return self.filter(citizen=citizen)

    def papers(self):
        return self.filter(is_result=False)


class DigitisedCopy(models.Model):
    """An electronic copy (Circular 01/2023): result code, confirmed data, officer signature.

    One per paper: a second digitisation of the same paper is refused. Stored against the
    citizen, so that a later dossier of theirs reuses it instead of asking again.
    """

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    paper = models.OneToOneField(
        Paper, on_delete=models.PROTECT, related_name="digitised_copy"
    )
    citizen = models.ForeignKey(
        "population.Citizen", on_delete=models.PROTECT, related_name="+"
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=24, choices=PaperKind.choices)
    title = models.CharField(max_length=255)
    result_code = models.CharField(_("mã kết quả số hóa"), max_length=60)
    extracted = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    differs_from_database = models.JSONField(default=list, blank=True)
    pages = models.PositiveSmallIntegerField(default=1)
    source = models.CharField(max_length=10)  # "upload" or "generated"
    scan = models.FileField(upload_to="counter/scans/%Y/%m/")
    signed_file = models.FileField(upload_to="counter/digitised/%Y/%m/")
    is_result = models.BooleanField(default=False)
    exemption = models.CharField(max_length=30, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DigitisedCopyQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bản số hóa")
        verbose_name_plural = _("bản số hóa")
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "result_code"], name="digitised_code_unique"
            )
        ]
        indexes = [models.Index(fields=["sandbox", "citizen", "kind"])]

    def __str__(self):
        return self.result_code


class CopyReuse(models.Model):
    """A digitised copy taken from the citizen's store into another dossier."""

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    copy = models.ForeignKey(
        DigitisedCopy, on_delete=models.CASCADE, related_name="reuses"
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=60)
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reused_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["copy", "dossier"], name="copy_reuse_once")
        ]

    def __str__(self):
        return f"{self.copy_id} → {self.dossier_id}"
