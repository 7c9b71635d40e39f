"""Trainer-led sessions: the trainer's list and start form, the board, its controls."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sandbox.collation import vietnamese
from scenarios import actions, sessions
from scenarios.forms import SessionForm
from scenarios.models import Session
from scenarios.views.trainee import CLOCK_STEPS


@login_required
def session_list(request):
    province = sessions.session_province(request.user)
    if province is None:
        raise PermissionDenied
    form = SessionForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = sessions.start_session(
                data["scenario"].current,
                trainees=form.trainees,
                actor=request.user,
                title=data["title"],
                token=data["token"],
            )
        except actions.AttemptError as error:
            form.add_error(None, str(error))
        else:
            count = session.attempts.count()
            messages.success(
                request,
                ngettext(
                    "Đã mở buổi học với %(count)s học viên.",
                    "Đã mở buổi học với %(count)s học viên.",
                    count,
                )
                % {"count": count},
            )
            return redirect(session)
    listing = (
        Session.objects.run_by(request.user)
        .select_related("version__scenario")
        .annotate(trainees=Count("attempts"))
    )
    return render(
        request,
        "scenarios/session_list.html",
        {"form": form, "sessions": listing, "province": province},
    )


def _own_session(request, pk) -> Session:
    """The session if the user runs it (404 for anyone else, trainees included)."""
    session = get_object_or_404(
        Session.objects.select_related("version__scenario", "trainer__profile"), pk=pk
    )
    if session.trainer_id != request.user.pk:
        raise Http404
    return session


@login_required
def session_board(request, pk):
    session = _own_session(request, pk)
    attempts = list(
        session.attempts.with_dossier_counts()
        .select_related("user__profile", "sandbox__commune")
        .order_by(vietnamese("user__profile__full_name"), "pk")
    )
    for attempt in attempts:
        attempt.now = attempt.sandbox.now()
        attempt.time_up = attempt.is_running and attempt.now >= attempt.ends_at
    running = [a for a in attempts if a.is_running]
    return render(
        request,
        "scenarios/session_board.html",
        {
            "session": session,
            "attempts": attempts,
            "running": len(running),
            "all_paused": bool(running) and all(a.sandbox.paused for a in running),
            "any_paused": any(a.sandbox.paused for a in running),
        },
    )


@login_required
@require_POST
def session_clock(request, pk):
    session = _own_session(request, pk)
    step = request.POST.get("step", "")
    try:
        if step in ("pause", "resume"):
            changed = sessions.set_session_paused(
                session, step == "pause", actor=request.user
            )
            done = (
                _("Đã tạm dừng đồng hồ của %(count)s lượt làm bài.")
                if step == "pause"
                else _("Đã cho chạy tiếp đồng hồ của %(count)s lượt làm bài.")
            )
        elif step in CLOCK_STEPS or step == "morning":
            changed = sessions.advance_session_clock(
                session, CLOCK_STEPS.get(step), actor=request.user
            )
            done = _("Đã tua đồng hồ của %(count)s lượt làm bài.")
        else:
            raise Http404
    except actions.AttemptError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"count": len(changed)})
    return redirect(session)


@login_required
@require_POST
def session_end(request, pk):
    session = _own_session(request, pk)
    if not session.is_running:
        messages.info(request, _("Buổi học đã kết thúc từ trước."))
    elif not request.POST.get("confirm"):
        messages.error(request, _("Hãy đánh dấu xác nhận trước khi kết thúc buổi học."))
    else:
        try:
            sessions.end_session(session, actor=request.user)
        except actions.AttemptError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã kết thúc buổi học; mọi lượt làm bài đã được nộp và chấm điểm."),
            )
    return redirect(session)
