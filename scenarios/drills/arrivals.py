"""The arrival curve of a demand surge: a Poisson process whose rate ramps up, then decays.

After a system switch, demand that waited floods in: the rate rises linearly to a peak at
`peak_share` of the window, then falls exponentially (to about 5 % of the peak by the end).
Given the number of arrivals, the times of a Poisson process are independent draws from its
normalised rate, so we draw `count` of them by inverting the rate's integral.
"""

import math
import random


def _shape(window: float, peak_share: float) -> tuple[float, float, float]:
    ramp = max(1e-9, window * peak_share)
    decay = max(1e-9, (window - ramp) / 3)  # e^-3 ≈ 5 % of the peak at the end
    rise_mass = ramp / 2
    fall_mass = decay * (1 - math.exp(-(window - ramp) / decay)) if window > ramp else 0
    return ramp, decay, rise_mass + fall_mass


def offset_for(u: float, window: float, peak_share: float = 0.25) -> float:
    """The arrival offset (seconds into the window) at cumulative share `u` in [0, 1)."""
    ramp, decay, total = _shape(window, peak_share)
    mass = u * total
    if mass <= ramp / 2:
        return math.sqrt(2 * mass * ramp)
    rest = mass - ramp / 2
    return min(window, ramp - decay * math.log(max(1e-12, 1 - rest / decay)))


def surge_offsets(
    count: int, window: float, *, seed: int | str, peak_share: float = 0.25
) -> list[float]:
    """`count` arrival offsets in seconds within [0, window], sorted, reproducible by seed."""
    if count <= 0 or window <= 0:
        return [0.0] * max(0, count)
    rng = random.Random(f"surge:{seed}")
    return sorted(offset_for(rng.random(), window, peak_share) for _ in range(count))


def rate_at(t: float, window: float, peak_share: float = 0.25) -> float:
    """The relative arrival rate at `t` (1.0 at the peak); for charts and tests."""
    ramp, decay, _total = _shape(window, peak_share)
    if t < 0 or t > window:
        return 0.0
    return t / ramp if t < ramp else math.exp(-(t - ramp) / decay)
