"""Trainers' and coordinators' pages: issued certificates, revocation, re-issue, bulk issue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import actions, permissions, serials
from certificates.forms import BulkIssueForm, ReissueForm, RevokeForm
from certificates.models import BulkIssue, Certificate

PAGE_SIZE = 50


def _staff_only(request):
    if not permissions.is_staff(request.user):
        raise PermissionDenied


@login_required
@require_GET
def manage(request):
    _staff_only(request)
    query = request.GET.get("q", "").strip()
    certificates = permissions.manageable(
        request.user, Certificate.objects.without_documents()
    ).select_related("replacement")
    if query:
        serial = serials.normalise(query)
        certificates = certificates.filter(
            Q(recipient_name__icontains=query)
            | Q(title__icontains=query)
            | Q(serial=serial or query.upper())
        )
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("trang"))
    bulk = BulkIssue.objects.filter(created_by=request.user).select_related("rule")[:5]
    return render(
        request,
        "certificates/manage.html",
        {"page": page, "query": query, "bulk_issues": bulk},
    )


def _managed(request, serial) -> Certificate:
    serial = serials.normalise(serial)
    certificate = (
        Certificate.objects.without_documents()
        .select_related("recipient__profile")
        .filter(serial=serial)
        .first()
        if serial
        else None
    )
    if certificate is None or not permissions.may_manage(request.user, certificate):
        raise Http404
    return certificate


@login_required
@never_cache
def revoke(request, serial):
    certificate = _managed(request, serial)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_certificate(
                certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except actions.CertificateError as error:
            messages.info(request, str(error))
        else:
            messages.success(
                request,
                _("Đã thu hồi chứng chỉ %(serial)s.") % {"serial": certificate.serial},
            )
        return redirect("certificates:verify", serial=certificate.serial)
    return render(
        request,
        "certificates/revoke.html",
        {"certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
def reissue(request, serial):
    certificate = _managed(request, serial)
    initial = {"recipient_name": certificate.recipient_name}
    profile = getattr(certificate.recipient, "profile", None)
    if profile is not None:
        initial["recipient_name"] = profile.full_name
    form = ReissueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.reissue_certificate(
                certificate,
                recipient_name=form.cleaned_data["recipient_name"],
                actor=request.user,
            )
        except actions.CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Đã cấp lại chứng chỉ %(new)s thay cho %(old)s.")
                % {"new": new.serial, "old": certificate.serial},
            )
            return redirect("certificates:verify", serial=new.serial)
    return render(
        request,
        "certificates/reissue.html",
        {"certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )


def _start(request, form) -> BulkIssue | None:
    ids, scores, unknown = form.recipients()
    if unknown:
        form.add_error(
            "participants",
            _("Không tìm thấy tài khoản: %(names)s.") % {"names": ", ".join(unknown)},
        )
        return None
    if not ids:
        form.add_error(None, _("Không có học viên nào trong danh sách đã chọn."))
        return None
    data = form.cleaned_data
    achievement = {"title": data["title"], "procedures": data["procedures"]}
    if data.get("reference"):
        achievement["reference"] = data["reference"]
    try:
        return actions.start_bulk_issue(
            rule=data["rule"],
            user_ids=ids,
            achievement=achievement,
            scores=scores,
            actor=request.user,
        )
    except actions.CertificateError as error:
        form.add_error(None, str(error))
        return None


@login_required
@never_cache
def bulk_new(request):
    _staff_only(request)
    province = permissions.staff_province(request.user)
    form = BulkIssueForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        bulk = _start(request, form)
        if bulk is not None:
            return redirect(bulk)
    return render(
        request,
        "certificates/bulk_new.html",
        {"form": form, "province": province},
        status=400 if form.errors else 200,
    )


def _own_bulk(request, pk) -> BulkIssue:
    _staff_only(request)
    bulk = get_object_or_404(BulkIssue.objects.select_related("rule"), pk=pk)
    if bulk.created_by_id != request.user.pk and not permissions.is_administrator(
        request.user
    ):
        raise Http404
    return bulk


@login_required
@require_GET
@never_cache
def bulk_detail(request, pk):
    bulk = _own_bulk(request, pk)
    return render(request, "certificates/bulk_detail.html", {"bulk": bulk})


@login_required
@require_GET
@never_cache
def bulk_status(request, pk):
    bulk = _own_bulk(request, pk)
    return JsonResponse(
        {
            "status": bulk.status,
            "status_label": bulk.get_status_display(),
            "total": bulk.total,
            "processed": bulk.processed,
            "issued": bulk.issued,
            "skipped": bulk.skipped,
            "failed": bulk.failed,
            "percent": bulk.percent,
            "errors": bulk.errors[:10],
        },
        json_dumps_params={"ensure_ascii": False},
    )
