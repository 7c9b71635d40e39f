"""The mock national public-service portal, as a synthetic citizen of the sandbox's world sees it."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal import actions, simulation
from fake_portal.applicants import applicant_from_database
from fake_portal.catalogue import load_catalogue
from fake_portal.citizen_forms import (
    CitizenLoginForm,
    OnlineFilingForm,
    RatingForm,
    SupplyForm,
)
from fake_portal.errors import WorkflowError
from fake_portal.models import (
    Channel,
    Dossier,
    DossierDocument,
    ScheduledAction,
    Status,
)
from fake_portal.population.models import Citizen
from fake_portal.views.common import sandbox_for
from fake_portal.workflow import allowed


def _session_key(sandbox):
    return f"citizen:{sandbox.pk}"


def signed_in_citizen(request, sandbox):
    pk = request.session.get(_session_key(sandbox))
    if pk is None:
        return None
    return (
        Citizen.objects.for_world(sandbox.world)
        .filter(pk=pk)
        .select_related("permanent_commune__province")
        .first()
    )


def _page(request, template, sandbox, **context):
    context.update(
        sandbox=sandbox, citizen=signed_in_citizen(request, sandbox), now=sandbox.now()
    )
    return render(request, template, context)


def _catalogue_choices():
    return load_catalogue()


@login_required
def home(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    query = request.GET.get("q", "").strip()
    catalogue = _catalogue_choices()
    results = catalogue.search(query) if query else list(catalogue.by_level("commune"))
    return _page(
        request, "fake_portal/citizen/home.html", sandbox, query=query, results=results
    )


@login_required
def procedure_detail(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    try:
        procedure = load_catalogue().get(code)
    except KeyError:
        raise Http404 from None
    return _page(
        request, "fake_portal/citizen/procedure.html", sandbox, procedure=procedure
    )


@login_required
def sign_in(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    form = CitizenLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        citizen = (
            Citizen.objects.for_world(sandbox.world)
            .filter(id_number=form.cleaned_data["id_number"], alive=True)
            .first()
        )
        if citizen is None:
            form.add_error(
                "id_number",
                _(
                    "Không tìm thấy công dân có số định danh này trong thế giới mô phỏng của sa bàn."
                ),
            )
        else:
            request.session[_session_key(sandbox)] = citizen.pk
            messages.success(
                request,
                _("Đã đăng nhập (mô phỏng) với tư cách %(name)s.")
                % {"name": citizen.full_name},
            )
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}
            ):
                return redirect(next_url)
            return redirect("citizen:my-dossiers", sandbox=sandbox.pk)
    return _page(request, "fake_portal/citizen/sign_in.html", sandbox, form=form)


@login_required
@require_POST
def sign_out(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    request.session.pop(_session_key(sandbox), None)
    return redirect("citizen:home", sandbox=sandbox.pk)


def _require_citizen(request, sandbox):
    citizen = signed_in_citizen(request, sandbox)
    if citizen is None:
        messages.info(request, _("Xin đăng nhập (mô phỏng) để nộp và theo dõi hồ sơ."))
    return citizen


@login_required
def file_online(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    citizen = _require_citizen(request, sandbox)
    if citizen is None:
        return redirect(
            f"{reverse('citizen:sign-in', args=[sandbox.pk])}?next={request.path}"
        )
    try:
        procedure = load_catalogue().get(code)
    except KeyError:
        raise Http404 from None
    submitted = request.session.setdefault("filed_tokens", {})
    if request.method == "POST" and request.POST.get("token") in submitted:
        # A double submit: the dossier exists already; show it instead of filing twice.
        return redirect(
            "citizen:dossier", sandbox=sandbox.pk, code=submitted[request.POST["token"]]
        )
    form = OnlineFilingForm(
        request.POST or None,
        request.FILES or None,
        procedure=procedure,
        today=timezone.localdate(sandbox.now()),
        initial={"token": uuid.uuid4().hex, "phone": citizen.phone},
    )
    if request.method == "POST" and form.is_valid():
        applicant = applicant_from_database(citizen)
        applicant["phone"] = form.cleaned_data["phone"]
        dossier = actions.file_dossier(
            sandbox=sandbox,
            procedure_code=procedure.code,
            applicant=citizen,
            channel=Channel.ONLINE,
            form_data={"applicant": applicant, "request": form.request_data()},
            documents=form.uploads(),
            actor=request.user,
            actor_name=citizen.full_name,
        )
        submitted[form.cleaned_data["token"]] = dossier.code
        request.session.modified = True
        messages.success(request, _("Đã nộp hồ sơ %(code)s.") % {"code": dossier.code})
        if dossier.fee_amount and not dossier.fee_paid:
            return redirect("citizen:pay", sandbox=sandbox.pk, code=dossier.code)
        return redirect("citizen:dossier", sandbox=sandbox.pk, code=dossier.code)
    prefill = applicant_from_database(citizen)
    return _page(
        request,
        "fake_portal/citizen/file.html",
        sandbox,
        procedure=procedure,
        form=form,
        prefill=prefill,
    )


def _own_dossier(request, sandbox, code):
    citizen = signed_in_citizen(request, sandbox)
    if citizen is None:
        raise Http404
    return get_object_or_404(
        Dossier.objects.for_sandbox(sandbox), code=code, applicant=citizen
    )


@login_required
def my_dossiers(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    citizen = _require_citizen(request, sandbox)
    if citizen is None:
        return redirect("citizen:sign-in", sandbox=sandbox.pk)
    dossiers = (
        Dossier.objects.for_sandbox(sandbox)
        .filter(applicant=citizen)
        .order_by("-filed_at")
    )
    return _page(
        request, "fake_portal/citizen/my_dossiers.html", sandbox, dossiers=dossiers
    )


@login_required
def track(request, sandbox):
    sandbox = sandbox_for(request, sandbox)
    code = request.GET.get("ma", "").strip()
    dossier = (
        Dossier.objects.for_sandbox(sandbox).filter(code=code).first() if code else None
    )
    return _page(
        request, "fake_portal/citizen/track.html", sandbox, code=code, found=dossier
    )


@login_required
def dossier_status(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = _own_dossier(request, sandbox, code)
    request_event = (
        dossier.events.filter(action="dossier.supplement_requested")
        .order_by("-sim_time")
        .first()
    )
    result = dossier.documents.filter(kind=DossierDocument.Kind.RESULT).first()
    return _page(
        request,
        "fake_portal/citizen/dossier.html",
        sandbox,
        dossier=dossier,
        procedure=dossier.procedure,
        supplement=request_event
        if dossier.status == Status.SUPPLEMENT_REQUESTED
        else None,
        supply_form=SupplyForm(),
        rating_form=RatingForm()
        if dossier.status == Status.RETURNED and dossier.rating is None
        else None,
        result=result if dossier.status == Status.RETURNED else None,
        can_withdraw=allowed("withdraw", dossier.status, dossier.stage),
        # A failed signing attempt is the office's business, not a step of the dossier.
        events=dossier.events.exclude(action="dossier.signing_failed"),
    )


def _citizen_action(request, sandbox, code, perform, success, form=None):
    sandbox = sandbox_for(request, sandbox)
    dossier = _own_dossier(request, sandbox, code)
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("citizen:dossier", sandbox=sandbox.pk, code=code)
    try:
        perform(dossier)
    except WorkflowError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return redirect("citizen:dossier", sandbox=sandbox.pk, code=code)


@login_required
@require_POST
def supply(request, sandbox, code):
    form = SupplyForm(request.POST, request.FILES)

    def perform(dossier):
        upload = form.cleaned_data.get("files")
        documents = [("bo_sung", upload.name, upload)] if upload else []
        actions.supply_supplement(
            dossier,
            documents=documents,
            note=form.cleaned_data["note"],
            actor=request.user,
            actor_name=dossier.applicant.full_name,
        )

    return _citizen_action(
        request, sandbox, code, perform, _("Đã gửi hồ sơ bổ sung."), form
    )


@login_required
@require_POST
def withdraw(request, sandbox, code):
    reason = request.POST.get("reason", "")
    return _citizen_action(
        request,
        sandbox,
        code,
        lambda d: actions.withdraw_dossier(
            d, reason=reason, actor=request.user, actor_name=d.applicant.full_name
        ),
        _("Đã rút hồ sơ."),
    )


@login_required
@require_POST
def rate(request, sandbox, code):
    form = RatingForm(request.POST)
    return _citizen_action(
        request,
        sandbox,
        code,
        lambda d: actions.rate_service(
            d,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            actor=request.user,
            actor_name=d.applicant.full_name,
        ),
        _("Cảm ơn bạn đã đánh giá."),
        form,
    )


@login_required
def pay(request, sandbox, code):
    sandbox_obj = sandbox_for(request, sandbox)
    dossier = _own_dossier(request, sandbox_obj, code)
    if not dossier.fee_amount or dossier.fee_settled:
        # Nothing to pay: no second charge, and no gateway callback scheduled for one.
        messages.info(
            request, _("Hồ sơ này không còn khoản phí, lệ phí nào phải thanh toán.")
        )
        return redirect("citizen:dossier", sandbox=sandbox, code=code)
    if request.method != "POST":
        return _page(
            request, "fake_portal/citizen/pay.html", sandbox_obj, dossier=dossier
        )
    outcome = request.POST.get("outcome")
    reference = f"GD-{uuid.uuid4().hex[:10].upper()}"
    if outcome == "success":
        return _citizen_action(
            request,
            sandbox,
            code,
            lambda d: actions.record_payment(
                d, amount=d.fee_amount, reference=reference
            ),
            _("Thanh toán thành công. Mã giao dịch %(ref)s.") % {"ref": reference},
        )
    if outcome == "timeout":
        simulation.schedule(
            sandbox_obj,
            ScheduledAction.Kind.PAYMENT_CALLBACK,
            sandbox_obj.now() + timedelta(minutes=15),
            dossier=dossier,
            outcome="success",
            amount=dossier.fee_amount,
            reference=reference,
        )
        messages.warning(
            request,
            _(
                "Ngân hàng chưa phản hồi. Giao dịch %(ref)s đang chờ xác nhận; hồ sơ sẽ tự cập nhật khi có kết quả."
            )
            % {"ref": reference},
        )
    else:
        messages.error(
            request,
            _(
                "Thanh toán không thành công (ngân hàng từ chối giao dịch). Bạn có thể thử lại."
            ),
        )
    return redirect("citizen:dossier", sandbox=sandbox, code=code)


@login_required
def result_file(request, sandbox, code):
    sandbox = sandbox_for(request, sandbox)
    dossier = _own_dossier(request, sandbox, code)
    if dossier.status != Status.RETURNED:
        raise Http404
    result = get_object_or_404(dossier.documents, kind=DossierDocument.Kind.RESULT)
    return FileResponse(
        result.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"ket-qua-{dossier.code}.pdf",
    )
