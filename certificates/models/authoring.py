"""What trainers author in the Wagtail admin: certificate templates and issuing rules."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from certificates.rules import RuleSpec


class Kind(models.TextChoices):
    COURSE = "course", _("Hoàn thành khóa học")
    SCENARIO = "scenario", _("Đạt kịch bản thực hành")
    DRILL = "drill", _("Đạt buổi diễn tập")


class CertificateTemplate(models.Model):
    """The wording and signatory of a certificate; the design itself is the platform's."""

    name = models.CharField(
        _("tên mẫu"),
        max_length=120,
        unique=True,
        help_text=_("Tên để giảng viên nhận ra mẫu; không in trên chứng chỉ."),
    )
    heading = models.CharField(
        _("tiêu đề in trên chứng chỉ"), max_length=80, default="CHỨNG CHỈ"
    )
    issuing_body = models.CharField(
        _("cơ quan cấp"),
        max_length=160,
        help_text=_("Ví dụ: Sở Nội vụ tỉnh Ninh Bình (mô phỏng)."),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    validity_months = models.PositiveSmallIntegerField(
        _("thời hạn (tháng)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Để trống nếu chứng chỉ không có thời hạn."),
    )
    design_text = models.TextField(
        _("lời văn trên chứng chỉ"),
        blank=True,
        max_length=400,
        help_text=_("Một hai câu in dưới tên thành tích, ví dụ phạm vi kiến thức."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("issuing_body"),
                FieldPanel("design_text"),
                FieldPanel("validity_months"),
            ],
            heading=_("Nội dung chứng chỉ"),
        ),
        MultiFieldPanel(
            [FieldPanel("signer_name"), FieldPanel("signer_title")],
            heading=_("Người ký"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("mẫu chứng chỉ")
        verbose_name_plural = _("mẫu chứng chỉ")

    def __str__(self):
        return self.name


class IssuingRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_source(self, kind: str, reference: str):
        """Rules that may apply to `reference` of `kind` (an empty reference means any)."""
        return self.filter(kind=kind).filter(
            models.Q(reference="") | models.Q(reference=reference)
        )


class IssuingRule(models.Model):
    """When to issue a certificate: a kind of achievement, what it refers to, a minimum."""

    name = models.CharField(_("tên quy tắc"), max_length=120)
    kind = models.CharField(_("loại thành tích"), max_length=10, choices=Kind.choices)
    reference = models.SlugField(
        _("mã khóa học, kịch bản hoặc buổi diễn tập"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_(
            "Ví dụ: khai-sinh-co-ban. Để trống để áp dụng cho mọi khóa học "
            "(kịch bản, buổi diễn tập) cùng loại."
        ),
    )
    min_score = models.FloatField(
        _("điểm tối thiểu (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Để trống nếu chỉ cần hoàn thành hoặc đạt."),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("mẫu chứng chỉ"),
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    objects = IssuingRuleQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("reference"),
        FieldPanel("min_score"),
        FieldPanel("template"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["kind", "reference", "pk"]
        verbose_name = _("quy tắc cấp chứng chỉ")
        verbose_name_plural = _("quy tắc cấp chứng chỉ")

    def __str__(self):
        return self.name

    @property
    def spec(self) -> RuleSpec:
        return RuleSpec(
            kind=self.kind,
            reference=self.reference,
            min_score=self.min_score,
            active=self.active,
        )
