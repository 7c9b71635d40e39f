"""The administrator's page: locked tokens, officials without certificates, revocation."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fake_portal.signatures import actions
from fake_portal.signatures.forms import RevokeForm
from fake_portal.signatures.models import OfficialCertificate, VirtualToken


def _administrator(request):
    if not actions.is_pki_administrator(request.user):
        raise PermissionDenied(_("Chỉ quản trị viên mới được quản lý chứng thư số."))


@login_required
def admin_page(request):
    _administrator(request)
    User = get_user_model()
    locked = VirtualToken.objects.filter(locked_at__isnull=False).select_related(
        "user__profile"
    )
    without = User.objects.filter(
        profile__isnull=False, signing_certificates__isnull=True
    ).select_related("profile")[:50]
    recent = OfficialCertificate.objects.select_related("user__profile").defer(
        "key_pem", "cert_pem"
    )[:30]
    return render(
        request,
        "signatures/admin.html",
        {
            "locked": locked,
            "without": without,
            "recent": recent,
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def unlock(request, user_id):
    _administrator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    get_object_or_404(VirtualToken, user=user)
    pin = actions.unlock_token(user, actor=request.user)
    messages.success(
        request,
        _("Đã mở khóa USB Token của %(name)s. Mã PIN mới: %(pin)s")
        % {"name": user, "pin": pin},
    )
    return redirect("signatures:admin")


@login_required
@require_POST
def issue(request, user_id):
    _administrator(request)
    user = get_object_or_404(get_user_model(), pk=user_id)
    actions.issue_certificate_for(user, actor=request.user)
    messages.success(request, _("Đã cấp chứng thư số cho %(name)s.") % {"name": user})
    return redirect("signatures:admin")


@login_required
@require_POST
def revoke(request, certificate_id):
    _administrator(request)
    certificate = get_object_or_404(OfficialCertificate, pk=certificate_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lý do thu hồi không hợp lệ."))
        return redirect("signatures:admin")
    actions.revoke_certificate(
        certificate, actor=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Đã thu hồi chứng thư số %(serial)s.") % {"serial": certificate.serial},
    )
    return redirect("signatures:admin")
