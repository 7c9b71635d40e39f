"""Receipts for fees and charges (biên lai thu phí, lệ phí) taken in cash at the counter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fake_portal.counter.codes import receipt_number


class FeeReceiptQuerySet(models.QuerySet):
    def for_sandbox(self, sandbox):
        return self.filter(sandbox=sandbox)


class FeeReceipt(models.Model):
    """One e-receipt: numbered in its sandbox's series of the year, never reused.

    Who paid, for what and who took the money are copied when it is issued, as the
    printed receipt keeps them whatever happens to the dossier afterwards.
    """

    sandbox = models.ForeignKey(
        "sandbox.Sandbox", on_delete=models.CASCADE, related_name="+"
    )
    dossier = models.ForeignKey(
        "fake_portal.Dossier", on_delete=models.CASCADE, related_name="+"
    )
    form_symbol = models.CharField(_("ký hiệu mẫu biên lai"), max_length=12)
    series = models.CharField(_("ký hiệu biên lai"), max_length=8)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số biên lai"))
    amount = models.PositiveIntegerField(_("số tiền (đồng)"))
    payer_name = models.CharField(_("người nộp tiền"), max_length=255)
    payer_id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    payer_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=30)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    collector_name = models.CharField(_("người thu tiền"), max_length=255)
    issued_at = models.DateTimeField(_("thời điểm thu"))
    # The dossier's version on the official's screen: a form posted twice pays once.
    dossier_version = models.PositiveIntegerField()

    objects = FeeReceiptQuerySet.as_manager()

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("biên lai thu phí, lệ phí")
        verbose_name_plural = _("biên lai thu phí, lệ phí")
        constraints = [
            models.UniqueConstraint(
                fields=["sandbox", "year", "number"], name="fee_receipt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["dossier", "dossier_version"],
                name="fee_receipt_once_per_version",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def printed_number(self) -> str:
        return receipt_number(self.number)

    @property
    def reference(self) -> str:
        """Series and number in one code, as the event log and the dossier cite it."""
        return f"{self.series}-{self.printed_number}"
