"""Forms of the counter: look-up, the e-form filled for the citizen, digitisation, receipt,
cash taken at the desk."""

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from fake_portal.catalogue import load_catalogue
from fake_portal.counter.papers.labels import label
from fake_portal.forms import ActionForm
from fake_portal.population.forms import IdNumberField
from fake_portal.request_content import DeclaredRequestMixin, PhoneField

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class LookupForm(forms.Form):
    id_number = IdNumberField(
        label=_("Số định danh cá nhân (đọc trên thẻ căn cước)"), required=False
    )
    name = forms.CharField(
        label=_("Họ, chữ đệm và tên"), required=False, max_length=150
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("id_number") and not (
            cleaned.get("name") and cleaned.get("birth_date")
        ):
            raise forms.ValidationError(
                _("Nhập số định danh cá nhân, hoặc họ tên cùng ngày sinh.")
            )
        return cleaned

    def query(self) -> dict:
        data = self.cleaned_data
        if data["id_number"]:
            return {"id_number": data["id_number"]}
        return {"name": data["name"], "birth_date": data["birth_date"]}

    def method(self) -> str:
        return "id_number" if self.cleaned_data["id_number"] else "name_birth_date"


def _procedure_choices():
    return [
        (p.code, f"{p.name_vi} ({p.code})")
        for p in load_catalogue()
        if p.level == "commune" or p.filed_regardless_of_residence
    ]


class CounterFilingForm(DeclaredRequestMixin, forms.Form):
    """The e-form the officer fills for the citizen; the applicant comes from the database."""

    procedure = forms.ChoiceField(label=_("Thủ tục"))
    phone = PhoneField()
    request_text = forms.CharField(
        label=_("Nội dung yêu cầu"), required=False, widget=TEXTAREA
    )

    def __init__(self, *args, procedure_code="", today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today  # the sandbox's date, not the wall clock's
        self.fields["procedure"].choices = _procedure_choices()
        code = (
            self.data.get(self.add_prefix("procedure")) if self.is_bound else ""
        ) or procedure_code
        self.add_declared_fields(code)


class DigitiseForm(forms.Form):
    """Scan (or take the scan from the bundle), confirm the extracted data, sign with the PIN."""

    scan = forms.FileField(
        label=_("Tệp quét (PDF, JPEG hoặc PNG, tối đa 5 MB)"),
        required=False,
        help_text=_("Để trống: dùng bản quét tạo từ giấy tờ công dân mang đến."),
    )
    pin = forms.CharField(
        label=_("Mã PIN USB Token của bạn"),
        max_length=16,
        widget=forms.PasswordInput(render_value=False),
    )

    def __init__(self, *args, paper=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.paper = paper
        readable = paper.readable_fields() if paper else {}
        for name in paper.field_values() if paper else {}:
            self.fields[f"f_{name}"] = forms.CharField(
                label=label(name),
                required=bool(readable.get(name)),
                initial=readable.get(name, ""),
                max_length=255,
            )

    def extracted(self) -> dict:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("f_")
        }

    def extracted_fields(self):
        return [self[name] for name in self.fields if name.startswith("f_")]


class PinForm(forms.Form):
    pin = forms.CharField(
        label=_("Mã PIN USB Token của bạn"),
        max_length=16,
        required=False,
        widget=forms.PasswordInput(render_value=False),
    )


class RefusePostForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối nhận"), required=False, widget=TEXTAREA, max_length=500
    )


# An amount as people type it at a desk: 8000, 8.000, 8 000 (or 8,000 on an English
# page), with or without "đ". Đồng have no decimals: "8,5" is refused, not read as 85.
_AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:[., ][0-9]{3})+|[0-9]+)$")
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """`text` as a whole number of đồng, or None when it is not one."""
    cleaned = _CURRENCY.sub("", (text or "").strip())
    if not _AMOUNT.match(cleaned):
        return None
    return int(re.sub(r"[., ]", "", cleaned))


class AmountField(forms.CharField):
    """A whole number of đồng, typed with or without thousands separators."""

    default_error_messages = {
        "invalid": _(
            "Nhập số tiền bằng chữ số, tính bằng đồng, không có phần lẻ (ví dụ 8.000)."
        )
    }

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "size": 12, "maxlength": 20}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
        self.validators += [
            MinValueValidator(1, message=_("Số tiền phải lớn hơn 0.")),
            MaxValueValidator(
                999_999_999, message=_("Số tiền quá lớn; xin kiểm tra lại.")
            ),
        ]

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_amount(text[:20])
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


class CashPaymentForm(ActionForm):
    """The cash the citizen hands over for the fee, with the dossier version seen."""

    tendered = AmountField(
        label=_("Số tiền công dân nộp (đồng)"),
        help_text=_("Thu đúng số phải nộp; nhập ví dụ 8.000 hoặc 8000."),
    )
