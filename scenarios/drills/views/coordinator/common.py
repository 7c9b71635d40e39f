"""What the coordinator's pages share: who may run drills, which drill, and the answer to a
posted command (a message, then back to the control room)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from scenarios.drills import actions
from scenarios.drills.models import Drill
from scenarios.drills.permissions import may_control, may_run_drills


def coordinator_province(request):
    profile = getattr(request.user, "profile", None)
    if profile is None or not may_run_drills(request.user, profile.province):
        raise PermissionDenied(_("Chỉ điều phối viên cấp tỉnh mới tổ chức diễn tập."))
    return profile.province


def controlled_drill(request, pk) -> Drill:
    drill = get_object_or_404(Drill.objects.select_related("province", "world"), pk=pk)
    if not may_control(request.user, drill):
        raise PermissionDenied(_("Bạn không điều phối buổi diễn tập này."))
    return drill


def control_url(drill, request) -> str:
    """The control room, on the page of the teams table the form was posted from."""
    url = reverse("drills:control", args=[drill.pk])
    page = request.POST.get("trang", "")
    return f"{url}?trang={page}#teams-title" if page.isdigit() else url


def run_action(request, drill, fn, success):
    try:
        fn(drill, actor=request.user)
    except actions.DrillError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(control_url(drill, request))
