"""What every sandbox page needs: the sandbox the user may enter, with its actors' work done."""

from django.db.models import Q
from django.http import Http404

from fake_portal.simulation import tick
from sandbox.models import Sandbox


def user_sandboxes(user):
    return Sandbox.objects.filter(Q(owner=user) | Q(seats__user=user)).distinct()


def sandbox_for(request, pk, related=("world", "commune__province")):
    """The sandbox `pk` if the user owns it or holds a seat in it; 404 otherwise (no leaks).

    `related` are the rows pages show beside it; an action that shows nothing passes ().
    """
    sandboxes = user_sandboxes(request.user).filter(pk=pk)
    if related:  # select_related() without names would follow every foreign key
        sandboxes = sandboxes.select_related(*related)
    sandbox = sandboxes.first()
    if sandbox is None:
        raise Http404
    tick(sandbox)
    return sandbox
