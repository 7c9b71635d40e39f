"""The benchmark's own instruments: the naive baseline and the memory sampler."""

import time

from fake_portal.population import bench
from fake_portal.population.models import Citizen, CivilStatusRecord, Household
from sandbox.models import World


def test_the_naive_baseline_runs_twice_in_one_database(db):
    """bench_population runs it just before and just after the load it is compared to."""
    first = bench.naive(30, 37, seed=1)
    second = bench.naive(25, 37, seed=2)
    assert first.wall > 0 and second.wall > 0
    worlds = World.objects.filter(name__startswith="naive").order_by("seed")
    assert [w.citizens for w in worlds] == [30, 25]
    for world in worlds:
        people = Citizen.objects.filter(world=world)
        assert people.count() == world.citizens
        assert CivilStatusRecord.objects.filter(subject__world=world).count() == (
            world.citizens
        )
        households = Household.objects.filter(world=world)
        assert sum(households.values_list("size", flat=True)) == world.citizens
        assert not households.filter(head__isnull=True).exists()


def test_the_memory_sampler_samples_until_it_is_stopped():
    with bench.PeakMemory(interval=0.01) as memory:
        ballast = bytearray(64 * 1024 * 1024)
        ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page
        time.sleep(0.3)
    assert memory.peak_mb >= 64
    assert not memory.is_alive()
    del ballast
