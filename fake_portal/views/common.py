"""What every sandbox page needs: the sandbox the user may enter, with its actors' work done."""

from django.db.models import Q
from django.http import Http404

from fake_portal.simulation import tick
from sandbox.models import Sandbox


def user_sandboxes(user):
    return Sandbox.objects.filter(Q(owner=user) | Q(seats__user=user)).distinct()


def sandbox_for(request, pk):
    """The sandbox `pk` if the user owns it or holds a seat in it; 404 otherwise (no leaks)."""
    sandbox = (
        user_sandboxes(request.user)
        .select_related("world", "commune__province")
        .filter(pk=pk)
        .first()
    )
    if sandbox is None:
        raise Http404
    tick(sandbox)
    return sandbox
