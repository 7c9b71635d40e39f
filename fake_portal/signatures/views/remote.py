"""Remote signing: the signer's second screen, and a request's status and result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fake_portal.signatures import errors, signing
from fake_portal.signatures.models import RemoteSigningRequest


def _awaiting(user):
    return (
        RemoteSigningRequest.objects.awaiting(user)
        .select_related("requested_by__profile")
        .defer("document", "signed_document")
        .order_by("expires_at")
    )


@never_cache
@login_required
def confirm_page(request):
    """The second screen: what is waiting for this signer's confirmation."""
    template = (
        "signatures/includes/pending_list.html"
        if request.GET.get("fragment")
        else "signatures/confirm.html"
    )
    return render(request, template, {"pending": _awaiting(request.user)})


def _own_request(request, pk):
    return get_object_or_404(
        RemoteSigningRequest.objects.defer("document"), pk=pk, user=request.user
    )


@login_required
@require_POST
def approve(request, pk):
    sign_request = _own_request(request, pk)
    try:
        signing.approve_remote_signature(sign_request, actor=request.user)
    except errors.SigningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xác nhận. Tài liệu đã được ký số."))
    return redirect("signatures:confirm")


@login_required
@require_POST
def reject(request, pk):
    sign_request = signing.reject_remote_signature(
        _own_request(request, pk), actor=request.user
    )
    if sign_request.status == RemoteSigningRequest.Status.REJECTED:
        messages.success(request, _("Đã từ chối yêu cầu ký số."))
    else:
        messages.error(request, errors.RemoteSigningTimeout().message)
    return redirect("signatures:confirm")


def _visible_request(request, pk):
    sign_request = get_object_or_404(
        RemoteSigningRequest.objects.defer("document", "signed_document"), pk=pk
    )
    if request.user.pk not in (sign_request.user_id, sign_request.requested_by_id):
        raise PermissionDenied(_("Bạn không có quyền xem yêu cầu ký số này."))
    return sign_request


@never_cache
@login_required
def request_status(request, pk):
    sign_request = _visible_request(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": sign_request.effective_status,
                "label": str(sign_request.get_effective_status_display()),
                "seconds_left": sign_request.seconds_left,
            }
        )
    return render(request, "signatures/request_status.html", {"req": sign_request})


@login_required
def request_download(request, pk):
    sign_request = _visible_request(request, pk)
    try:
        signed = signing.remote_signature_result(sign_request)
    except errors.SigningError as error:
        messages.error(request, error.message)
        return redirect("signatures:request", pk=pk)
    response = HttpResponse(signed, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="van-ban-da-ky.pdf"'
    return response
