"""What every counter page shares: access, the sandbox, and turning errors into messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from fake_portal.counter.actions import cash_due
from fake_portal.counter.forms import CashPaymentForm
from fake_portal.counter.models import FeeReceipt
from fake_portal.errors import WorkflowError
from fake_portal.models import Dossier
from fake_portal.signatures.errors import SigningError
from fake_portal.views.common import sandbox_for


def counter_view(view):
    """Logged in, allowed into the back office; the sandbox is checked per request."""
    return login_required(
        permission_required("sandbox.use_back_office", raise_exception=True)(view)
    )


def page(request, template, sandbox, **context):
    context.update(sandbox=sandbox, now=sandbox.now())
    return render(request, template, context)


def dossier_in(sandbox, code):
    return get_object_or_404(
        Dossier.objects.for_sandbox(sandbox).select_related(
            "applicant__permanent_commune__province", "receiving_commune"
        ),
        code=code,
    )


def cash_panel(dossier, form=None) -> dict:
    """What the desk shows of a dossier's fee: the amount owed now (or why none can be
    taken), the form to take it in cash, and the receipts issued."""
    return {
        "cash": cash_due(dossier),
        "cash_form": form
        or CashPaymentForm(prefix="thu-tien", initial={"version": dossier.version}),
        "fee_receipts": FeeReceipt.objects.filter(dossier=dossier),
    }


def attempt(request, action, success) -> bool:
    """Run `action()`; show `success` (unless None: the caller says what happened) or
    the error's own message. True when it worked."""
    try:
        action()
    except (WorkflowError, SigningError) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return False
    if success is not None:
        messages.success(request, success)
    return True


__all__ = [
    "attempt",
    "cash_panel",
    "counter_view",
    "dossier_in",
    "page",
    "sandbox_for",
]
