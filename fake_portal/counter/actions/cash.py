"""Fees paid in cash at the desk: what is owed now, the receipt, the payment recorded.

The fee owed is the dossier's (`fee_amount`, assessed once on filing by fees.assess_fee,
or the amount of a payment request); the payment goes through the portal's own
record_payment move, so processing resumes exactly as when the gateway confirms one.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fake_portal.actions._core import in_vietnamese, lock, record
from fake_portal.actions.closing import (
    CASH_AT_COUNTER,
    CHANNEL_LABELS,
    record_cash_payment,
)
from fake_portal.counter.actions._common import (
    local_day,
    officer_name,
    require_open,
    require_receiving_officer,
)
from fake_portal.counter.codes import RECEIPT_FORM, receipt_series
from fake_portal.counter.models import FeeReceipt
from fake_portal.errors import InvalidInput, StaleDossier
from fake_portal.models import Dossier
from fake_portal.workflow import allowed
from sandbox.models import Sandbox
from sandbox.numbers import thousands


@dataclass(frozen=True)
class CashDue:
    """What the citizen owes the desk now, and why cash cannot be taken ("" when it can)."""

    amount: int
    problem: str = ""

    @property
    def collectable(self) -> bool:
        return self.amount > 0 and not self.problem


def _vnd(amount: int) -> str:
    return f"{thousands(amount)} đ"


def _paid_how(dossier: Dossier) -> str:
    event = (
        dossier.events.filter(action="dossier.payment_recorded")
        .order_by("-sim_time", "-pk")
        .first()
    )
    data = event.data if event else {}
    if data.get("receipt"):
        return _("biên lai %(receipt)s") % {"receipt": data["receipt"]}
    if data.get("reference"):
        return _("mã giao dịch %(reference)s") % {"reference": data["reference"]}
    return _("đã ghi nhận")


def cash_due(dossier: Dossier) -> CashDue:
    """The amount the desk can take from the citizen now, or why it can take nothing."""
    if not dossier.fee_amount:
        if dossier.fee_waiver:
            return CashDue(
                0,
                _("%(waiver)s Không thu tiền của công dân.")
                % {"waiver": dossier.fee_waiver},
            )
        return CashDue(
            0, _("Thủ tục này không thu phí, lệ phí; không có khoản nào phải nộp.")
        )
    # A payment request (status 6) is owed whatever was paid before it.
    if dossier.fee_settled:
        return CashDue(
            0,
            _("Phí, lệ phí của hồ sơ này đã được nộp (%(how)s); không thu lại.")
            % {"how": _paid_how(dossier)},
        )
    if allowed("record_payment", dossier.status, dossier.stage):
        return CashDue(dossier.fee_amount)
    if allowed("request_payment", dossier.status, dossier.stage):
        problem = _(
            "Hồ sơ đã được tiếp nhận mà chưa nộp phí, lệ phí. Hãy “Yêu cầu nộp phí, "
            "lệ phí” trong hệ thống Một cửa (trạng thái 6), rồi thu tiền."
        )
    else:
        problem = _(
            "Không thu phí, lệ phí khi hồ sơ đang ở trạng thái “%(status)s”."
        ) % {"status": dossier.get_status_display()}
    return CashDue(dossier.fee_amount, problem)


def _check_tendered(tendered, due: int) -> None:
    """The desk takes exactly what is owed: never less, and no change kept as a payment."""
    if isinstance(tendered, bool) or not isinstance(tendered, int) or tendered <= 0:
        raise InvalidInput(_("Nhập số tiền công dân nộp, bằng chữ số (ví dụ 8.000)."))
    amounts = {"tendered": _vnd(tendered), "due": _vnd(due)}
    if tendered < due:
        raise InvalidInput(
            _(
                "Số tiền công dân nộp (%(tendered)s) ít hơn số phải nộp (%(due)s). "
                "Chưa ghi nhận khoản thu nào; hãy thu đủ %(due)s."
            )
            % amounts
        )
    if tendered > due:
        raise InvalidInput(
            _(
                "Số tiền ghi thu (%(tendered)s) nhiều hơn số phải nộp (%(due)s). Chỉ thu "
                "đúng %(due)s và trả lại tiền thừa cho công dân. Chưa ghi nhận khoản thu "
                "nào."
            )
            % amounts
        )


def _payer(dossier: Dossier) -> dict:
    """The payer as the e-form names them (the population record when it is silent)."""
    applicant = dossier.form_data.get("applicant") or {}
    citizen = dossier.applicant
    return {
        "payer_name": (applicant.get("full_name") or citizen.full_name)[:255],
        "payer_id_number": (applicant.get("id_number") or citizen.id_number)[:12],
        "payer_address": (applicant.get("address") or "")[:500],
    }


def _issue(dossier: Dossier, amount: int, actor) -> FeeReceipt:
    """The next receipt of the sandbox's series for the year (the sandbox row is locked,
    so two desks never take one number)."""
    sandbox = Sandbox.objects.select_for_update().get(pk=dossier.sandbox_id)
    now = sandbox.now()
    year = local_day(now).year
    last = (
        FeeReceipt.objects.for_sandbox(sandbox)
        .filter(year=year)
        .aggregate(m=Max("number"))["m"]
    )
    return FeeReceipt.objects.create(
        sandbox=sandbox,
        dossier=dossier,
        form_symbol=RECEIPT_FORM,
        series=receipt_series(year),
        year=year,
        number=(last or 0) + 1,
        amount=amount,
        procedure_code=dossier.procedure_code,
        collected_by=actor,
        collector_name=officer_name(actor),
        issued_at=now,
        dossier_version=dossier.version,
        **_payer(dossier),
    )


def _again(dossier: Dossier, version: int | None) -> FeeReceipt | None:
    """The receipt already issued from the form the official saw at `version`, if any."""
    if version is None:
        return None
    return FeeReceipt.objects.filter(dossier=dossier, dossier_version=version).first()


@transaction.atomic
def collect_cash_fee(
    dossier: Dossier, *, tendered: int, actor, version: int | None = None
) -> FeeReceipt:
    """Take the fee owed in cash at the desk: a numbered receipt, the payment recorded and
    processing resumed where payment stopped it. The same form posted twice pays once."""
    require_receiving_officer(actor, dossier.sandbox)
    locked = lock(dossier, None)
    earlier = _again(locked, version)
    if earlier is not None:
        return earlier
    if version is not None and locked.version != int(version):
        raise StaleDossier()
    require_open(locked.sandbox)
    due = cash_due(locked)
    if due.problem:
        raise InvalidInput(due.problem)
    _check_tendered(tendered, due.amount)
    receipt = _issue(locked, due.amount, actor)
    paid = record_cash_payment(
        locked,
        amount=due.amount,
        receipt=receipt.reference,
        collected_by=receipt.collector_name,
        actor=actor,
        version=locked.version,
    )
    record(
        paid,
        "fee_receipt.issued",
        actor=actor,
        data={
            "id": receipt.pk,
            "receipt": receipt.reference,
            "form": receipt.form_symbol,
            "series": receipt.series,
            "number": receipt.printed_number,
            "amount": receipt.amount,
            "channel": CASH_AT_COUNTER,
            "channel_label": in_vietnamese(CHANNEL_LABELS[CASH_AT_COUNTER]),
            "collected_by": receipt.collector_name,
            "title": receipt.reference,
        },
    )
    return receipt
