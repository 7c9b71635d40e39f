"""The official's own pages: their token and certificate, and practice signing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.signatures import actions, documents, errors, pki, signing
from fake_portal.signatures.forms import ChangePinForm, PracticeForm
from fake_portal.signatures.models import (
    OfficialCertificate,
    RemoteSigningRequest,
    VirtualToken,
)


def _certificate_facts(certificate):
    if certificate is None:
        return None
    cert = pki.load_cert(certificate.cert_pem)
    return {
        "row": certificate,
        "name": pki.common_name(cert),
        "title": pki.subject_field(cert, pki.NameOID.TITLE),
        "organisation": pki.subject_field(cert, pki.NameOID.ORGANIZATION_NAME),
        "issuer": pki.issuer_common_name(cert),
    }


@login_required
def token_page(request):
    user = request.user
    certificate = OfficialCertificate.objects.current_for(user)
    token = VirtualToken.objects.filter(user=user).first()
    return render(
        request,
        "signatures/token_page.html",
        {
            "certificate": _certificate_facts(certificate),
            "token": token,
            "pin_form": ChangePinForm(),
            "pending": RemoteSigningRequest.objects.awaiting(user).count(),
        },
    )


@login_required
@require_POST
def plug(request):
    if not VirtualToken.objects.filter(user=request.user).exists():
        messages.error(request, errors.NoCertificate().message)
        return redirect("signatures:token")
    plugged = request.POST.get("plugged") == "1"
    actions.set_token_plugged(request.user, plugged, actor=request.user)
    if plugged:
        messages.success(request, _("Đã cắm USB Token vào máy tính."))
    else:
        messages.success(request, _("Đã rút USB Token khỏi máy tính."))
    return redirect("signatures:token")


@login_required
@require_POST
def change_pin(request):
    form = ChangePinForm(request.POST)
    token = VirtualToken.objects.filter(user=request.user).first()
    if token is None:
        messages.error(request, errors.NoCertificate().message)
        return redirect("signatures:token")
    if form.is_valid():
        try:
            actions.change_pin(
                request.user,
                old_pin=form.cleaned_data["old_pin"],
                new_pin=form.cleaned_data["new_pin"],
                actor=request.user,
            )
        except errors.SigningError as error:
            form.add_error("old_pin", error.message)
        else:
            messages.success(request, _("Đã đổi mã PIN của USB Token."))
            return redirect("signatures:token")
    certificate = OfficialCertificate.objects.current_for(request.user)
    return render(
        request,
        "signatures/token_page.html",
        {
            "certificate": _certificate_facts(certificate),
            "token": token,
            "pin_form": form,
            "pending": RemoteSigningRequest.objects.awaiting(request.user).count(),
        },
        status=400,
    )


def _practice_reason():
    return _("Ký thử trên sa bàn")


def _practice_location(user):
    profile = getattr(user, "profile", None)
    return str(profile.home_unit) if profile else "Sa Bàn"


@login_required
def practice(request):
    bound = request.method == "POST"
    form = PracticeForm(request.POST) if bound else PracticeForm()
    if bound and form.is_valid():
        pdf = documents.practice_document(request.user, timezone.now())
        if form.cleaned_data["method"] == "remote":
            return _practice_remote(request, form, pdf)
        try:
            signed = signing.sign_pdf(
                pdf,
                signer=request.user,
                pin=form.cleaned_data["pin"],
                reason=_practice_reason(),
                location=_practice_location(request.user),
            )
        except errors.SigningError as error:
            form.add_error(None, error.message)
        else:
            response = HttpResponse(signed, content_type="application/pdf")
            response["Content-Disposition"] = (
                'attachment; filename="van-ban-ky-thu.pdf"'
            )
            return response
    status = 400 if form.errors else 200
    return render(request, "signatures/practice.html", {"form": form}, status=status)


def _practice_remote(request, form, pdf):
    try:
        sign_request = signing.request_remote_signature(
            pdf,
            signer=request.user,
            purpose=_("Ký thử văn bản trên sa bàn"),
            reason=_practice_reason(),
            location=_practice_location(request.user),
            actor=request.user,
        )
    except errors.SigningError as error:
        form.add_error(None, error.message)
        return render(request, "signatures/practice.html", {"form": form}, status=400)
    return redirect("signatures:request", pk=sign_request.pk)
