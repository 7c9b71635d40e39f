"""Forms of the mock national portal (the citizen's side)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fake_portal.population.forms import IdNumberField
from fake_portal.request_content import DeclaredRequestMixin, PhoneField
from fake_portal.uploads import validate_upload


class CitizenLoginForm(forms.Form):
    id_number = IdNumberField(label=_("Số định danh cá nhân"))
    understood = forms.BooleanField(
        label=_(
            "Tôi hiểu đây là đăng nhập mô phỏng trong môi trường đào tạo, không phải VNeID."
        )
    )


class OnlineFilingForm(DeclaredRequestMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    phone = PhoneField()
    request_text = forms.CharField(
        label=_("Nội dung yêu cầu"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, procedure=None, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.today = today  # the sandbox's date, not the wall clock's
        self.add_declared_fields(procedure.code)
        for doc in self.uploadable_documents():
            self.fields[f"doc_{doc.key}"] = forms.FileField(
                label=doc.name_vi,
                required=False,
                validators=[validate_upload],
                help_text=_("PDF, JPEG hoặc PNG, tối đa 5 MB.")
                + (" " + _("Bắt buộc.") if doc.required else ""),
            )

    def uploadable_documents(self):
        return [
            d
            for d in self.procedure.required_documents
            if not d.data_in_national_database and d.kind != "shown_only"
        ]

    def clean(self):
        cleaned = super().clean()
        for doc in self.uploadable_documents():
            if (
                doc.required
                and not cleaned.get(f"doc_{doc.key}")
                and f"doc_{doc.key}" not in self.errors
            ):
                self.add_error(
                    f"doc_{doc.key}",
                    _("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": doc.name_vi},
                )
        return cleaned

    def uploads(self):
        return [
            (d.key, d.name_vi, self.cleaned_data[f"doc_{d.key}"])
            for d in self.uploadable_documents()
            if self.cleaned_data.get(f"doc_{d.key}")
        ]


class SupplyForm(forms.Form):
    files = forms.FileField(
        label=_("Giấy tờ bổ sung"),
        required=False,
        validators=[validate_upload],
        help_text=_("PDF, JPEG hoặc PNG, tối đa 5 MB."),
    )
    note = forms.CharField(
        label=_("Giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("files")
            and not (cleaned.get("note") or "").strip()
            and not self.errors
        ):
            raise forms.ValidationError(
                _("Xin gửi kèm giấy tờ bổ sung hoặc ghi nội dung giải trình.")
            )
        return cleaned


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        coerce=int,
        choices=[
            (5, _("Rất hài lòng")),
            (4, _("Hài lòng")),
            (3, _("Bình thường")),
            (2, _("Không hài lòng")),
            (1, _("Rất không hài lòng")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
