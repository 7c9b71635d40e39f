"""The lobby before the start: who has come in, and which teams are not ready yet."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from scenarios.drills.attendance import attendance, live_texts
from scenarios.drills.dashboard import compute
from scenarios.drills.forms import StartForm
from scenarios.drills.models import Drill
from scenarios.drills.views.coordinator.common import controlled_drill

PARTICIPANTS_PER_PAGE = 50  # a province drill has thousands


def lobby_context(drill) -> dict:
    """Who is in the lobby, and the start form, while the lobby is open (with the words
    the page redraws the teams not ready in, from the live dashboard's readings)."""
    if drill.status != Drill.Status.LOBBY:
        return {}
    roll = attendance(drill)
    return {
        "attendance": roll,
        "attendance_texts": live_texts(),
        "start_form": StartForm(drill=drill, not_ready=roll.not_ready, prefix="start"),
    }


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
            **lobby_context(drill),
            "drill": drill,
            "participants": page,
            "state": compute(drill),
        },
    )
