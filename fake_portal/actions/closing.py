"""Closing: returning results, payments, withdrawal, stopping, apologies, ratings."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fake_portal.actions._core import current, in_vietnamese, lock, transition
from fake_portal.actions.processing import has_signed_result
from fake_portal.actions.reception import _last, _require
from fake_portal.errors import IllegalTransition, InvalidInput, WorkflowError
from fake_portal.models import (
    Dossier,
    Status,
)
from fake_portal.workflow import CITIZEN, SYSTEM

PAYMENT_GATEWAY = gettext_lazy("Cổng thanh toán (mô phỏng)")


def _signed_if_required(dossier: Dossier) -> None:
    if dossier.procedure.result.requires_signature and not has_signed_result(dossier):
        raise WorkflowError(
            _("Kết quả này phải được lãnh đạo ký số trước khi trả cho công dân.")
        )


@transaction.atomic
def return_result(dossier: Dossier, *, channel: int, actor, version=None) -> Dossier:
    """Hand the result over through the channel the citizen chose (status 10)."""
    return transition(
        dossier,
        "return_result",
        actor=actor,
        version=version,
        guard=_signed_if_required,
        closed_at=dossier.sandbox.now(),
        data={"channel": int(channel)},
    )


@transaction.atomic
def request_payment(dossier: Dossier, *, amount: int, actor, version=None) -> Dossier:
    """Ask the citizen to pay a fee or tax before processing goes on (status 6)."""
    if amount <= 0:
        raise InvalidInput(_("Số tiền phải lớn hơn 0."))
    locked = current(dossier, version)
    return transition(
        locked,
        "request_payment",
        actor=actor,
        version=locked.version,
        fee_amount=amount,
        data={"amount": amount, "resume_status": locked.status},
    )


def _not_paid_yet(locked: Dossier) -> None:
    # A payment confirmed twice (a second click, a late gateway callback) is not taken twice.
    if locked.fee_settled:
        raise IllegalTransition(
            _(
                "Phí, lệ phí của hồ sơ này đã được nộp; không ghi nhận thêm khoản "
                "thanh toán nào."
            )
        )


def _resume_status(locked: Dossier) -> int | None:
    """Where processing resumes once paid: the status a payment request stopped (None when
    no request stopped it, as a fee paid on filing)."""
    if locked.status != Status.PAYMENT_REQUESTED:
        return None
    request = _last(locked, "dossier.payment_requested")
    return (
        request.data.get("resume_status", Status.PROCESSING)
        if request
        else Status.PROCESSING
    )


# How a fee was paid, as the event log names it (code, and its label in Vietnamese).
GATEWAY, BY_POST, CASH_AT_COUNTER = "gateway", "post", "cash_at_counter"
CHANNEL_LABELS = {
    GATEWAY: gettext_lazy("cổng thanh toán trực tuyến"),
    BY_POST: gettext_lazy("thu qua bưu chính công ích"),
    CASH_AT_COUNTER: gettext_lazy("tiền mặt tại Bộ phận Một cửa"),
}


def _paid(locked: Dossier, *, channel: str, amount: int, reference: str, **extra):
    """The transition's keywords for a payment through `channel`."""
    return {
        "version": locked.version,
        "target": _resume_status(locked),
        "fee_paid": True,
        "data": {
            "amount": amount,
            "reference": reference,
            "channel": channel,
            "channel_label": in_vietnamese(CHANNEL_LABELS[channel]),
            **extra,
        },
    }


@transaction.atomic
def record_payment(
    dossier: Dossier,
    *,
    amount: int,
    reference: str,
    actor=None,
    actor_name: str = "",
    channel: str = GATEWAY,
) -> Dossier:
    """The payment gateway (or the postal worker) confirms a payment; processing resumes
    where it stopped."""
    locked = lock(dossier, None)
    return transition(
        locked,
        "record_payment",
        actor=actor,
        actor_name=actor_name or PAYMENT_GATEWAY,
        as_role=SYSTEM,
        guard=_not_paid_yet,
        **_paid(locked, channel=channel, amount=amount, reference=reference),
    )


@transaction.atomic
def record_cash_payment(
    dossier: Dossier,
    *,
    amount: int,
    receipt: str,
    collected_by: str,
    actor,
    version: int | None = None,
) -> Dossier:
    """The receiving officer took the fee in cash at the desk and gave receipt `receipt`;
    processing resumes where it stopped, as when the gateway confirms a payment."""
    if amount <= 0:
        raise InvalidInput(_("Số tiền phải lớn hơn 0."))
    locked = current(dossier, version)
    paid = _paid(
        locked,
        channel=CASH_AT_COUNTER,
        amount=amount,
        reference=receipt,
        receipt=receipt,
        collected_by=collected_by,
    )
    return transition(
        locked, "record_payment", actor=actor, guard=_not_paid_yet, **paid
    )


@transaction.atomic
def withdraw_dossier(
    dossier: Dossier, *, reason: str, actor=None, actor_name: str = ""
) -> Dossier:
    """The citizen withdraws the dossier (status 7)."""
    return transition(
        dossier,
        "withdraw",
        actor=actor,
        actor_name=actor_name,
        as_role=CITIZEN,
        closed_at=dossier.sandbox.now(),
        data={"reason": reason.strip()},
    )


@transaction.atomic
def stop_processing(
    dossier: Dossier, *, reason: str, legal_basis: str, actor, version=None
) -> Dossier:
    """Stop processing with a notice (status 8, form 05)."""
    reason = _require(reason, _("Phải ghi lý do dừng xử lý."))
    legal_basis = _require(legal_basis, _("Phải ghi căn cứ pháp lý."))
    return transition(
        dossier,
        "stop",
        actor=actor,
        version=version,
        closed_at=dossier.sandbox.now(),
        data={"reason": reason, "legal_basis": legal_basis},
    )


@transaction.atomic
def apologise(
    dossier: Dossier, *, reason: str, new_due_at: datetime, actor, version=None
) -> Dossier:
    """Apologise and set a new appointment date (form 04), due before the old date passes."""
    reason = _require(reason, _("Phải ghi lý do chậm trễ."))
    locked = current(dossier, version)
    now = locked.sandbox.now()

    def later_than_before(d):
        if new_due_at <= max(now, d.due_at or now):
            raise InvalidInput(
                _("Ngày hẹn mới phải sau ngày hẹn cũ và sau thời điểm hiện tại.")
            )

    return transition(
        locked,
        "apologise",
        actor=actor,
        version=locked.version,
        due_at=new_due_at,
        guard=later_than_before,
        data={
            "reason": reason,
            "old_due_at": locked.due_at,
            "new_due_at": new_due_at,
            "after_due": bool(locked.due_at and now > locked.due_at),
        },
    )


@transaction.atomic
def rate_service(
    dossier: Dossier,
    *,
    rating: int,
    comment: str = "",
    actor=None,
    actor_name: str = "",
) -> Dossier:
    """The citizen rates the service once the result is returned."""
    if rating not in range(1, 6):
        raise InvalidInput(_("Mức đánh giá từ 1 đến 5."))
    if dossier.rating is not None:
        raise InvalidInput(_("Hồ sơ này đã được đánh giá."))
    return transition(
        dossier,
        "rate",
        actor=actor,
        actor_name=actor_name,
        as_role=CITIZEN,
        rating=rating,
        rating_comment=comment.strip(),
        data={"rating": rating},
    )
