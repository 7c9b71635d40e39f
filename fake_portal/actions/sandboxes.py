"""Opening portal sandboxes and seating their players."""

from django.db import transaction
from django.utils import timezone

from fake_portal.deadlines import next_opening
from fake_portal.models import Seat
from fake_portal.workflow import OFFICIAL_POSITIONS
from sandbox import actions as core
from sandbox.models import Sandbox, World


def take_seats(sandbox: Sandbox, user, positions) -> None:
    """Give `user` these positions in `sandbox` (idempotent)."""
    for position in positions:
        Seat.objects.get_or_create(sandbox=sandbox, user=user, position=position)
    getattr(sandbox, "_positions", {}).pop(user.pk, None)  # read afresh next time


@transaction.atomic
def open_practice_sandbox(
    *, user, world: World, speed: float = 60.0, start=None
) -> Sandbox:
    """A personal sandbox for the user's commune in which they hold every position."""
    sandbox = core.open_sandbox(
        world=world,
        commune=user.profile.commune,
        kind=Sandbox.Kind.PRACTICE,
        owner=user,
        speed=speed,
        start=start or next_opening(timezone.now()),
        actor=user,
    )
    take_seats(sandbox, user, sorted(OFFICIAL_POSITIONS))
    return sandbox
