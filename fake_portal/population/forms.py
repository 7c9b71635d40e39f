from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fake_portal.population.generator.identity import IdNumberError, parse_id_number

# Django's own message for a NUL character is English only.
TEXT_ERRORS = {
    "null_characters_not_allowed": _("Ô này chứa ký tự không hợp lệ (ký tự NUL).")
}


class CitizenSearchForm(forms.Form):
    """Search as the population database allows: identity number, or full name + birth date."""

    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        required=False,
        max_length=20,
        error_messages=TEXT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
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

    def clean_id_number(self):
        value = "".join(self.cleaned_data["id_number"].split())
        if not value:
            return value
        # Only ASCII 0-9: str.isdigit() also takes "²" and full-width "１".
        if not (value.isascii() and value.isdigit()):
            raise ValidationError(
                _("Số định danh cá nhân chỉ gồm các chữ số từ 0 đến 9.")
            )
        try:
            parse_id_number(value)
        except IdNumberError as exc:
            raise ValidationError(str(exc)) from exc
        return value

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
