"""The demo world the lead's seed_demo needs (idempotent)."""

from django.utils.translation import gettext as _

from fake_portal.population import actions


def ensure_demo_world(province, citizens: int = 5000, seed: int = 2025):
    """Return the ready world (province, citizens, seed), generating it if missing."""
    from sandbox.models import World

    code = getattr(province, "pk", province)
    world = World.objects.filter(province_id=code, citizens=citizens, seed=seed).first()
    if world is None:
        world = actions.create_world(
            province_code=code,
            citizens=citizens,
            seed=seed,
            name=_("Thế giới minh họa – %(citizens)s công dân")
            % {"citizens": citizens},
        )
    if world.status in (World.Status.PENDING, World.Status.FAILED):
        actions.generate_world(world)
        world.refresh_from_db()
    return world
