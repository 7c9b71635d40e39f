"""Forms of the back office: one per workflow action, each carrying the dossier version seen."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fake_portal.catalogue import load_catalogue
from fake_portal.models import Channel

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, dossier=None, **kwargs):
        self.dossier = dossier
        super().__init__(*args, **kwargs)


class ReceiveForm(ActionForm):
    pass


class RefuseForm(ActionForm):
    reasons = forms.CharField(label=_("Lý do từ chối"), widget=TEXTAREA)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=500)


class SupplementForm(ActionForm):
    documents = forms.MultipleChoiceField(
        label=_("Giấy tờ cần bổ sung (theo danh mục thủ tục)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=_("Nội dung khác cần bổ sung, hoàn thiện (mỗi dòng một nội dung)"),
        required=False,
        widget=TEXTAREA,
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=500)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        docs = dossier.procedure.required_documents if dossier else ()
        self.fields["documents"].choices = [(d.key, d.name_vi) for d in docs]

    def items(self):
        names = dict(self.fields["documents"].choices)
        reason = self.cleaned_data["reason"]
        chosen = [
            {"key": k, "name": names[k], "reason": reason}
            for k in self.cleaned_data["documents"]
        ]
        extra = [
            line.strip()
            for line in self.cleaned_data["other"].splitlines()
            if line.strip()
        ]
        return chosen + [{"key": "", "name": line, "reason": reason} for line in extra]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("documents") and not (cleaned.get("other") or "").strip():
            raise forms.ValidationError(
                _("Chọn hoặc ghi ít nhất một nội dung cần bổ sung.")
            )
        return cleaned


class AssignForm(ActionForm):
    specialist = forms.ChoiceField(label=_("Chuyên viên xử lý"))

    def __init__(self, *args, specialists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.specialists = {str(u.pk): u for u in specialists}
        self.fields["specialist"].choices = [
            (u.pk, u.profile.full_name) for u in specialists
        ]

    def chosen_specialist(self):
        """The specialist picked, as read for the choices (with their profile)."""
        return self.specialists[self.cleaned_data["specialist"]]


class AppraiseForm(ActionForm):
    opinion = forms.CharField(label=_("Ý kiến thẩm định, đề xuất"), widget=TEXTAREA)


class TransferForm(ActionForm):
    agency = forms.ChoiceField(label=_("Chuyển đến"))
    note = forms.CharField(label=_("Nội dung chuyển"), required=False, widget=TEXTAREA)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, dossier=dossier, **kwargs)
        choices = [
            (a.code, a.name_vi)
            for a in load_catalogue().agencies
            if a.code != "commune_people_committee"
        ]
        if (
            dossier
            and dossier.competent_commune_id
            and dossier.competent_commune_id != dossier.receiving_commune_id
        ):
            unit = dossier.competent_commune
            choices.insert(
                0,
                (
                    f"commune:{unit.pk}",
                    _("UBND %(name)s (đơn vị có thẩm quyền)") % {"name": unit.name},
                ),
            )
        self.fields["agency"].choices = choices


class SendBackForm(ActionForm):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=TEXTAREA)


class ApproveForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Cách ký"),
        choices=[
            ("token", _("USB Token (nhập mã PIN)")),
            ("remote", _("Ký số từ xa (xác nhận trên thiết bị thứ hai)")),
        ],
        widget=forms.RadioSelect,
        initial="token",
    )
    pin = forms.CharField(
        label=_("Mã PIN của USB Token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        max_length=16,
    )

    def clean(self):
        data = super().clean()
        # A blank PIN is a slip of the form, not a try on the token: nothing is signed and
        # no failed signing is logged.
        if data.get("method") == "token" and not data.get("pin"):
            self.add_error("pin", _("Nhập mã PIN của USB Token để ký số."))
        return data


class PaymentRequestForm(ActionForm):
    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"), min_value=1, max_value=1_000_000_000
    )


class ReturnResultForm(ActionForm):
    channel = forms.TypedChoiceField(
        label=_("Hình thức trả"), choices=Channel.choices, coerce=int
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The result goes back the way the dossier came, unless the officer changes it.
        if self.dossier is not None:
            self.fields["channel"].initial = self.dossier.channel


class StopForm(ActionForm):
    reason = forms.CharField(label=_("Lý do dừng xử lý"), widget=TEXTAREA)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=500)


class ApologiseForm(ActionForm):
    reason = forms.CharField(label=_("Lý do chậm trễ"), widget=TEXTAREA)
    new_due_at = forms.DateTimeField(
        label=_("Ngày giờ hẹn trả mới"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


ACTION_FORMS = {
    "receive": ReceiveForm,
    "refuse": RefuseForm,
    "request_supplement": SupplementForm,
    "assign": AssignForm,
    "appraise": AppraiseForm,
    "transfer": TransferForm,
    "send_back": SendBackForm,
    "approve": ApproveForm,
    "request_payment": PaymentRequestForm,
    "return_result": ReturnResultForm,
    "stop": StopForm,
    "apologise": ApologiseForm,
}
