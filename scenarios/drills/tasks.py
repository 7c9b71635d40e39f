"""Long work of drills, run by the task worker (immediately in tests)."""

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def prepare_drill_teams(drill_id: int, actor_id: int | None) -> int:
    """Open every team sandbox of the drill (opening the lobby asks for it)."""
    from scenarios.drills import actions
    from scenarios.drills.models import Drill

    drill = Drill.objects.filter(pk=drill_id).first()
    if drill is None or drill.status == Drill.Status.ENDED:
        return 0
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return actions.prepare_teams(drill, actor=actor)
