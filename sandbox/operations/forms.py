from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from sandbox.models import Commune, Position, Province
from sandbox.operations.models import Cohort, OfficialImport


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (XLSX hoặc CSV)"),
        help_text=_(
            "Dùng tệp mẫu. CSV có thể lưu bằng UTF-8 (có hoặc không có BOM) hoặc "
            "Windows-1258. Chưa có gì được ghi cho đến khi anh/chị xác nhận."
        ),
        # Django's Vietnamese says "tập tin"; every other message here says "tệp".
        error_messages={
            "empty": _(
                "Tệp tải lên rỗng (0 byte). Xin chọn tệp danh sách đã điền, "
                "rồi tải lên lại."
            ),
            "required": _("Xin chọn tệp danh sách cán bộ để tải lên."),
        },
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=Province.objects.all(), required=False
    )

    def __init__(self, *args, choose_province=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_province:
            del self.fields["province"]
        else:
            self.fields["province"].required = True


class CommitForm(forms.Form):
    send_activation = forms.BooleanField(
        label=_("Gửi liên kết kích hoạt qua email cho cán bộ mới có email"),
        required=False,
        initial=True,
    )


class CodesForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=Commune.objects.all())
    official_import = forms.ModelChoiceField(
        queryset=OfficialImport.objects.all(), required=False
    )


class OfficialFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Mọi trạng thái")),
        ("pending", _("Chưa kích hoạt")),
        ("active", _("Đang hoạt động")),
        ("inactive", _("Đã khóa")),
    ]
    q = forms.CharField(label=_("Tìm theo tên, email, số điện thoại"), required=False)
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("Mọi xã, phường"),
    )
    position = forms.ChoiceField(
        label=_("Chức danh"),
        choices=[("", _("Mọi chức danh"))] + Position.choices,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=STATUS_CHOICES, required=False
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Without a province (an administrator's view of all) the list would hold 3,321
        # units: the filter then needs ?tinh=<code> first.
        communes = (
            Commune.objects.filter(province=province)
            if province is not None
            else Commune.objects.none()
        )
        self.fields["commune"].queryset = communes.order_by("name")


class CohortForm(forms.ModelForm):
    add_members = forms.CharField(
        label=_("Thêm thành viên"),
        help_text=_(
            "Chỉ dùng cho nhóm “Chọn từng người”: mỗi dòng một email, số điện thoại "
            "hoặc tên đăng nhập của cán bộ trong tỉnh."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    class Meta:
        model = Cohort
        fields = ["name", "kind", "commune", "position", "source_import"]
        help_texts = {
            "commune": _(
                "Cho nhóm theo xã, phường (hoặc để giới hạn nhóm theo chức danh)."
            ),
            "position": _("Cho nhóm theo chức danh."),
            "source_import": _("Cho nhóm theo lần nhập danh sách."),
        }

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        self.fields["commune"].queryset = Commune.objects.filter(
            province=province
        ).order_by("name")
        self.fields["source_import"].queryset = OfficialImport.objects.filter(
            province=province, status=OfficialImport.Status.DONE
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = Cohort.objects.filter(
            province=self.instance.province, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Trong tỉnh đã có nhóm mang tên này."))
        return name

    def member_keys(self) -> list[str]:
        text = self.cleaned_data.get("add_members") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class FirstLoginForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        help_text=_("Email hoặc số điện thoại in trên phiếu."),
        max_length=150,
    )
    code = forms.CharField(
        label=_("Mã đăng nhập lần đầu"),
        help_text=_("10 ký tự in trên phiếu, ví dụ ABCDE-23456."),
        max_length=20,
    )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Gõ lại tên đăng nhập để xác nhận"), max_length=150
    )

    def __init__(self, *args, username, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.username:
            raise forms.ValidationError(_("Tên đăng nhập không khớp."))
        return value
