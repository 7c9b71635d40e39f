from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fake_portal.population.generator.identity import IdNumberError, parse_id_number

# Django's own message for a NUL character is English only.
TEXT_ERRORS = {
    "null_characters_not_allowed": _("Ô này chứa ký tự không hợp lệ (ký tự NUL).")
}


class IdNumberField(forms.CharField):
    """A personal identity number as people type it: spaces dropped, then its structure
    checked (12 ASCII digits, a real province code in front: `parse_id_number`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)  # room for the spaces people type
        kwargs.setdefault("error_messages", TEXT_ERRORS)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return "".join(super().to_python(value).split())

    def validate(self, value):
        super().validate(value)
        if value:
            try:
                parse_id_number(value)
            except IdNumberError as error:
                raise ValidationError(str(error)) from error


class CitizenSearchForm(forms.Form):
    """Search as the population database allows: identity number, or full name + birth date."""

    id_number = IdNumberField(label=_("Số định danh cá nhân"), required=False)
    name = forms.CharField(
        label=_("Họ, chữ đệm và tên"),
        required=False,
        max_length=150,
        error_messages=TEXT_ERRORS,
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1990."),
    )

    dossier = forms.CharField(
        label=_("Mã hồ sơ đang kiểm tra"),
        required=False,
        max_length=40,
        error_messages=TEXT_ERRORS,
        help_text=_(
            "Nếu tra cứu để kiểm tra một hồ sơ, ghi mã hồ sơ: nhật ký tra cứu ghi lại "
            "hồ sơ liên quan."
        ),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("id_number"):
            return data
        if not (data.get("name") and data.get("birth_date")):
            raise ValidationError(
                _(
                    "Nhập số định danh cá nhân, hoặc nhập đủ họ tên và ngày sinh để tra cứu."
                )
            )
        return data
