"""What every scenario page needs: the attempt the user may see, with its clock checked."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from fake_portal.simulation import tick_for_page
from scenarios import actions
from scenarios.models import Attempt

AUTHOR = "sandbox.author_scenarios"


def may_see(user, attempt) -> bool:
    return (
        attempt.user_id == user.pk
        or user.has_perm(AUTHOR)
        or attempt.sandbox.has_member(user)
    )


def attempt_for(request, pk) -> Attempt:
    """The attempt if the user may see it (404 otherwise), simulated work done, time checked."""
    attempt = get_object_or_404(
        Attempt.objects.select_related(
            "version__scenario",
            "sandbox__commune",
            "user__profile",
            "session__trainer__profile",
        ),
        pk=pk,
    )
    if not may_see(request.user, attempt):
        raise Http404
    if attempt.is_running:
        tick_for_page(attempt.sandbox)
        attempt.refresh_from_db()
        attempt = actions.check_time(attempt)
    return attempt


__all__ = ["attempt_for", "login_required", "may_see"]
