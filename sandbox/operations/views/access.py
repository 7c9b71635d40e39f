"""A new official's first access: activation link, or first-login code then a password."""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from sandbox.auth import BACKEND
from sandbox.operations import actions
from sandbox.operations.forms import FirstLoginForm, NewPasswordForm
from sandbox.operations.middleware import SESSION_KEY
from sandbox.operations.onboarding.access import user_for_token


@never_cache
@sensitive_post_parameters()
def activate(request, token):
    """The e-mailed link: choose a first password, then log in as usual."""
    user = user_for_token(token)
    if user is None:
        return render(request, "operations/activate_invalid.html", status=400)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.activate_account(user, form.cleaned_data["new_password1"])
        messages.success(
            request,
            _("Tài khoản đã được kích hoạt. Xin đăng nhập bằng tên đăng nhập %(u)s.")
            % {"u": user.get_username()},
        )
        return redirect("login")
    return render(request, "operations/activate.html", {"form": form, "subject": user})


@never_cache
@sensitive_post_parameters()
def first_login(request):
    """Log in once with the printed code; the next page asks for a new password."""
    form = FirstLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.use_first_login_code(
            form.cleaned_data["username"].strip(), form.cleaned_data["code"]
        )
        if user is not None:
            login(request, user, backend=BACKEND)
            request.session[SESSION_KEY] = True
            return redirect("operations:first-password")
        form.add_error(
            None,
            _(
                "Tên đăng nhập hoặc mã không đúng, hoặc mã đã hết hạn. Sau 5 lần sai, mã "
                "bị hủy: xin điều phối viên in mã mới."
            ),
        )
    return render(request, "operations/first_login.html", {"form": form})


@never_cache
@sensitive_post_parameters()
@login_required
def first_password(request):
    """Choose a password after a first-login code (required before any other page)."""
    if not request.session.get(SESSION_KEY):
        return redirect("password_change")
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.complete_first_login(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("Đã đặt mật khẩu. Chào mừng anh/chị đến Sa Bàn."))
        return redirect("dashboard")
    return render(request, "operations/first_password.html", {"form": form})
