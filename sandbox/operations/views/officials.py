"""The province's officials: list, one official's account, deactivation, erasure."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sandbox.models import Profile
from sandbox.operations import actions, permissions, personal_data
from sandbox.operations.audit import log_staff_view
from sandbox.operations.forms import EraseForm, OfficialFilterForm
from sandbox.operations.models import (
    ImportRecord,
    OfficialAccount,
    OperationEvent,
    StaffView,
)
from sandbox.operations.onboarding import sheets
from sandbox.operations.views.common import managed_province, staff_required

PAGE_SIZE = 100


def _filtered(request, province):
    form = OfficialFilterForm(request.GET or None, province=province)
    profiles = Profile.objects.select_related("user", "commune", "province")
    if province is not None:
        profiles = profiles.filter(province=province)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            profiles = profiles.filter(
                Q(full_name__icontains=q)
                | Q(user__email__icontains=q)
                | Q(phone__icontains=q)
                | Q(user__username__icontains=q)
            )
        if data["commune"]:
            profiles = profiles.filter(commune=data["commune"])
        if data["position"]:
            profiles = profiles.filter(position=data["position"])
        status = data["status"]
        if status == "pending":
            profiles = profiles.filter(
                user__is_active=True,
                user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
            )
        elif status == "active":
            profiles = profiles.filter(user__is_active=True).exclude(
                user__password__startswith=UNUSABLE_PASSWORD_PREFIX
            )
        elif status == "inactive":
            profiles = profiles.filter(user__is_active=False)
    return form, profiles.order_by("commune__name", "full_name", "pk")


@staff_required
def official_list(request):
    province = managed_province(request)
    form, profiles = _filtered(request, province)
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("trang"))
    commune = form.cleaned_data.get("commune") if form.is_valid() else None
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "operations/official_list.html",
        {
            "form": form,
            "page": page,
            "province": province,
            "commune": commune,
            "query": query.urlencode(),
        },
    )


@staff_required
def official_list_csv(request):
    """The filtered list as CSV; cells that look like formulas are neutralised."""
    province = managed_province(request)
    _form, profiles = _filtered(request, province)
    header = [
        _("Họ và tên"),
        _("Tên đăng nhập"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Chức danh"),
        _("Vai trò"),
        _("Email"),
        _("Số điện thoại"),
        _("Trạng thái"),
    ]
    rows = (
        [
            p.full_name,
            p.user.username,
            p.commune.code_str if p.commune_id else "",
            p.commune.name if p.commune_id else p.province.name,
            p.get_position_display(),
            p.get_role_display(),
            p.user.email,
            p.phone,
            str(account_status(p.user)),
        ]
        for p in profiles.iterator(chunk_size=2000)
    )
    response = HttpResponse(
        sheets.csv_bytes(header, rows), content_type=sheets.CSV_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="danh-sach-can-bo.csv"'
    return response


def account_status(user):
    if not user.is_active:
        return _("Đã khóa")
    if not user.has_usable_password():
        return _("Chưa kích hoạt")
    return _("Đang hoạt động")


def _subject(request, user_id):
    user = get_object_or_404(
        get_user_model().objects.select_related("profile"), pk=user_id
    )
    profile = getattr(user, "profile", None)
    if not permissions.is_administrator(request.user):
        permissions.require(
            profile is not None
            and profile.province_id == request.user.profile.province_id
        )
    return user


@staff_required
def official_detail(request, user_id):
    """One official's account; every look by staff is written to the audit log."""
    user = _subject(request, user_id)
    log_staff_view(request, user, StaffView.What.PROFILE)
    account = OfficialAccount.objects.filter(user=user).first()
    return render(
        request,
        "operations/official_detail.html",
        {
            "subject": user,
            "profile": getattr(user, "profile", None),
            "account": account,
            "status": account_status(user),
            "records": ImportRecord.objects.filter(user=user).select_related(
                "official_import"
            ),
            "events": OperationEvent.objects.about(user)
            .select_related("actor__profile")
            .order_by("-created_at")[:20],
            "views": StaffView.objects.of_subject(user).select_related(
                "viewer__profile"
            )[:20],
            "may_manage": permissions.may_manage(request.user, user),
            "may_erase": permissions.is_administrator(request.user)
            and request.user.pk != user.pk
            and not (account and account.erased_at),
        },
    )


@require_POST
@staff_required
def deactivate(request, user_id):
    user = _subject(request, user_id)
    actions.deactivate_official(user, actor=request.user)
    messages.success(request, _("Đã khóa tài khoản."))
    return redirect("operations:official-detail", user_id=user.pk)


@require_POST
@staff_required
def reactivate(request, user_id):
    user = _subject(request, user_id)
    actions.reactivate_official(user, actor=request.user)
    messages.success(request, _("Đã mở khóa tài khoản."))
    return redirect("operations:official-detail", user_id=user.pk)


@never_cache
@require_POST
@staff_required
def reset_password(request, user_id):
    """A forgotten password: void it, lift the lock-out, show one first-login code."""
    user = _subject(request, user_id)
    actions.reset_password(user, actor=request.user)
    issued = actions.issue_first_login_codes([user], actor=request.user)
    permissions.require(bool(issued))
    account = OfficialAccount.objects.get(user=user)
    return render(
        request,
        "operations/official_reset.html",
        {
            "subject": user,
            "profile": getattr(user, "profile", None),
            "code": issued[0][1],
            "expires": account.code_expires_at,
            "login_url": settings.SITE_URL.rstrip("/")
            + reverse("operations:first-login"),
        },
    )


@staff_required
def erase(request, user_id):
    """Administrators only: anonymise the account after typing its user name."""
    permissions.require(permissions.is_administrator(request.user))
    user = _subject(request, user_id)
    form = EraseForm(request.POST or None, username=user.get_username())
    if request.method == "POST" and form.is_valid():
        actions.erase_official(user, actor=request.user)
        messages.success(
            request,
            _(
                "Đã xóa dữ liệu cá nhân của tài khoản; các kết quả và chứng chỉ được giữ."
            ),
        )
        return redirect("operations:official-detail", user_id=user.pk)
    return render(
        request, "operations/official_erase.html", {"subject": user, "form": form}
    )


@staff_required
def official_data(request, user_id):
    """Staff answering a subject-access request download the official's data (logged)."""
    user = _subject(request, user_id)
    permissions.require(permissions.may_manage(request.user, user))
    log_staff_view(request, user, StaffView.What.PERSONAL_DATA)
    response = HttpResponse(
        personal_data.export_json(user), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="du-lieu-ca-nhan-{user.pk}.json"'
    )
    return response


@staff_required
def staff_view_log(request):
    """Administrators: who looked at whose personal data, when."""
    permissions.require(permissions.is_administrator(request.user))
    views = StaffView.objects.select_related("viewer__profile", "subject__profile")
    page = Paginator(views, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "operations/staff_view_log.html", {"page": page})
