"""The participant's pages: the lobby (a ticket, then a wave), the drill page, the state."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from scenarios.drills import actions
from scenarios.drills.models import Drill, DrillInject, DrillParticipant
from scenarios.drills.permissions import participant_of


def _seat(request, pk) -> DrillParticipant:
    drill = get_object_or_404(Drill, pk=pk)
    participant = participant_of(request.user, drill)
    if participant is None:
        raise Http404  # another drill's participants learn nothing about this one
    participant.drill = drill
    return participant


def _epoch(moment):
    return moment.timestamp() if moment else None


def _injects(participant) -> list[dict]:
    injects = DrillInject.objects.filter(
        drill_id=participant.drill_id
    ).prefetch_related("teams")[:20]
    shown = []
    for inject in injects:
        targets = {t.pk for t in inject.teams.all()}
        if targets and participant.team_id not in targets:
            continue
        shown.append(
            {
                "id": inject.pk,
                "kind": inject.kind,
                "label": str(inject.get_kind_display()),
                "message": inject.message,
                "at": inject.fired_at,
            }
        )
    return shown[:10]


def state_for(participant_id: int) -> dict:
    """Everything a participant's page shows, read afresh (sent on every socket connect)."""
    participant = DrillParticipant.objects.select_related(
        "drill", "team__commune", "team__sandbox"
    ).get(pk=participant_id)
    drill, sandbox = participant.drill, participant.team.sandbox
    admission = actions.admission_of(participant, drill)
    return {
        "type": "state",
        "drill": drill.pk,
        "status": drill.status,
        "label": str(drill.get_status_display()),
        "ticket": participant.ticket,
        "wave": actions.wave(participant, drill),
        "admit_at": _epoch(admission),
        "admitted": participant.admitted_at is not None,
        "interval": drill.wave_interval,
        "team": participant.team_id,
        "commune": participant.team.commune.name,
        "sandbox": sandbox.pk if sandbox else None,
        "sim_now": sandbox.now() if sandbox else None,
        "paused": sandbox.paused if sandbox else None,
        "announcements": [
            {"id": a.pk, "message": a.message, "at": a.created_at}
            for a in drill.announcements.all()[:10]
        ],
        "injects": _injects(participant),
    }


def feed_of(state: dict) -> list[dict]:
    """The state's announcements and injects as one list, newest first, each with the key
    the page's script uses so that a notice the page already shows is not added again."""
    items = [
        {
            "key": f"a{a['id']}",
            "at": a["at"],
            "text": a["message"],
            "kind": "announcement",
        }
        for a in state["announcements"]
    ] + [
        {
            "key": f"i{i['id']}",
            "at": i["at"],
            "text": f"{i['label']}: {i['message']}" if i["message"] else i["label"],
            "kind": "inject",
        }
        for i in state["injects"]
    ]
    return sorted(items, key=lambda item: item["at"], reverse=True)


def _result(participant):
    result = participant.team.result or {}
    mine = (result.get("members") or {}).get(str(participant.pk))
    return result, mine


@login_required
def join(request, pk):
    participant = _seat(request, pk)
    drill = participant.drill
    if drill.status not in (Drill.Status.SCHEDULED, Drill.Status.ENDED):
        try:
            participant = actions.enter_lobby(participant)
        except actions.DrillError as error:
            messages.error(request, error.message)
    result, mine = _result(participant)
    state = state_for(participant.pk)
    return render(
        request,
        "drills/participant_lobby.html",
        {
            "drill": drill,
            "participant": participant,
            "state": state,
            "feed": feed_of(state),
            "play_url": reverse("drills:play", args=[drill.pk]),
            "result": result,
            "mine": mine,
        },
    )


@login_required
def play(request, pk):
    participant = _seat(request, pk)
    if participant.drill.status == Drill.Status.ENDED:
        return redirect("drills:join", pk=pk)  # where the results are
    try:
        participant = actions.admit(participant)
    except actions.NotAdmittedYet as error:
        messages.info(request, error.message)
        return redirect("drills:join", pk=pk)
    except actions.DrillError as error:
        messages.error(request, error.message)
        return redirect("drills:join", pk=pk)
    sandbox = participant.team.sandbox
    if sandbox is None:
        messages.error(request, _("Sa bàn của đội chưa sẵn sàng; xin chờ giây lát."))
        return redirect("drills:join", pk=pk)
    state = state_for(participant.pk)
    return render(
        request,
        "drills/participant_play.html",
        {
            "drill": participant.drill,
            "participant": participant,
            "sandbox": sandbox,
            "state": state,
            "feed": feed_of(state),
            "inbox_url": reverse("portal:inbox", kwargs={"sandbox": sandbox.pk}),
        },
    )


@login_required
def state(request, pk):
    participant = _seat(request, pk)
    return JsonResponse(state_for(participant.pk))
