"""Real administrative units since 1 July 2025, loaded from the `vietnam-provinces` package."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sandbox.collation import vietnamese


class Province(models.Model):
    code = models.PositiveSmallIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.SlugField(max_length=100, unique=True)
    division_type = models.CharField(_("loại"), max_length=50)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self):
        return self.name

    @property
    def code_str(self):
        return f"{self.code:02d}"


class CommuneKind(models.TextChoices):
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    DAC_KHU = "dac_khu", _("Đặc khu")


class CommuneQuerySet(models.QuerySet):
    def in_province(self, province):
        return self.filter(province=province)


class Commune(models.Model):
    """A commune, ward or special zone (the lower of the two tiers)."""

    code = models.PositiveIntegerField(_("mã"), primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    codename = models.CharField(max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=CommuneKind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("tỉnh"),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["province_id", vietnamese("name")]
        verbose_name = _("xã, phường, đặc khu")
        verbose_name_plural = _("xã, phường, đặc khu")

    def __str__(self):
        return f"{self.name}, {self.province.name}"

    @property
    def code_str(self):
        return f"{self.code:05d}"
