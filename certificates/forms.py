import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from certificates import serials
from certificates.models import IssuingRule
from certificates.procedures import lookup
from sandbox.forms import pick_trainee_groups
from sandbox.models import Commune, Role
from sandbox.operations.models import Cohort


class SerialForm(forms.Form):
    so = forms.CharField(
        label=_("Số hiệu chứng chỉ"),
        max_length=40,
        help_text=_("In ở góc dưới bên phải chứng chỉ, ví dụ SB-2026-7K3Q-M9XD-R."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Hãy nhập số hiệu chứng chỉ.")},
    )

    def clean_so(self):
        serial = serials.normalise(self.cleaned_data["so"])
        if serial is None:
            raise forms.ValidationError(
                _(
                    "Số hiệu không hợp lệ: sai định dạng hoặc sai ký tự kiểm tra. "
                    "Hãy kiểm tra lại từng ký tự."
                )
            )
        return serial


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("Tệp PDF chứng chỉ"),
        help_text=_("Tối đa 20 MB. Tệp không được lưu lại trên hệ thống."),
        allow_empty_file=True,
        error_messages={"required": _("Hãy chọn tệp PDF cần kiểm tra.")},
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        min_length=5,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lý do được hiển thị công khai trên trang kiểm tra chứng chỉ."),
        error_messages={
            "required": _("Xin nêu rõ lý do thu hồi."),
            "min_length": _("Xin nêu rõ lý do thu hồi."),
        },
    )


class ReissueForm(forms.Form):
    recipient_name = forms.CharField(
        label=_("Họ và tên đúng"),
        max_length=150,
        help_text=_(
            "Chứng chỉ mới mang số hiệu mới; chứng chỉ cũ bị thu hồi với lý do "
            "“cấp lại do đính chính họ tên”."
        ),
        error_messages={"required": _("Xin nhập họ và tên đúng.")},
    )


_LINE = re.compile(
    r"^\s*(?P<username>[\w.@+-]+)(?:[\s,;:]+(?P<score>\d+(?:[.,]\d+)?))?\s*$"
)


class BulkIssueForm(forms.Form):
    rule = forms.ModelChoiceField(
        label=_("Quy tắc cấp"),
        queryset=IssuingRule.objects.none(),
        empty_label=None,
        help_text=_("Quy tắc quyết định mẫu chứng chỉ và điểm tối thiểu."),
    )
    reference = forms.SlugField(
        label=_("Mã khóa học, kịch bản hoặc buổi diễn tập"),
        required=False,
        help_text=_(
            "Chỉ cần khi quy tắc áp dụng cho mọi khóa học (kịch bản) cùng loại."
        ),
    )
    title = forms.CharField(label=_("Tên thành tích in trên chứng chỉ"), max_length=255)
    procedures = forms.CharField(
        label=_("Mã thủ tục hành chính đã học"),
        required=False,
        help_text=_("Các mã cách nhau bởi dấu phẩy, ví dụ 1.001193, 2.000986."),
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Mọi học viên của các xã, phường"),
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cohorts = forms.ModelMultipleChoiceField(
        label=_("Mọi thành viên của các nhóm cán bộ"),
        queryset=Cohort.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.CharField(
        label=_("Hoặc danh sách người tham gia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Mỗi dòng một tên đăng nhập, có thể kèm điểm (%), ví dụ: tiepnhan1 85."
        ),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["rule"].queryset = IssuingRule.objects.active().select_related(
            "template"
        )
        pick_trainee_groups(self, province)

    def clean_procedures(self):
        codes = [c.strip() for c in self.cleaned_data["procedures"].split(",")]
        codes = [c for c in codes if c]
        unknown = [c for c in codes if lookup(c) is None]
        if unknown:
            raise forms.ValidationError(
                _("Không có trong danh mục thủ tục: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            )
        return codes

    def clean_participants(self):
        """{username: score or None}, refusing lines that are not "name [score]"."""
        found, bad = {}, []
        for number, line in enumerate(
            self.cleaned_data["participants"].splitlines(), 1
        ):
            if not line.strip():
                continue
            match = _LINE.match(line)
            if not match:
                bad.append(str(number))
                continue
            score = match["score"]
            found[match["username"]] = float(score.replace(",", ".")) if score else None
        if bad:
            raise forms.ValidationError(
                _("Dòng %(lines)s không đúng dạng “tên đăng nhập [điểm]”.")
                % {"lines": ", ".join(bad)}
            )
        if any(s is not None and not 0 <= s <= 100 for s in found.values()):
            raise forms.ValidationError(_("Điểm phải từ 0 đến 100."))
        return found

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        if rule and not rule.reference and not data.get("reference"):
            self.add_error(
                "reference",
                _(
                    "Quy tắc này không gắn với một khóa học, kịch bản hay buổi diễn "
                    "tập cụ thể: hãy nhập mã."
                ),
            )
        if not any(data.get(f) for f in ("communes", "cohorts", "participants")):
            raise forms.ValidationError(
                _(
                    "Hãy chọn xã, phường, nhóm cán bộ hoặc nhập danh sách người tham gia."
                )
            )
        return data

    def recipients(self) -> tuple[list[int], dict, list[str]]:
        """(user ids, {user id: score}, unknown user names) of the chosen cohort."""
        users = get_user_model().objects.filter(is_active=True)
        ids = list(
            users.filter(
                profile__commune__in=self.cleaned_data["communes"],
                profile__role=Role.TRAINEE,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for cohort in self.cleaned_data["cohorts"]:
            ids += list(cohort.members().values_list("pk", flat=True))
        named = self.cleaned_data["participants"]
        by_name = dict(
            users.filter(username__in=list(named)).values_list("username", "pk")
        )
        scores = {
            by_name[n]: s for n, s in named.items() if n in by_name and s is not None
        }
        ids += [by_name[n] for n in named if n in by_name]
        unknown = [n for n in named if n not in by_name]
        return list(dict.fromkeys(ids)), scores, unknown
