from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox import actions
from sandbox.clock import ClockState
from sandbox.models import World

T0 = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)

speeds = st.floats(min_value=0.01, max_value=10_000, allow_nan=False)
gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))


@given(speed=speeds, gap=gaps)
def test_running_clock_advances_speed_times_wall_time(speed, gap):
    clock = ClockState(T0, T0, speed)
    assert abs((clock.now(T0 + gap) - T0) - gap * speed) < timedelta(milliseconds=1)


@given(gap=gaps)
def test_paused_clock_stands_still(gap):
    assert ClockState(T0, T0, 60, paused=True).now(T0 + gap) == T0


@given(speed=speeds, new_speed=speeds, gap=gaps)
def test_rebasing_never_makes_time_jump(speed, new_speed, gap):
    clock = ClockState(T0, T0, speed)
    wall = T0 + gap
    assert clock.rebased(wall, speed=new_speed).now(wall) == clock.now(wall)
    assert clock.rebased(wall, paused=True).now(wall + gap) == clock.now(wall)


@given(speed=speeds, gap=gaps)
def test_wall_time_of_inverts_now(speed, gap):
    clock = ClockState(T0, T0, speed)
    target = T0 + gap
    # Wall time is kept to the microsecond, so the round trip is exact to `speed` microseconds.
    tolerance = timedelta(microseconds=speed + 1)
    assert abs(clock.now(clock.wall_time_of(target)) - target) <= tolerance


@pytest.fixture
def world(province):
    return World.objects.create(
        name="Thử nghiệm", province=province, seed=1, citizens=10
    )


def test_pause_and_resume_record_events_and_freeze_time(
    world, home_commune, commune_officer
):
    sandbox = actions.open_sandbox(
        world=world,
        commune=home_commune,
        kind="practice",
        owner=commune_officer,
        start=T0,
        speed=60,
    )
    sandbox = actions.pause_clock(sandbox, actor=commune_officer)
    frozen = sandbox.now()
    assert sandbox.paused and sandbox.now() == frozen
    sandbox = actions.resume_clock(sandbox, actor=commune_officer)
    assert sandbox.now() >= frozen
    sandbox = actions.set_clock_speed(sandbox, 120, actor=commune_officer)
    assert sandbox.speed == 120
    assert list(sandbox.events.values_list("action", flat=True)) == [
        "sandbox.opened",
        "sandbox.clock_paused",
        "sandbox.clock_resumed",
        "sandbox.clock_speed_changed",
    ]


def test_speed_must_be_positive(world, home_commune):
    sandbox = actions.open_sandbox(world=world, commune=home_commune, kind="practice")
    with pytest.raises(ValueError):
        actions.set_clock_speed(sandbox, 0, actor=None)
    assert sandbox.events.count() == 1


def test_closing_twice_records_one_event(world, home_commune):
    sandbox = actions.open_sandbox(world=world, commune=home_commune, kind="practice")
    actions.close_sandbox(sandbox, actor=None)
    actions.close_sandbox(sandbox, actor=None)
    assert sandbox.events.filter(action="sandbox.closed").count() == 1
