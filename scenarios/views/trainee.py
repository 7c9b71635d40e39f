"""Trainees' pages: the library, a scenario's briefing and start, the running attempt, results."""

from datetime import timedelta

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenarios import actions
from scenarios.events import events_for
from scenarios.models import Attempt, AttemptDossier, Scenario
from scenarios.planning import DEFAULT_DURATION
from scenarios.presenters import timeline_rows
from scenarios.scoring.texts import labels_of
from scenarios.spec import parse_span
from scenarios.views.common import attempt_for


@login_required
def library(request):
    scenarios = [
        scenario
        for scenario in Scenario.objects.published().with_current().order_by("title")
        if scenario.current and actions.allows(scenario.current, Attempt.Mode.PRACTICE)
    ]
    attempts = (
        Attempt.objects.for_user(request.user)
        .select_related("version__scenario")
        .order_by("-started_at")[:20]
    )
    return render(
        request,
        "scenarios/library.html",
        {"scenarios": scenarios, "attempts": attempts},
    )


def _playable(slug, user):
    scenario = get_object_or_404(Scenario.objects.with_current(), slug=slug)
    if scenario.current is None:
        raise Http404
    open_to_trainees = scenario.status == Scenario.Status.PUBLISHED and actions.allows(
        scenario.current, Attempt.Mode.PRACTICE
    )
    if not open_to_trainees and not user.has_perm("sandbox.author_scenarios"):
        raise Http404
    return scenario


@login_required
def start(request, slug):
    scenario = _playable(slug, request.user)
    running = (
        Attempt.objects.for_user(request.user).running().of_scenario(scenario).first()
    )
    if request.method == "POST":
        if running is not None:
            messages.info(request, _("Bạn đang có một lượt làm dở của kịch bản này."))
            return redirect("scenarios:attempt", pk=running.pk)
        try:
            attempt = actions.start_attempt(scenario.current, user=request.user)
        except actions.AttemptError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã mở sa bàn cho kịch bản. Hồ sơ sẽ đến theo đồng hồ mô phỏng."),
            )
            return redirect("portal:inbox", sandbox=attempt.sandbox_id)
    spec = scenario.current.spec
    items = spec["rubric"]["items"]
    return render(
        request,
        "scenarios/start.html",
        {
            "scenario": scenario,
            "spec": spec,
            "running": running,
            "items": zip(labels_of(items), items, strict=True),
            "duration": parse_span(spec.get("duration", DEFAULT_DURATION)).describe(),
            "dossier_count": len(spec["dossiers"]),
        },
    )


def _notices(attempt):
    return [
        e
        for e in events_for(attempt.sandbox, attempt=attempt)
        if e["action"] in ("scenario.inject_fired", "scenario.dossier_arrived")
    ]


@login_required
def attempt_page(request, pk):
    attempt = attempt_for(request, pk)
    if not attempt.is_running:
        return redirect("scenarios:result", pk=attempt.pk)
    links = AttemptDossier.objects.filter(attempt=attempt).select_related("dossier")
    return render(
        request,
        "scenarios/attempt.html",
        {
            "attempt": attempt,
            "sandbox": attempt.sandbox,
            "now": attempt.sandbox.now(),
            "notices": _notices(attempt),
            "links": links,
            "controls": actions.may_control_clock(attempt, request.user),
            "spec": attempt.version.spec,
        },
    )


@login_required
@require_POST
def finish(request, pk):
    attempt = attempt_for(request, pk)
    if attempt.is_running:
        if attempt.user_id != request.user.pk and not actions.may_control_clock(
            attempt, request.user
        ):
            raise Http404
        actions.finish_attempt(attempt, actor=request.user)
        messages.success(request, _("Đã nộp bài. Kết quả chấm ở dưới đây."))
    return redirect("scenarios:result", pk=attempt.pk)


CLOCK_STEPS = {
    "15": timedelta(minutes=15),
    "60": timedelta(hours=1),
    "240": timedelta(hours=4),
}


@login_required
@require_POST
def clock(request, pk):
    attempt = attempt_for(request, pk)
    step = request.POST.get("step", "")
    try:
        if step == "toggle":
            actions.toggle_attempt_clock(attempt, actor=request.user)
        else:
            delta = CLOCK_STEPS.get(step) or actions.until_next_morning(
                attempt.sandbox.now()
            )
            actions.advance_attempt_clock(attempt, delta, actor=request.user)
    except actions.AttemptError as error:
        messages.error(request, str(error))
    return redirect("scenarios:attempt", pk=attempt.pk)


def _certificate_outlook(attempt):
    """What the certificates' issuing rules make of this attempt; None if no rule applies."""
    if not apps.is_installed("certificates"):
        return None
    from certificates.outlook import outlook_for

    return outlook_for("scenario", attempt)


@login_required
def result(request, pk):
    attempt = attempt_for(request, pk)
    if attempt.is_running:
        return redirect("scenarios:attempt", pk=attempt.pk)
    return render(
        request,
        "scenarios/result.html",
        {
            "attempt": attempt,
            "score": attempt.score or {},
            "timeline": timeline_rows(events_for(attempt.sandbox, attempt=attempt)),
            "certificate": _certificate_outlook(attempt),
        },
    )
