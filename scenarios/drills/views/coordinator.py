"""The coordinator's pages: drill list, schedule form, control room, lobby, live state."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sandbox.models import Profile, Role
from scenarios.drills import actions, integration
from scenarios.drills.actions.teams import default_positions
from scenarios.drills.attendance import attendance
from scenarios.drills.broadcast import encode
from scenarios.drills.dashboard import compute
from scenarios.drills.forms import (
    AnnouncementForm,
    AssignForm,
    CohortForm,
    InjectForm,
    ScheduleForm,
    StartForm,
    SurgeForm,
    TeamForm,
)
from scenarios.drills.models import Drill, DrillTeam
from scenarios.drills.permissions import may_control, may_run_drills

PARTICIPANTS_PER_PAGE = 50  # the lobby: a province drill has thousands
TEAMS_PER_PAGE = 20  # the control room: each team carries its members and a form

COMMANDS = {
    "open_lobby": (
        actions.open_lobby,
        gettext_lazy("Đã mở phòng chờ; đang chuẩn bị sa bàn cho các đội."),
    ),
    "pause": (actions.pause_drill, gettext_lazy("Đã tạm dừng đồng hồ của mọi đội.")),
    "resume": (actions.resume_drill, gettext_lazy("Đồng hồ của mọi đội đã chạy tiếp.")),
    "end": (
        actions.end_drill,
        gettext_lazy("Buổi diễn tập đã kết thúc; kết quả đã được chấm."),
    ),
}


def _province(request):
    profile = getattr(request.user, "profile", None)
    if profile is None or not may_run_drills(request.user, profile.province):
        raise PermissionDenied(_("Chỉ điều phối viên cấp tỉnh mới tổ chức diễn tập."))
    return profile.province


def controlled_drill(request, pk) -> Drill:
    drill = get_object_or_404(Drill.objects.select_related("province", "world"), pk=pk)
    if not may_control(request.user, drill):
        raise PermissionDenied(_("Bạn không điều phối buổi diễn tập này."))
    return drill


@login_required
def drill_list(request):
    province = _province(request)
    drills = Drill.objects.in_province(province).prefetch_related("versions__scenario")
    return render(request, "drills/drill_list.html", {"drills": drills[:100]})


def _enrol_officials(drill, teams, actor) -> int:
    officials = Profile.objects.filter(
        commune__in=[t.commune for t in teams], role=Role.TRAINEE
    ).select_related("user")
    by_commune = {t.commune_id: t for t in teams}
    count = 0
    for profile in officials:
        actions.assign_participant(
            by_commune[profile.commune_id],
            profile.user,
            default_positions(profile),
            actor=actor,
        )
        count += 1
    return count


@transaction.atomic
def _schedule(form, province, actor) -> Drill:
    data = form.cleaned_data
    drill = actions.schedule_drill(
        province=province,
        title=data["title"],
        versions=form.chosen_versions(),
        world=data["world"],
        start_at=data["start_at"],
        speed=data["speed"],
        admission_rate=data["admission_rate"],
        wave_size=data["wave_size"],
        actor=actor,
    )
    teams = [actions.add_team(drill, c, actor=actor) for c in data["communes"]]
    if data["enrol"]:
        _enrol_officials(drill, teams, actor)
    return drill


@login_required
def drill_schedule(request):
    province = _province(request)
    versions = integration.drill_versions()
    form = ScheduleForm(request.POST or None, province=province, versions=versions)
    if request.method == "POST" and form.is_valid():
        try:
            drill = _schedule(form, province, request.user)
        except actions.DrillError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lên lịch buổi diễn tập."))
            return redirect("drills:control", pk=drill.pk)
    return render(
        request, "drills/drill_schedule.html", {"form": form, "versions": versions}
    )


def _officials(teams) -> dict:
    """{commune pk: trainee profiles} for the teams of one page, in one query."""
    found = defaultdict(list)
    profiles = Profile.objects.filter(
        commune__in=[t.commune_id for t in teams], role=Role.TRAINEE
    )
    for profile in profiles.select_related("user").order_by("full_name"):
        found[profile.commune_id].append(profile)
    return found


def _team_rows(drill, page_number):
    """One page of the teams table, each team with its assignment form."""
    teams = drill.teams.select_related("commune", "version__scenario").prefetch_related(
        "participants__user__profile"
    )
    page = Paginator(teams, TEAMS_PER_PAGE).get_page(page_number)
    officials = _officials(page.object_list)
    page.object_list = [
        (
            team,
            AssignForm(
                team=team,
                officials=officials[team.commune_id],
                prefix=f"team{team.pk}",
            ),
        )
        for team in page.object_list
    ]
    return page


def _log(drill, limit=10) -> list[dict]:
    """Announcements and injects, newest first, in one list as the live log shows them."""
    entries = [
        {"at": a.created_at, "label": _("Thông báo"), "message": a.message}
        for a in drill.announcements.all()[:limit]
    ] + [
        {
            "at": i.fired_at,
            "label": i.get_kind_display(),
            "message": i.message,
            "inject": True,
        }
        for i in drill.injects.all()[:limit]
    ]
    return sorted(entries, key=lambda e: e["at"], reverse=True)[:limit]


def _lobby_context(drill) -> dict:
    """Who is in the lobby, and the start form, while the lobby is open."""
    if drill.status != Drill.Status.LOBBY:
        return {}
    roll = attendance(drill)
    return {
        "attendance": roll,
        "start_form": StartForm(drill=drill, not_ready=roll.not_ready, prefix="start"),
    }


@login_required
def drill_control(request, pk):
    drill = controlled_drill(request, pk)
    prepared, total = actions.prepared_counts(drill)
    return render(
        request,
        "drills/drill_control.html",
        {
            **_lobby_context(drill),
            "drill": drill,
            "teams": _team_rows(drill, request.GET.get("trang")),
            "prepared": prepared,
            "total": total,
            "team_form": TeamForm(province=drill.province),
            "cohort_form": CohortForm(province=drill.province),
            "announcement_form": AnnouncementForm(),
            "inject_form": InjectForm(drill=drill),
            "surge_form": SurgeForm(drill=drill),
            "log": _log(drill),
            "state": compute(drill),
        },
    )


def _control_url(drill, request) -> str:
    """The control room, on the page of the teams table the form was posted from."""
    url = reverse("drills:control", args=[drill.pk])
    page = request.POST.get("trang", "")
    return f"{url}?trang={page}#teams-title" if page.isdigit() else url


def _run(request, drill, fn, success):
    try:
        fn(drill, actor=request.user)
    except actions.DrillError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_control_url(drill, request))


def _start(request, drill):
    """The start: refused, with what is missing, while no team is ready; while some are
    not, only once the coordinator has confirmed starting without them."""
    form = StartForm(request.POST, drill=drill, prefix="start")
    if not form.is_valid():
        messages.error(
            request, _("Xác nhận bắt đầu không hợp lệ; xin xem lại các đội.")
        )
        return redirect("drills:control", pk=drill.pk)
    try:
        actions.start_drill(
            drill,
            actor=request.user,
            start_without=form.agreed(),
            token=form.cleaned_data["token"],
        )
    except actions.TeamsNotReady as error:
        messages.warning(request, error.message)
        return redirect(reverse("drills:control", args=[drill.pk]) + "#start-title")
    except actions.DrillError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Buổi diễn tập đã bắt đầu."))
    return redirect("drills:control", pk=drill.pk)


@login_required
@require_POST
def drill_command(request, pk):
    drill = controlled_drill(request, pk)
    if request.POST.get("command") == "start":
        return _start(request, drill)
    command = COMMANDS.get(request.POST.get("command"))
    if command is None:
        messages.error(request, _("Lệnh điều khiển không hợp lệ."))
        return redirect("drills:control", pk=drill.pk)
    return _run(request, drill, *command)


@login_required
@require_POST
def drill_announce(request, pk):
    drill = controlled_drill(request, pk)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nội dung thông báo không được để trống."))
        return redirect("drills:control", pk=drill.pk)
    data = form.cleaned_data
    return _run(
        request,
        drill,
        _announce(data["message"], data["token"]),
        _("Đã gửi thông báo."),
    )


def _announce(message, token):
    return lambda drill, actor: actions.announce(
        drill, message, actor=actor, token=token
    )


@login_required
@require_POST
def drill_inject(request, pk):
    drill = controlled_drill(request, pk)
    form = InjectForm(request.POST, drill=drill)
    if not form.is_valid():
        messages.error(request, _("Thông tin tình huống chưa hợp lệ."))
        return redirect("drills:control", pk=drill.pk)
    data = form.cleaned_data

    def fire(drill, actor):
        return actions.fire_inject(
            drill,
            data["kind"],
            teams=[int(t) for t in data["teams"]] or None,
            params=form.params(),
            message=data["message"],
            actor=actor,
            token=data["token"],
        )

    return _run(request, drill, fire, _("Đã phát tình huống."))


@login_required
@require_POST
def drill_surge(request, pk):
    drill = controlled_drill(request, pk)
    form = SurgeForm(request.POST, drill=drill)
    if not form.is_valid():
        messages.error(request, _("Thông tin làn sóng hồ sơ chưa hợp lệ."))
        return redirect("drills:control", pk=drill.pk)
    data = form.cleaned_data

    def surge(drill, actor):
        return actions.unleash_surge(
            drill,
            procedure=data["procedure"],
            count=data["count"],
            minutes=data["minutes"],
            teams=[int(t) for t in data["teams"]] or None,
            message=data["message"],
            actor=actor,
            token=data["token"],
        )

    return _run(request, drill, surge, _("Đã phát làn sóng hồ sơ."))


def _add_chosen(request, pk, form_class, field, add, invalid, done):
    """Add the province unit or group chosen in `form_class`'s `field` with `add`."""
    drill = controlled_drill(request, pk)
    form = form_class(request.POST, province=drill.province)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("drills:control", pk=drill.pk)
    chosen = form.cleaned_data[field]
    return _run(
        request,
        drill,
        lambda d, actor: add(d, chosen, actor=actor),
        done % {"name": chosen.name},
    )


@login_required
@require_POST
def drill_add_team(request, pk):
    return _add_chosen(
        request,
        pk,
        TeamForm,
        "commune",
        actions.add_team,
        _("Xin chọn một xã, phường của tỉnh."),
        _("Đã thêm đội của %(name)s."),
    )


@login_required
@require_POST
def drill_add_cohort(request, pk):
    return _add_chosen(
        request,
        pk,
        CohortForm,
        "cohort",
        actions.add_cohort,
        _("Xin chọn một nhóm cán bộ của tỉnh."),
        _("Đã đưa các thành viên của nhóm “%(name)s” vào đội của xã, phường mình."),
    )


@login_required
@require_POST
def drill_assign(request, pk, team):
    drill = controlled_drill(request, pk)
    team = get_object_or_404(
        DrillTeam.objects.select_related("commune"), pk=team, drill=drill
    )
    form = AssignForm(request.POST, team=team, prefix=f"team{team.pk}")
    if not form.is_valid():
        messages.error(request, _("Xin chọn cán bộ và ít nhất một vị trí."))
        return redirect(_control_url(drill, request))
    user = form.users[form.cleaned_data["user"]]
    positions = form.cleaned_data["positions"]
    return _run(
        request,
        drill,
        lambda d, actor: actions.assign_participant(team, user, positions, actor=actor),
        _("Đã đưa cán bộ vào đội."),
    )


@login_required
def drill_lobby(request, pk):
    drill = controlled_drill(request, pk)
    participants = drill.participants.select_related(
        "user__profile", "team__commune"
    ).order_by("team__commune__name", "user__profile__full_name", "pk")
    page = Paginator(participants, PARTICIPANTS_PER_PAGE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "drills/drill_lobby.html",
        {
            **_lobby_context(drill),
            "drill": drill,
            "participants": page,
            "state": compute(drill),
        },
    )


@login_required
def drill_state(request, pk):
    """The dashboard state as JSON: what the socket sends, for a page without WebSocket."""
    drill = controlled_drill(request, pk)
    return HttpResponse(encode(compute(drill)), content_type="application/json")
