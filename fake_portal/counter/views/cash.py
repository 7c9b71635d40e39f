"""Fees taken in cash at the desk, and the printable receipt."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.counter import actions
from fake_portal.counter.forms import CashPaymentForm
from fake_portal.counter.models import FeeReceipt, WalkIn
from fake_portal.counter.views import desk, queue
from fake_portal.counter.views.common import counter_view, dossier_in, sandbox_for
from fake_portal.errors import WorkflowError
from fake_portal.templatetags.portal import vnd
from sandbox.params import row_id


def _walk_in_shown(request, sandbox, dossier) -> WalkIn | None:
    """The walk-in page the form was posted from (None: the dossier's desk page)."""
    pk = row_id(request.POST.get("walk_in"))
    if pk is None:
        return None
    return WalkIn.objects.for_sandbox(sandbox).filter(pk=pk, dossier=dossier).first()


def _show_again(request, sandbox, dossier, form):
    """The page the official was on, with the form as they filled it and why it failed."""
    walk_in = _walk_in_shown(request, sandbox, dossier)
    if walk_in is not None:
        return queue.walk_in_detail(request, sandbox.pk, walk_in.pk, cash_form=form)
    return desk.desk(request, sandbox.pk, dossier.code, cash_form=form)


@counter_view
@require_POST
def collect(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    form = CashPaymentForm(request.POST, prefix="thu-tien", dossier=dossier)
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ; xin xem các ô được đánh dấu.")
        )
        return _show_again(request, sandbox, dossier, form)
    try:
        receipt = actions.collect_cash_fee(
            dossier,
            tendered=form.cleaned_data["tendered"],
            actor=request.user,
            version=form.cleaned_data["version"],
        )
    except WorkflowError as error:
        form.add_error(None, str(error.message))
        messages.error(
            request,
            _("Chưa thu tiền, chưa cấp biên lai: xem lý do tại mục “Thu phí, lệ phí”."),
        )
        return _show_again(request, sandbox, dossier, form)
    messages.success(
        request,
        _(
            "Đã thu %(amount)s tiền mặt của hồ sơ %(code)s; biên lai %(series)s số "
            "%(number)s. In biên lai giao cho công dân."
        )
        % {
            "amount": vnd(receipt.amount),
            "code": dossier.code,
            "series": receipt.series,
            "number": receipt.printed_number,
        },
    )
    return redirect("counter:fee-receipt", sandbox=sandbox.pk, pk=receipt.pk)


@counter_view
def fee_receipt(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    receipt = get_object_or_404(
        FeeReceipt.objects.for_sandbox(sandbox).select_related("dossier"), pk=pk
    )
    return render(
        request,
        "counter/fee_receipt.html",
        {
            "sandbox": sandbox,
            "receipt": receipt,
            "dossier": receipt.dossier,
            "commune": sandbox.commune,
        },
    )
