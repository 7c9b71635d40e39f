"""The coordinator's drill list and the form that schedules a drill with its teams."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sandbox.models import Profile, Role
from scenarios.drills import actions, integration
from scenarios.drills.actions.teams import default_positions
from scenarios.drills.forms import ScheduleForm
from scenarios.drills.models import Drill
from scenarios.drills.views.coordinator.common import coordinator_province


@login_required
def drill_list(request):
    province = coordinator_province(request)
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
    province = coordinator_province(request)
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
