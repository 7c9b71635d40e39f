"""The benchmark's own instruments: the naive baseline and the memory sampler."""

import gc
import io
import json
import os
import sys
import threading
import time

from django.core.management import call_command

from fake_portal.population import bench, native
from fake_portal.population.loader import world_spec
from fake_portal.population.models import Citizen, CivilStatusRecord, Household
from sandbox.models import World
from tests.population.conftest import digest_of


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


def test_the_generator_worker_reports_its_cpu_and_the_worlds_digest(db):
    """bench_population compares two of these, compiled and from the sources."""
    out = io.StringIO()
    call_command(
        "bench_population",
        worker="generator",
        generator_citizens=1_500,
        province=37,
        stdout=out,
    )
    line = next(x for x in out.getvalue().splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    recipe = World(province_id=37, seed=1, citizens=1_500)
    assert result["digest"] == digest_of(world_spec(recipe))
    assert result["compiled"] is native.is_compiled()
    assert result["cpu"] > 0


def test_a_busy_generator_worker_reports_then_works_on_until_told_to_stop(db):
    """Side by side, the faster worker must not leave the slower one a quiet machine."""
    read, write = os.pipe()
    out = io.StringIO()
    stdin = sys.stdin
    sys.stdin = os.fdopen(read)
    worker = threading.Thread(
        target=call_command,
        args=("bench_population",),
        kwargs={
            "worker": "generator",
            "keep_busy": True,
            "generator_citizens": 1_500,
            "province": 37,
            "stdout": out,
        },
    )
    try:
        worker.start()
        deadline = time.monotonic() + 60
        while "RESULT " not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        assert worker.is_alive(), "stopped before it was told to"
        os.close(write)  # "stop now"
        worker.join(timeout=60)
    finally:
        sys.stdin = stdin
    assert not worker.is_alive()
    assert gc.isenabled()
    lines = [x for x in out.getvalue().splitlines() if x.startswith("RESULT ")]
    assert len(lines) == 1
    result = json.loads(lines[0].removeprefix("RESULT "))
    recipe = World(province_id=37, seed=1, citizens=1_500)
    assert result["digest"] == digest_of(world_spec(recipe))
