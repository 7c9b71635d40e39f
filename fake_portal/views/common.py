"""What every sandbox page needs: the sandbox the user may enter, with its actors' work done."""

from django.db.models import Q
from django.http import Http404

from fake_portal.actions._core import remember_positions
from fake_portal.models import Seat
from fake_portal.simulation import tick_for_page
from sandbox.models import Sandbox
from sandbox.queries import CompiledQuery

PAGE_RELATED = ("world", "commune__province")
_SEATS = {}


def seats_query(related=PAGE_RELATED) -> CompiledQuery:
    """The user's seats in a sandbox, with the sandbox and the `related` rows beside it:
    what every sandbox page and action reads first, compiled once per `related`
    (sandbox/queries.py)."""
    query = _SEATS.get(related)
    if query is None:
        query = _SEATS.setdefault(
            related,
            CompiledQuery(
                lambda sandbox, user: Seat.objects.filter(
                    sandbox_id=sandbox, user_id=user
                ).select_related("sandbox", *(f"sandbox__{name}" for name in related)),
                sandbox=int,
                user=int,
            ),
        )
    return query


def user_sandboxes(user):
    return Sandbox.objects.filter(Q(owner=user) | Q(seats__user=user)).distinct()


def sandbox_for(request, pk, related=PAGE_RELATED):
    """The sandbox `pk` if the user holds a seat in it or owns it; 404 otherwise (no leaks).

    One query for a seat holder: the seats bring the sandbox (and `related`, the rows pages
    show beside it; an action that shows nothing passes ()), and the positions they give
    are remembered on it for the request, so permission checks ask nothing more.
    """
    seats = seats_query(tuple(related)).all(sandbox=pk, user=request.user.pk)
    if seats:
        sandbox = seats[0].sandbox
    else:
        owned = Sandbox.objects.filter(pk=pk, owner=request.user)
        if related:  # select_related() without names would follow every foreign key
            owned = owned.select_related(*related)
        sandbox = owned.first()
        if sandbox is None:
            raise Http404
    remember_positions(sandbox, request.user, {seat.position for seat in seats})
    tick_for_page(sandbox)
    return sandbox
