from fake_portal.population.demo import ensure_demo_world
from sandbox.models import World


def test_demo_world_is_generated_once(db):
    world = ensure_demo_world(37, citizens=120, seed=2025)
    assert world.status == World.Status.READY and world.progress == 120
    again = ensure_demo_world(world.province, citizens=120, seed=2025)
    assert again.pk == world.pk and again.digest == world.digest
    assert World.objects.filter(province_id=37, citizens=120, seed=2025).count() == 1
