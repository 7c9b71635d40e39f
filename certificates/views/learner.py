"""A learner's own certificates: the list, the signed PDF, the Open Badges credential."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certificates import outlook, permissions, serials
from certificates.models import Certificate


@login_required
@require_GET
def mine(request):
    certificates = (
        Certificate.objects.for_recipient(request.user)
        .without_documents()
        .select_related("replacement")
    )
    return render(
        request,
        "certificates/mine.html",
        {"certificates": certificates, "requirements": outlook.requirements()},
    )


HEAVY_FIELDS = {"pdf", "credential", "credential_jwt"}


def _downloadable(request, serial, wanted: str) -> Certificate:
    """The recipient's (or a manager's) certificate; anyone else gets a 404."""
    serial = serials.normalise(serial)
    certificate = (
        Certificate.objects.filter(serial=serial)
        .select_related("recipient__profile")
        .defer(*(HEAVY_FIELDS - {wanted}))
        .first()
        if serial
        else None
    )
    if certificate is None or not (
        certificate.recipient_id == request.user.pk
        or permissions.may_manage(request.user, certificate)
    ):
        raise Http404
    if not getattr(certificate, wanted):
        raise Http404  # erased at the holder's request: only the verification page remains
    return certificate


def _attachment(content, content_type, filename) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_pdf(request, serial):
    certificate = _downloadable(request, serial, "pdf")
    return _attachment(
        bytes(certificate.pdf), "application/pdf", f"chung-chi-{certificate.serial}.pdf"
    )


@login_required
@require_GET
def badge_json(request, serial):
    certificate = _downloadable(request, serial, "credential")
    body = json.dumps(certificate.credential, ensure_ascii=False, indent=2)
    return _attachment(
        body.encode(), "application/json", f"huy-hieu-{certificate.serial}.json"
    )


@login_required
@require_GET
def badge_jwt(request, serial):
    certificate = _downloadable(request, serial, "credential_jwt")
    return _attachment(
        certificate.credential_jwt,
        "application/vc+jwt",
        f"huy-hieu-{certificate.serial}.jwt",
    )
