"""Pages anyone may open without logging in: verification, status list, issuer profile.

They show only the name, the achievement, dates and status: no account, unit or score.
"""

import json
import logging

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import (
    actions,
    addresses,
    badges,
    issuing,
    permissions,
    platform,
    verification,
)
from certificates.forms import SerialForm, UploadForm
from certificates.models import STATUS_LIST_SIZE, Certificate, PlatformKey
from certificates.platform import PLATFORM_NAME
from fake_portal.signatures import pki, verify

logger = logging.getLogger(__name__)

JSON_HEADERS = {
    "Access-Control-Allow-Origin": "*"
}  # verifiers fetch from other origins


@require_GET
def lookup(request):
    form = SerialForm(request.GET) if "so" in request.GET else SerialForm()
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", serial=form.cleaned_data["so"])
    return render(
        request,
        "certificates/lookup.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@never_cache
def verify_page(request, serial):
    verdict = verification.check_serial(serial)
    if verdict.serial and verdict.state != verification.MALFORMED:
        if verdict.serial != serial:  # typed in lower case, or without dashes
            return redirect("certificates:verify", serial=verdict.serial)
    status = 200 if verdict.found else 404
    context = {"verdict": verdict, "certificate": verdict.certificate}
    if verdict.certificate and request.user.is_authenticated:
        context["own"] = verdict.certificate.recipient_id == request.user.pk
        context["can_manage"] = permissions.may_manage(
            request.user, verdict.certificate
        )
    return render(request, "certificates/verify.html", context, status=status)


def _verdict_for(upload) -> verification.UploadVerdict:
    if upload.size > verify.MAX_BYTES:  # never read what we will refuse
        return verification.UploadVerdict(state=verify.TOO_LARGE)
    data = upload.read(verify.MAX_BYTES + 1)
    try:
        return verification.check_pdf(data)
    except Exception:  # an unforeseen file still gets an answer, not a 500
        logger.warning("certificate file check failed unexpectedly", exc_info=True)
        return verification.UploadVerdict(state=verify.UNREADABLE)


@never_cache
def check_file(request):
    bound = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if bound else UploadForm()
    result = None
    if bound and form.is_valid():
        result = _verdict_for(form.cleaned_data["document"])
    return render(
        request,
        "certificates/check_file.html",
        {"form": form, "result": result},
        status=400 if form.errors else 200,
    )


def _revoked_indices(number: int) -> list[int]:
    first = (number - 1) * STATUS_LIST_SIZE + 1
    pks = Certificate.objects.revoked().filter(
        pk__gte=first, pk__lt=first + STATUS_LIST_SIZE
    )
    return [pk - first for pk in pks.values_list("pk", flat=True)]


def _wants_jwt(request) -> bool:
    accept = request.headers.get("Accept", "")
    return request.GET.get("dang") == "jwt" or "application/vc+jwt" in accept


@require_GET
@never_cache
def status_list(request, number):
    """The revocation Bitstring Status List credential (JSON, or a VC-JWT on request)."""
    if number < 1:
        raise Http404
    list_url = addresses.status_list_url(number)
    credential = badges.status_list_credential(
        list_url=list_url,
        issuer_id=addresses.issuer_id(),
        encoded=badges.encode_status_list(_revoked_indices(number), STATUS_LIST_SIZE),
        valid_from=timezone.now(),
    )
    if _wants_jwt(request):
        _row, key = actions.current_signer()
        token = issuing.signed_credential(credential, key)
        return HttpResponse(
            token, content_type="application/vc+jwt", headers=JSON_HEADERS
        )
    return JsonResponse(
        credential, json_dumps_params={"ensure_ascii": False}, headers=JSON_HEADERS
    )


@require_GET
def issuer(request):
    """The issuer's Open Badges Profile (its keys are at issuer-keys, named by `kid`)."""
    profile = {
        "@context": [badges.VC_CONTEXT, badges.OB_CONTEXT],
        "id": addresses.issuer_id(),
        "type": ["Profile"],
        "name": PLATFORM_NAME,
        "url": addresses.site_url() + "/",
        "description": (
            "Nền tảng đào tạo Sa Bàn – môi trường mô phỏng. Chứng chỉ do nền tảng cấp "
            "không có giá trị pháp lý."
        ),
    }
    return JsonResponse(
        profile, json_dumps_params={"ensure_ascii": False}, headers=JSON_HEADERS
    )


@require_GET
def issuer_keys(request):
    """The signing keys as a JWK Set: the current one and every earlier one."""
    keys = [
        platform.public_jwk(pki.load_cert(row.cert_pem))
        for row in PlatformKey.objects.all()
    ]
    body = json.dumps({"keys": keys})
    return HttpResponse(
        body, content_type="application/jwk-set+json", headers=JSON_HEADERS
    )
