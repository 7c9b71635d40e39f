from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from scenarios.drills.admission import admission_time, wave_of
from scenarios.drills.arrivals import rate_at, surge_offsets


@given(st.integers(0, 500), st.floats(1, 100_000), st.integers())
def test_surge_offsets_are_sorted_and_inside_the_window(count, window, seed):
    offsets = surge_offsets(count, window, seed=seed)
    assert len(offsets) == count
    assert offsets == sorted(offsets)
    assert all(0 <= o <= window + 1e-6 for o in offsets)


def test_the_same_seed_gives_the_same_surge():
    assert surge_offsets(50, 3600, seed=7) == surge_offsets(50, 3600, seed=7)
    assert surge_offsets(50, 3600, seed=7) != surge_offsets(50, 3600, seed=8)


def test_the_rate_ramps_up_to_a_peak_then_decays():
    window = 1000
    assert rate_at(0, window) == 0
    assert rate_at(250, window) == 1.0
    assert rate_at(100, window) < rate_at(200, window)
    assert rate_at(900, window) < rate_at(400, window) < 1
    assert rate_at(1000, window) < 0.06


def test_arrivals_follow_the_curve():
    offsets = surge_offsets(4000, 1000, seed=1)
    bins = [sum(1 for o in offsets if i * 100 <= o < (i + 1) * 100) for i in range(10)]
    assert bins.index(max(bins)) in (1, 2, 3)  # the peak is at a quarter of the window
    assert bins[-1] < bins[2] / 5


@given(st.integers(1, 10_000), st.integers(1, 500), st.floats(0.1, 1000))
def test_waves_are_admitted_in_order_at_the_configured_rate(ticket, wave_size, rate):
    start = datetime(2026, 3, 2, tzinfo=UTC)
    moment = admission_time(ticket, started_at=start, wave_size=wave_size, rate=rate)
    assert moment >= start
    later = admission_time(ticket + 1, started_at=start, wave_size=wave_size, rate=rate)
    assert later >= moment
    # No more than `rate` people per second on average: a wave every wave_size / rate s.
    expected = timedelta(seconds=wave_of(ticket, wave_size) * wave_size / rate)
    assert abs((moment - start) - expected) < timedelta(milliseconds=1)
