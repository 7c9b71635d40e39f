"""Authoring forms: the YAML text (validated with line numbers) and a file to import."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from scenarios.spec import SpecError, parse

MAX_UPLOAD = 200_000


class SourceForm(forms.Form):
    source = forms.CharField(
        label=_("Nội dung kịch bản (YAML)"),
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 30, "spellcheck": "false", "class": "scenario-source"}
        ),
    )
    note = forms.CharField(label=_("Ghi chú phiên bản"), max_length=200, required=False)
    publish = forms.BooleanField(label=_("Công bố cho học viên"), required=False)

    def clean_source(self):
        source = self.cleaned_data["source"].replace("\r\n", "\n")
        try:
            self.spec = parse(source)
        except SpecError as error:
            self.problems = error.problems
            count = len(error.problems)
            raise forms.ValidationError(
                ngettext(
                    "Tệp kịch bản có %(count)s lỗi; xem danh sách theo dòng bên dưới.",
                    "Tệp kịch bản có %(count)s lỗi; xem danh sách theo dòng bên dưới.",
                    count,
                )
                % {"count": count}
            ) from error
        return source


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp kịch bản (.yaml)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError(_("Chỉ nhận tệp .yaml hoặc .yml."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 200 KB)."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("Tệp phải được lưu với bảng mã UTF-8.")
            ) from error
