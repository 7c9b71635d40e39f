from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from sandbox.forms import pick_trainee_groups
from sandbox.models import Commune
from sandbox.operations.models import Cohort


class EnrolCommunesForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Khóa học được ghi danh"),
        queryset=CoursePage.objects.none(),
        empty_label=None,
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Xã, phường có cán bộ được ghi danh"),
        queryset=Commune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mọi học viên của các xã, phường đã chọn sẽ được ghi danh."),
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Nhóm cán bộ được ghi danh"),
        queryset=Cohort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Mọi thành viên hiện tại của các nhóm đã chọn sẽ được ghi danh."),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")
        # Only the actor's province, and only communes that have trainees to enrol.
        pick_trainee_groups(self, province)

    def clean(self):
        data = super().clean()
        if not data.get("communes") and not data.get("cohorts"):
            raise forms.ValidationError(
                _("Hãy chọn ít nhất một xã, phường hoặc một nhóm cán bộ.")
            )
        return data
