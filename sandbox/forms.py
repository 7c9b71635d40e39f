from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại "
            "(mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Xin liên hệ điều phối viên của tỉnh."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


def pick_trainee_groups(form, province) -> None:
    """Limit a form's `communes` and `cohorts` fields to the province's: communes that
    have trainees, and cohorts, both in Vietnamese order (None: every province, for an
    administrator without one). Used wherever trainees are picked by group: enrolling in
    a course, a trainer-led session, bulk certificates."""
    from sandbox.collation import vietnamese
    from sandbox.models import Commune, Role
    from sandbox.operations.models import Cohort

    communes = Commune.objects.filter(profiles__role=Role.TRAINEE)
    cohorts = Cohort.objects.all()
    if province is not None:
        communes = communes.filter(province=province)
        cohorts = cohorts.in_province(province)
    form.fields["communes"].queryset = communes.distinct().order_by(vietnamese("name"))
    form.fields["cohorts"].queryset = cohorts.order_by(vietnamese("name"))
