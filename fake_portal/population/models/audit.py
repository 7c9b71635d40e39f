"""The audit log of look-ups in the population database."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from fake_portal.population.models.people import Citizen


class PopulationLookupQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)

    def by_user(self, user):
        return self.filter(user=user)


class PopulationLookup(models.Model):
    """Audit row: who looked up whom, when, for which dossier (the real system logs this)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="population_lookups",
        verbose_name=_("người tra cứu"),
    )
    # SET_NULL: the audit log outlives the world it was kept in (it cannot be deleted).
    world = models.ForeignKey(
        "sandbox.World",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thế giới mô phỏng"),
    )
    sandbox = models.ForeignKey(
        "sandbox.Sandbox",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_lookups",
        verbose_name=_("sa bàn"),
    )
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40, blank=True)
    query = models.JSONField(
        _("điều kiện tra cứu"), default=dict, encoder=DjangoJSONEncoder
    )
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("công dân được xem"),
    )
    results = models.PositiveIntegerField(_("số kết quả"), default=0)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    objects = PopulationLookupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lượt tra cứu dân cư")
        verbose_name_plural = _("lượt tra cứu dân cư")

    def __str__(self):
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
