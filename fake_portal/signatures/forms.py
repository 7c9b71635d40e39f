from django import forms
from django.utils.translation import gettext_lazy as _

from fake_portal.signatures.models import OfficialCertificate

PIN_HELP = _("6 đến 8 chữ số.")


class PinField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault(
            "widget",
            forms.PasswordInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 8}
            ),
        )
        super().__init__(**kwargs)


class ChangePinForm(forms.Form):
    old_pin = PinField(label=_("Mã PIN hiện tại"))
    new_pin = PinField(label=_("Mã PIN mới"), help_text=PIN_HELP, min_length=6)
    new_pin_again = PinField(label=_("Nhập lại mã PIN mới"))

    def clean_new_pin(self):
        pin = self.cleaned_data["new_pin"]
        if not pin.isdigit():
            raise forms.ValidationError(_("Mã PIN chỉ gồm chữ số."))
        return pin

    def clean(self):
        data = super().clean()
        if data.get("new_pin") and data.get("new_pin") != data.get("new_pin_again"):
            self.add_error("new_pin_again", _("Hai lần nhập mã PIN mới không khớp."))
        return data


class PracticeForm(forms.Form):
    METHODS = [
        ("token", _("Ký bằng USB Token")),
        ("remote", _("Ký số từ xa (xác nhận trên thiết bị thứ hai)")),
    ]
    method = forms.ChoiceField(
        label=_("Cách ký"), choices=METHODS, initial="token", widget=forms.RadioSelect
    )
    pin = PinField(
        label=_("Mã PIN của USB Token"),
        required=False,
        help_text=_("Chỉ cần khi ký bằng USB Token."),
    )


class VerifyForm(forms.Form):
    document = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        help_text=_("Tối đa 20 MB. Tệp không được lưu lại trên hệ thống."),
        allow_empty_file=True,
    )


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Lý do thu hồi"),
        choices=OfficialCertificate.RevocationReason.choices,
        initial=OfficialCertificate.RevocationReason.UNSPECIFIED,
    )
