"""The control room: the live dashboard, the commands' forms and the teams table."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sandbox.models import Profile, Role
from scenarios.drills import actions
from scenarios.drills.broadcast import encode
from scenarios.drills.dashboard import compute
from scenarios.drills.forms import (
    AnnouncementForm,
    AssignForm,
    CohortForm,
    InjectForm,
    SurgeForm,
    TeamForm,
)
from scenarios.drills.views.coordinator.common import controlled_drill
from scenarios.drills.views.coordinator.lobby import lobby_context

TEAMS_PER_PAGE = 20  # each team carries its members and a form


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


@login_required
def drill_control(request, pk):
    drill = controlled_drill(request, pk)
    prepared, total = actions.prepared_counts(drill)
    return render(
        request,
        "drills/drill_control.html",
        {
            **lobby_context(drill),
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


@login_required
def drill_state(request, pk):
    """The dashboard state as JSON: what the socket sends, for a page without WebSocket."""
    drill = controlled_drill(request, pk)
    return HttpResponse(encode(compute(drill)), content_type="application/json")
