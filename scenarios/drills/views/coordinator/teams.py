"""Teams and members from the control room: add a commune's team, a whole group of
officials, or one official to a team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenarios.drills import actions
from scenarios.drills.forms import AssignForm, CohortForm, TeamForm
from scenarios.drills.models import DrillTeam
from scenarios.drills.views.coordinator.common import (
    control_url,
    controlled_drill,
    run_action,
)


def _add_chosen(request, pk, form_class, field, add, invalid, done):
    """Add the province unit or group chosen in `form_class`'s `field` with `add`."""
    drill = controlled_drill(request, pk)
    form = form_class(request.POST, province=drill.province)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("drills:control", pk=drill.pk)
    chosen = form.cleaned_data[field]
    return run_action(
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
        return redirect(control_url(drill, request))
    user = form.users[form.cleaned_data["user"]]
    positions = form.cleaned_data["positions"]
    return run_action(
        request,
        drill,
        lambda d, actor: actions.assign_participant(team, user, positions, actor=actor),
        _("Đã đưa cán bộ vào đội."),
    )
