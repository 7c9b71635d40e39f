"""Forms of the counter: look-up, the e-form filled for the citizen, digitisation, receipt."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fake_portal.catalogue import load_catalogue
from fake_portal.counter.papers.labels import label
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
