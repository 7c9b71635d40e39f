"""Cohorts: named groups of officials that enrolment, drills and bulk certificates use."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sandbox.models import Position


class CohortQuerySet(models.QuerySet):
    def in_province(self, province):
        return self.filter(province=province)

    def containing(self, user):
        """Cohorts whose current members include `user` (rules evaluated, not stored)."""
        return [c for c in self if c.members().filter(pk=user.pk).exists()]


class Cohort(models.Model):
    class Kind(models.TextChoices):
        BY_COMMUNE = "by_commune", _("Theo xã, phường")
        BY_POSITION = "by_position", _("Theo chức danh")
        BY_IMPORT = "by_import", _("Theo lần nhập danh sách")
        HAND_PICKED = "hand_picked", _("Chọn từng người")

    province = models.ForeignKey(
        "sandbox.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    name = models.CharField(_("tên nhóm"), max_length=120)
    kind = models.CharField(_("cách lập nhóm"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(
        "sandbox.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã, phường"),
    )
    position = models.CharField(
        _("chức danh"), max_length=20, choices=Position.choices, blank=True
    )
    source_import = models.ForeignKey(
        "operations.OfficialImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("lần nhập danh sách"),
    )
    members_picked = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="picked_cohorts",
        verbose_name=_("thành viên được chọn"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nhóm học viên")
        verbose_name_plural = _("nhóm học viên")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"], name="cohort_unique_name_in_province"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        needs = {
            self.Kind.BY_COMMUNE: ("commune", _("Xin chọn xã, phường.")),
            self.Kind.BY_POSITION: ("position", _("Xin chọn chức danh.")),
            self.Kind.BY_IMPORT: ("source_import", _("Xin chọn lần nhập danh sách.")),
        }
        if self.kind in needs:
            field, message = needs[self.kind]
            if not getattr(self, field if field == "position" else f"{field}_id"):
                raise ValidationError({field: message})
        if self.commune_id and self.commune.province_id != self.province_id:
            raise ValidationError(
                {"commune": _("Xã, phường không thuộc tỉnh của nhóm.")}
            )
        if self.source_import_id and self.source_import.province_id != self.province_id:
            raise ValidationError({"source_import": _("Lần nhập này thuộc tỉnh khác.")})

    def members(self):
        """The active officials in this cohort now: rules are evaluated at each call."""
        users = get_user_model().objects.filter(
            is_active=True, profile__province_id=self.province_id
        )
        if self.kind == self.Kind.BY_COMMUNE:
            users = users.filter(profile__commune_id=self.commune_id)
        elif self.kind == self.Kind.BY_POSITION:
            users = users.filter(profile__position=self.position)
            if self.commune_id:
                users = users.filter(profile__commune_id=self.commune_id)
        elif self.kind == self.Kind.BY_IMPORT:
            users = users.filter(
                import_records__official_import_id=self.source_import_id
            )
        else:
            users = users.filter(picked_cohorts=self)
        return users.select_related("profile").order_by("profile__full_name", "pk")
