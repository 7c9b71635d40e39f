"""What the control room posts: the drill's life (open, start, pause, resume, end),
announcements, injects and surges. Each calls one action, then goes back to the room."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scenarios.drills import actions
from scenarios.drills.forms import AnnouncementForm, InjectForm, StartForm, SurgeForm
from scenarios.drills.views.coordinator.common import controlled_drill, run_action

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
    return run_action(request, drill, *command)


@login_required
@require_POST
def drill_announce(request, pk):
    drill = controlled_drill(request, pk)
    form = AnnouncementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nội dung thông báo không được để trống."))
        return redirect("drills:control", pk=drill.pk)
    data = form.cleaned_data
    return run_action(
        request,
        drill,
        _announce(data["message"], data["token"]),
        _("Đã gửi thông báo."),
    )


def _refused(request, drill, form, text):
    """Back to the control room, saying what was wrong in the form (nothing was fired)."""
    problems = [error for errors in form.errors.values() for error in errors]
    messages.error(request, " ".join([text, *problems]))
    return redirect("drills:control", pk=drill.pk)


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
        return _refused(request, drill, form, _("Thông tin tình huống chưa hợp lệ."))
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

    return run_action(request, drill, fire, _("Đã phát tình huống."))


@login_required
@require_POST
def drill_surge(request, pk):
    drill = controlled_drill(request, pk)
    form = SurgeForm(request.POST, drill=drill)
    if not form.is_valid():
        return _refused(
            request, drill, form, _("Thông tin làn sóng hồ sơ chưa hợp lệ.")
        )
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

    return run_action(request, drill, surge, _("Đã phát làn sóng hồ sơ."))
