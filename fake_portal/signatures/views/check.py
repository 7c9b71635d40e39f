"""Public pages: verify a signed PDF; download the training root and CRL."""

import logging

from cryptography.hazmat.primitives import serialization
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from fake_portal.signatures import verify
from fake_portal.signatures.forms import VerifyForm
from fake_portal.signatures.trust import check_document, current_trust, issuing_crl

logger = logging.getLogger(__name__)


def _report_for(upload) -> verify.VerificationReport:
    if upload.size > verify.MAX_BYTES:  # never read what we will refuse
        return verify.VerificationReport(state=verify.TOO_LARGE, size=upload.size)
    data = upload.read(verify.MAX_BYTES + 1)
    try:
        return check_document(data)
    except Exception:  # a file we did not foresee must still get an answer, not a 500
        logger.warning("verification failed unexpectedly", exc_info=True)
        return verify.VerificationReport(state=verify.UNREADABLE, size=len(data))


@never_cache
def verify_page(request):
    bound = request.method == "POST"
    form = VerifyForm(request.POST, request.FILES) if bound else VerifyForm()
    report = None
    if bound and form.is_valid():
        report = _report_for(form.cleaned_data["document"])
    status = 400 if form.errors else 200
    return render(
        request,
        "signatures/verify.html",
        {"form": form, "report": report, "max_mb": verify.MAX_BYTES // (1024 * 1024)},
        status=status,
    )


def root_certificate(request):
    pem = verify.pem_of(current_trust().root)
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="saban-ca-goc-dao-tao.pem"'
    return response


def certificate_revocation_list(request):
    der = issuing_crl().public_bytes(serialization.Encoding.DER)
    response = HttpResponse(der, content_type="application/pkix-crl")
    response["Content-Disposition"] = 'attachment; filename="saban-dao-tao.crl"'
    return response
