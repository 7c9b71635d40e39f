"""The drills panel of the dashboard: a trainee's drills, or a coordinator's province drills."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sandbox.models import Role, Sandbox
from scenarios.drills.models import Drill, DrillTeam
from scenarios.drills.permissions import may_run_drills


def _trainee_links(user):
    drills = Drill.objects.for_participant(user).order_by("-start_at")[:5]
    return [
        (
            reverse("drills:join", args=[d.pk]),
            _("%(title)s – %(status)s")
            % {"title": d.title, "status": d.get_status_display()},
        )
        for d in drills
    ]


def _coordinator_links(user, profile):
    drills = Drill.objects.in_province(profile.province).order_by("-start_at")[:5]
    links = [
        (
            reverse("drills:control", args=[d.pk]),
            _("%(title)s – %(status)s")
            % {"title": d.title, "status": d.get_status_display()},
        )
        for d in drills
    ]
    links.append((reverse("drills:schedule"), _("Lên lịch buổi diễn tập mới")))
    links.append((reverse("drills:list"), _("Tất cả buổi diễn tập")))
    return links


def drills_panel(user, profile, panel):
    if profile.role == Role.TRAINEE:
        panel.links = _trainee_links(user)
    elif may_run_drills(user, profile.province):
        panel.links = _coordinator_links(user, profile)
    return panel


def drill_link(sandbox, user):
    """The drill page of the team `sandbox` was opened for (see sandbox.purpose): the
    control room for those who run the drill, the participant's page for the others."""
    if sandbox.kind != Sandbox.Kind.DRILL_TEAM:
        return None
    team = (
        DrillTeam.objects.filter(sandbox=sandbox)
        .select_related("drill__province")
        .first()
    )
    if team is None:
        return None
    drill = team.drill
    label = _("Buổi diễn tập “%(title)s”") % {"title": drill.title}
    if may_run_drills(user, drill.province):
        return label, reverse("drills:control", args=[drill.pk])
    return label, reverse("drills:play", args=[drill.pk])
