"""Background jobs of the population app (Django's task API; worker: manage.py db_worker)."""

from django_tasks import task

from fake_portal.population import actions
from fake_portal.population.loader import GenerationError


@task()
def generate_world_task(world_id: int) -> str:
    """Generate a pending or failed world; the world row carries progress and errors."""
    from sandbox.models import World

    world = World.objects.get(pk=world_id)
    try:
        return actions.generate_world(world)
    except GenerationError as exc:
        # A world already ready or running: nothing to do; a load error is on the row.
        return str(exc)
