"""The counter's view of one dossier: components, papers, the decision, forms 01–03, post."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal import documents
from fake_portal.actions._core import positions_of
from fake_portal.counter import actions
from fake_portal.counter.events import MISTAKES, label
from fake_portal.counter.forms import PinForm
from fake_portal.counter.models import (
    DigitisedCopy,
    Paper,
    PostalItem,
    SignedForm,
    WalkIn,
)
from fake_portal.counter.requirements import checklist_for
from fake_portal.counter.views.common import (
    attempt,
    cash_panel,
    counter_view,
    dossier_in,
    page,
    sandbox_for,
)
from fake_portal.forms import ReceiveForm, RefuseForm, SupplementForm
from fake_portal.models import Status
from fake_portal.workflow import available_actions

DECISIONS = {
    "tiep-nhan": ("receive", ReceiveForm),
    "yeu-cau-bo-sung": ("request_supplement", SupplementForm),
    "tu-choi": ("refuse", RefuseForm),
}


def _decision_forms(dossier, positions, bound=None):
    allowed = set(available_actions(dossier.status, dossier.stage, positions))
    forms = []
    for slug, (action, form_class) in DECISIONS.items():
        if action not in allowed:
            continue
        if bound is not None and bound.prefix == action:
            form = bound
        else:
            form = form_class(
                dossier=dossier, prefix=action, initial={"version": dossier.version}
            )
        forms.append((slug, action, form))
    return forms


def _serving_walk_in(dossier):
    return (
        WalkIn.objects.filter(dossier=dossier, status=WalkIn.Status.SERVING)
        .order_by("-pk")
        .first()
    )


@counter_view
def desk(request, sandbox, code, bound=None, cash_form=None):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    positions = positions_of(request.user, sandbox)
    events = list(dossier.events.select_related("actor__profile"))
    return page(
        request,
        "counter/desk.html",
        sandbox,
        dossier=dossier,
        procedure=dossier.procedure,
        lines=checklist_for(dossier),
        papers=Paper.objects.filter(dossier=dossier)
        .exclude(kind="result")
        .select_related("owner", "digitised_copy", "walk_in"),
        decisions=_decision_forms(dossier, positions, bound),
        forms=documents.available_forms(dossier),
        form_titles=documents.FORM_TITLES,
        receipts=SignedForm.objects.filter(dossier=dossier),
        serving=_serving_walk_in(dossier),
        receipt_pin=PinForm(prefix="bien-nhan"),
        result_pin=PinForm(prefix="ket-qua"),
        outgoing=PostalItem.objects.filter(dossier=dossier, direction="out").first(),
        result_copy=DigitisedCopy.objects.filter(
            dossier=dossier, is_result=True
        ).first(),
        events=[(e, label(e.action), e.action in MISTAKES) for e in events],
        can_send_by_post=dossier.status == Status.DONE,
        **cash_panel(dossier, cash_form),
    )


@counter_view
@require_POST
def decide(request, sandbox, code, decision):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    if decision not in DECISIONS:
        raise Http404
    action, form_class = DECISIONS[decision]
    form = form_class(request.POST, dossier=dossier, prefix=action)
    if not form.is_valid():
        from django.contrib import messages

        messages.error(
            request, _("Thông tin nhập chưa hợp lệ; xin xem các ô được đánh dấu.")
        )
        return desk(request, sandbox.pk, code, bound=form)
    data, user = form.cleaned_data, request.user
    perform = {
        "receive": lambda: actions.receive_at_counter(
            dossier, actor=user, version=data["version"]
        ),
        "request_supplement": lambda: actions.request_supplement_at_counter(
            dossier,
            items=form.items(),
            legal_basis=data["legal_basis"],
            actor=user,
            version=data["version"],
        ),
        "refuse": lambda: actions.refuse_at_counter(
            dossier,
            reasons=data["reasons"],
            legal_basis=data["legal_basis"],
            actor=user,
            version=data["version"],
        ),
    }[action]
    notices = {
        "receive": _(
            "Đã tiếp nhận hồ sơ và hẹn ngày trả kết quả. Ký số và in giấy tiếp nhận (mẫu 01)."
        ),
        "request_supplement": _("Đã yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02)."),
        "refuse": _("Đã từ chối tiếp nhận hồ sơ (mẫu 03)."),
    }
    attempt(request, perform, notices[action])
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)


@counter_view
@require_POST
def receipt(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    form = PinForm(request.POST, prefix="bien-nhan")
    form.is_valid()
    sign = request.POST.get("sign") != "0"
    notice = (
        _("Đã ký số giấy tiếp nhận (mẫu 01); bấm vào giấy tiếp nhận để in.")
        if sign
        else _("Đã in giấy tiếp nhận không có chữ ký số của cán bộ tiếp nhận.")
    )
    attempt(
        request,
        lambda: actions.issue_receipt(
            dossier, actor=request.user, pin=form.cleaned_data.get("pin"), sign=sign
        ),
        notice,
    )
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)


@counter_view
def receipt_file(request, sandbox, pk):
    sandbox = sandbox_for(request, sandbox)
    form = get_object_or_404(SignedForm.objects.for_sandbox(sandbox), pk=pk)
    return FileResponse(
        form.file.open("rb"),
        content_type="application/pdf",
        filename=f"mau-01-{form.dossier.code}.pdf",
    )


@counter_view
@require_POST
def reuse(request, sandbox, code, copy):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    found = get_object_or_404(DigitisedCopy.objects.for_sandbox(sandbox), pk=copy)
    attempt(
        request,
        lambda: actions.reuse_copy(
            dossier, found, key=request.POST.get("key", "")[:60], actor=request.user
        ),
        _("Đã dùng lại bản số hóa %(code)s; không yêu cầu công dân nộp lại.")
        % {"code": found.result_code},
    )
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)


@counter_view
@require_POST
def record_supplement(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    walk_in = _serving_walk_in(dossier)
    if walk_in is None:
        raise Http404
    attempt(
        request,
        lambda: actions.record_supplement_at_counter(
            dossier, walk_in, actor=request.user, note=request.POST.get("note", "")
        ),
        _("Đã ghi nhận hồ sơ bổ sung; hồ sơ trở lại bước trước khi yêu cầu bổ sung."),
    )
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)


@counter_view
@require_POST
def send_by_post(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    attempt(
        request,
        lambda: actions.send_result_by_post(dossier, actor=request.user),
        _("Đã bàn giao kết quả cho bưu điện để phát đến công dân."),
    )
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)


@counter_view
@require_POST
def digitise_result(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = dossier_in(sandbox, code)
    form = PinForm(request.POST, prefix="ket-qua")
    form.is_valid()
    attempt(
        request,
        lambda: actions.digitise_result(
            dossier, actor=request.user, pin=form.cleaned_data.get("pin") or ""
        ),
        _("Đã số hóa kết quả giải quyết vào kho dữ liệu điện tử của công dân."),
    )
    return redirect("counter:desk", sandbox=sandbox.pk, code=code)
