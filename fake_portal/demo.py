"""The mock portal's demo content: the demo province's world, ready for free practice."""

DEMO_CITIZENS = 5_000
DEMO_SEED = 2025


def seed_world(province, stdout) -> None:
    from fake_portal.population.demo import ensure_demo_world

    world = ensure_demo_world(province, citizens=DEMO_CITIZENS, seed=DEMO_SEED)
    stdout.write(
        f"Thế giới mô phỏng: {world.name} ({world.get_status_display()}, {world.citizens:,} công dân)."
    )
