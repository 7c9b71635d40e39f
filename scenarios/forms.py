"""Authoring forms (the YAML text, validated with line numbers, and a file to import)
and the form that opens a trainer-led session."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sandbox.forms import pick_trainee_groups
from sandbox.models import Commune
from sandbox.operations.models import Cohort
from scenarios import actions, sessions
from scenarios.models import Attempt, Scenario
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


class SessionForm(forms.Form):
    """A trainer-led session: the scenario and the trainees, picked as in enrolment."""

    title = forms.CharField(label=_("Tên buổi học"), max_length=200)
    scenario = forms.ModelChoiceField(
        label=_("Kịch bản"), queryset=Scenario.objects.none()
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Xã, phường có học viên tham gia"),
        queryset=Commune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mọi học viên của các xã, phường đã chọn vào buổi học."),
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Nhóm cán bộ tham gia"),
        queryset=Cohort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Các thành viên là học viên của các nhóm đã chọn vào buổi học."),
    )
    # One token per page shown: a double click or a resent page opens the session once.
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["token"].initial = uuid.uuid4().hex
        published = Scenario.objects.published().with_current().order_by("title")
        self.fields["scenario"].queryset = published.filter(
            pk__in=[
                s.pk
                for s in published
                if s.current and actions.allows(s.current, Attempt.Mode.SESSION)
            ]
        )
        pick_trainee_groups(self, province)

    def clean(self):
        data = super().clean()
        if not data.get("communes") and not data.get("cohorts"):
            raise forms.ValidationError(
                _("Hãy chọn ít nhất một xã, phường hoặc một nhóm cán bộ.")
            )
        self.trainees = list(
            sessions.trainees_in(
                self.province,
                communes=data.get("communes", ()),
                cohorts=data.get("cohorts", ()),
            )
        )
        if not self.trainees:
            raise forms.ValidationError(
                _("Các xã, phường và nhóm đã chọn không có học viên nào.")
            )
        return data
