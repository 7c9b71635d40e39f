"""Forms of the drill pages: schedule, teams and members, announcements, injects, surges."""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fake_portal.catalogue import load_catalogue
from sandbox.collation import vietnamese
from sandbox.models import Commune, Position, Role, World
from sandbox.operations.models import Cohort
from scenarios.drills.actions.injects import FAULTS, MAX_SURGE
from scenarios.drills.models import POSITIONS, DrillInject

POSITION_CHOICES = [(p, Position(p).label) for p in POSITIONS]
# How far from today a drill may be scheduled: a wrong year is a typing slip, and a date
# outside the calendar's range would break the clock arithmetic.
SCHEDULE_AHEAD = timedelta(days=366)


def procedure_choices():
    return [(p.code, f"{p.code} – {p.name_vi}") for p in load_catalogue().procedures]


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Tên buổi diễn tập"), max_length=200)
    versions = forms.MultipleChoiceField(
        label=_("Kịch bản"), widget=forms.CheckboxSelectMultiple
    )
    world = forms.ModelChoiceField(
        label=_("Thế giới mô phỏng"), queryset=World.objects.none()
    )
    start_at = forms.DateTimeField(
        label=_("Giờ bắt đầu"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    speed = forms.FloatField(
        label=_("Tốc độ đồng hồ (giây mô phỏng mỗi giây thực)"),
        initial=60,
        min_value=0.1,
        max_value=3600,
    )
    admission_rate = forms.FloatField(
        label=_("Số người được vào mỗi giây"),
        initial=20,
        min_value=0.1,
        max_value=10000,
    )
    wave_size = forms.IntegerField(
        label=_("Số người mỗi đợt vào"), initial=20, min_value=1, max_value=10000
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Các xã, phường tham gia"),
        queryset=Commune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    enrol = forms.BooleanField(
        label=_("Đưa ngay cán bộ của các xã đã chọn vào đội theo chức danh của họ"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, province=None, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.version_objects = {str(v.pk): v for v in versions}
        self.fields["versions"].choices = [
            (str(v.pk), f"{v.scenario.title} (v{v.number})") for v in versions
        ]
        self.fields["world"].queryset = World.objects.filter(
            province=province, status=World.Status.READY
        )
        self.fields["world"].initial = self.fields["world"].queryset.first()
        self.fields["communes"].queryset = (
            Commune.objects.filter(province=province)
            .select_related("province")
            .order_by(vietnamese("name"))
        )
        self.fields["start_at"].initial = timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"
        )

    def clean_start_at(self):
        start_at = self.cleaned_data["start_at"]
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        if start_at < today:
            raise forms.ValidationError(_("Giờ bắt đầu không được ở trong quá khứ."))
        if start_at > today + SCHEDULE_AHEAD:
            raise forms.ValidationError(
                _("Chỉ lên lịch diễn tập trong vòng một năm tới.")
            )
        return start_at

    def chosen_versions(self):
        return [self.version_objects[pk] for pk in self.cleaned_data["versions"]]


class TeamForm(forms.Form):
    commune = forms.ModelChoiceField(
        label=_("Xã, phường"), queryset=Commune.objects.none()
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            Commune.objects.filter(province=province)
            .select_related("province")  # each choice names it
            .order_by(vietnamese("name"))
        )


class CohortForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Nhóm cán bộ"), queryset=Cohort.objects.none()
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.in_province(province).order_by(
            "name"
        )


class AssignForm(forms.Form):
    user = forms.ChoiceField(label=_("Cán bộ"))
    positions = forms.MultipleChoiceField(
        label=_("Vị trí"), choices=POSITION_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, team=None, officials=None, **kwargs):
        """`officials`: the commune's trainee profiles when the caller read them already
        (the control room reads a whole page of communes at once)."""
        super().__init__(*args, **kwargs)
        from sandbox.models import Profile

        if officials is None:
            officials = Profile.objects.filter(
                commune=team.commune, role=Role.TRAINEE
            ).order_by("full_name")
            officials = list(officials.select_related("user"))
        self.users = {str(p.user_id): p.user for p in officials}
        self.fields["user"].choices = [
            (str(p.user_id), f"{p.full_name} – {p.get_position_display()}")
            for p in officials
        ]


class OnceForm(forms.Form):
    """A form acted on once: each page carries a fresh token, and a double click or a
    resent page repeats it (the action then returns what the first submission did)."""

    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4().hex


class StartForm(OnceForm):
    """The start, with the teams not ready that the coordinator agrees to start without."""

    confirm = forms.BooleanField(
        label=_("Vẫn bắt đầu mà không chờ các đội chưa sẵn sàng"), required=False
    )
    start_without = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, drill=None, not_ready=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_without"].choices = [
            (pk, pk) for pk in drill.teams.values_list("pk", flat=True)
        ]
        self.fields["start_without"].initial = [t.id for t in not_ready]

    def agreed(self) -> list[int]:
        """The teams confirmed to start without (none unless the box is ticked)."""
        data = self.cleaned_data
        return data["start_without"] if data["confirm"] else []


class AnnouncementForm(OnceForm):
    message = forms.CharField(
        label=_("Nội dung thông báo"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _team_choices(drill):
    return [(str(t.pk), t.commune.name) for t in drill.teams.select_related("commune")]


class InjectForm(OnceForm):
    kind = forms.ChoiceField(
        label=_("Loại tình huống"),
        choices=[
            (k, label)
            for k, label in DrillInject.Kind.choices
            if k != DrillInject.Kind.SURGE
        ],
    )
    fault = forms.ChoiceField(
        label=_("Sự cố chữ ký số"),
        required=False,
        choices=[(f, f) for f in sorted(FAULTS)],
    )
    procedure = forms.ChoiceField(label=_("Thủ tục (hồ sơ mới)"), required=False)
    message = forms.CharField(
        label=_("Thông báo kèm theo"), required=False, max_length=500
    )
    teams = forms.MultipleChoiceField(
        label=_("Gửi đến (để trống: tất cả các xã)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, drill=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fake_portal.signatures.models import SignatureFault

        self.fields["fault"].choices = SignatureFault.Kind.choices
        self.fields["procedure"].choices = procedure_choices()
        self.fields["teams"].choices = _team_choices(drill)

    def clean(self):
        data = super().clean()
        if data.get("kind") == DrillInject.Kind.NEW_DOSSIER and not data.get(
            "procedure"
        ):
            self.add_error("procedure", _("Chọn thủ tục của hồ sơ mới."))
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        if data["kind"] == DrillInject.Kind.NEW_DOSSIER:
            return {"procedure": data["procedure"], "count": 1, "minutes": 0}
        if data["kind"] in (
            DrillInject.Kind.TOKEN_FAILURE,
            DrillInject.Kind.CLEAR_TOKEN_FAILURE,
        ):
            return {"fault": data["fault"] or "token_missing"}
        return {}


class SurgeForm(OnceForm):
    procedure = forms.ChoiceField(label=_("Thủ tục"))
    count = forms.IntegerField(
        label=_("Số hồ sơ mỗi xã"), min_value=1, max_value=MAX_SURGE, initial=100
    )
    minutes = forms.FloatField(
        label=_("Trong khoảng (phút mô phỏng)"),
        min_value=1,
        max_value=60 * 24 * 5,
        initial=240,
    )
    message = forms.CharField(
        label=_("Thông báo kèm theo"), required=False, max_length=500
    )
    teams = forms.MultipleChoiceField(
        label=_("Các xã nhận (để trống: tất cả)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, drill=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedure_choices()
        self.fields["procedure"].initial = "1.001193"
        self.fields["teams"].choices = _team_choices(drill)
